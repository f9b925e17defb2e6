"""Import: a Hugging Face "Daily Papers" page saved as text (the browser's copy of it).

Each paper is: a title line, an abstract line, a byline (``• 6 authors`` or an
organisation), a line with ``·``, and a date with an optional upvote count
(``May 13, 2023 2``).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from generator.importers.common import WHERE, Found, Skipped, abstract, plain

_DATE_RE = re.compile(r"^\s*([A-Z][a-z]{2}) (\d{1,2}), (\d{4})(?:\s+(\d+))?\s*$")
_AUTHORS_RE = re.compile(r"^\W*(\d+)\s+authors?\s*$")
_GITHUB_RE = re.compile(r"https?://github\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")


class PageFormatError(ValueError):
    pass


def code_link(text: str) -> str | None:
    """The first GitHub repository an abstract names, without trailing punctuation."""
    match = _GITHUB_RE.search(text)
    if not match:
        return None
    return match.group(0).rstrip(".,;:)").removesuffix(".git")


def parse_page(text: str, source: str = "page") -> Found:
    lines = text.replace("\r\n", "\n").split("\n")
    found = Found()
    start = 0
    for i, line in enumerate(lines):
        if line.strip() != "·" or i + 1 >= len(lines):
            continue
        date_match = _DATE_RE.match(lines[i + 1])
        if not date_match:
            continue
        block = [n for n in range(start, i - 1) if lines[n].strip()]
        byline = lines[i - 1].strip() if i > 0 else ""
        start = i + 2
        if not block:
            raise PageFormatError(f"{source}:{i + 1}: a date and byline with no title above it")
        at = block[-2] if len(block) >= 2 else block[-1]
        title = plain(lines[at]) or lines[at].strip()
        summary = lines[block[-1]] if len(block) >= 2 else None
        month, day, year, upvotes = date_match.groups()
        try:
            published = datetime.strptime(f"{month} {day} {year}", "%b %d %Y").date()
        except ValueError:
            found.skipped.append(Skipped(f"{source}:{i + 2} ({title[:60]!r})", (
                f"no such date: {lines[i + 1].strip()!r}")))
            continue
        entry: dict[str, Any] = {
            "title": title,
            "published": published,
            "upvotes": int(upvotes) if upvotes else None,
            "abstract": abstract(summary),
            WHERE: f"{source}:{at + 1} ({title[:60]!r})",
        }
        authors = _AUTHORS_RE.match(byline)
        if authors:
            entry["author_count"] = int(authors.group(1))
        elif byline and byline != "·":
            entry["org"] = byline
        link = code_link(summary or "")
        if link:
            entry["links"] = {"code": link}
        found.append(entry)
    if not found and not found.skipped:
        raise PageFormatError(f"{source}: no papers found: expected a Hugging Face papers page "
                              "(title, abstract, '• N authors', '·', 'May 13, 2023')")
    return found
