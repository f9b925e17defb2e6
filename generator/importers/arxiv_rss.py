"""Import: arXiv announcement feeds (``rss.arxiv.org/rss/cs.CL``, ``/atom/cs.CL``) as entries.

Each item's description is ``arXiv:2609.26811v1 Announce Type: new`` followed by
``Abstract: ...``; authors are one comma-separated ``dc:creator``. The item date is
the announcement date, so it is kept as ``published`` only for new papers (announce
type ``new``), never for replacements or cross-lists of old papers.

Authors may carry an affiliation in parentheses (``Riadh Berramdane (IFPEN)``): the
name is the name, and the affiliation becomes ``org`` when every author shares it.

arXiv answers a bad request (``rss/astroph``) with HTTP 200 and a feed with no items, its
message in the channel's title and description: that is a ``SourceError`` with arXiv's
message. A valid feed with no items (no announcements that day) imports nothing, which
is not an error (``Found.nothing_new``).

Read with ElementTree, not feedparser: the feed's texts are plain text, and
feedparser treats an RSS description as HTML (``A&B`` became ``A&amp;B``, and
``<mask>`` vanished as an unknown tag).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from email.utils import parsedate_to_datetime
from typing import Any

from generator.importers.common import (
    NO_ARXIV,
    NO_TITLE,
    WHERE,
    Found,
    Skip,
    Skipped,
    SourceError,
    abstract,
    one_line,
    plain,
)
from generator.load.model import arxiv_base, normalise_arxiv

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
_ABSTRACT = re.compile(r"^.*?\bAbstract:\s*", re.S)


_AND = re.compile(r"\s+and\s+")


def _split(creator: str) -> list[str]:
    """``dc:creator`` split at commas outside parentheses (an affiliation may hold
    commas), and at `` and ``."""
    parts: list[str] = []
    depth = start = 0
    for at, char in enumerate(creator):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif char == "," and depth == 0:
            parts.append(creator[start:at])
            start = at + 1
    parts.append(creator[start:])
    return [name.strip() for part in parts for name in _AND.split(part) if name.strip()]


def _affiliation(author: str) -> tuple[str, str | None]:
    """``Name (Affiliation)`` as the name and the affiliation (``None`` without one)."""
    if not author.endswith(")"):
        return author, None
    depth = 0
    for at in range(len(author) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(author[at], 0)
        if depth == 0:
            return author[:at].strip(), author[at + 1:-1].strip() or None
    return author, None


def _authors(creator: str) -> tuple[list[str], str | None]:
    """The names, and the affiliation when every author has the same one."""
    names: list[str] = []
    affiliations: set[str | None] = set()
    for author in _split(one_line(creator)):
        name, affiliation = _affiliation(author)
        name = plain(name)
        if name:
            names.append(name)
            affiliations.add(plain(affiliation) or None)
    shared = affiliations.pop() if len(affiliations) == 1 else None
    return names, shared


def _text(element: ET.Element, path: str) -> str:
    return element.findtext(path) or ""


def _date(text: str) -> date | None:
    """RFC 822 (RSS) or ISO 8601 (Atom), as the announcement's own calendar day."""
    text = text.strip()
    if not text:
        return None
    try:
        if text[:4].isdigit():
            return date.fromisoformat(text[:10])
        return parsedate_to_datetime(text).date()
    except (ValueError, TypeError, IndexError):
        raise Skip(f"date: expected a date, got {text[:40]!r}") from None


def _item(title: str, link: str, guid: str, summary: str, announced: str, kind: str,
          creator: str) -> dict[str, Any]:
    arxiv = normalise_arxiv(link) or normalise_arxiv(guid.removeprefix("oai:arXiv.org:"))
    if not arxiv:
        raise Skip("no arXiv link", NO_ARXIV)
    summary = _ABSTRACT.sub("", summary, count=1) if "Abstract:" in summary else summary
    new = (kind or "new").strip() == "new"
    when = _date(announced)
    if not plain(title):
        raise Skip("no title", NO_TITLE)
    authors, org = _authors(creator)
    return {
        "title": plain(title),
        "arxiv": arxiv_base(arxiv),
        "authors": authors,
        "org": org,
        "published": when if new else None,
        "abstract": abstract(summary),
    }


def parse_rss(data: bytes | str, source: str = "arXiv feed") -> Found:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise SourceError(f"{source}: not well-formed XML ({exc})") from None
    found = Found()
    channel = root.find("channel")
    if root.tag == "rss":
        heading = (_text(channel, "title"), _text(channel, "description")) \
            if channel is not None else ("", "")
        items = [(
            _text(item, "title"), _text(item, "link"), _text(item, "guid"),
            _text(item, "description"), _text(item, "pubDate"),
            _text(item, f"{ARXIV}announce_type"), _text(item, f"{DC}creator"))
            for item in root.iter("item")]
    elif root.tag == f"{ATOM}feed":
        heading = (_text(root, f"{ATOM}title"), _text(root, f"{ATOM}subtitle"))
        items = []
        for entry in root.iter(f"{ATOM}entry"):
            link = next((element.get("href", "") for element in entry.iter(f"{ATOM}link")
                         if element.get("rel", "alternate") == "alternate"), "")
            items.append((
                _text(entry, f"{ATOM}title"), link, _text(entry, f"{ATOM}id"),
                _text(entry, f"{ATOM}summary"), _text(entry, f"{ATOM}published"),
                _text(entry, f"{ARXIV}announce_type"), _text(entry, f"{DC}creator")))
    else:
        raise SourceError(f"{source}: not an RSS or Atom feed")
    if not items:
        _empty(heading, source, found)
    for index, item in enumerate(items, start=1):
        try:
            made = _item(*item)
        except Skip as exc:
            title = one_line(item[0])
            named = f" ({title[:60]!r})" if title else ""
            found.skipped.append(Skipped(f"{source}: item {index}{named}", str(exc), exc.kind))
            continue
        made[WHERE] = f"{source}: item {index} (arXiv {made['arxiv']})"
        found.append(made)
    return found


#: The title of every feed arXiv serves: ``cs.CL updates on arXiv.org``.
_FEED_TITLE = re.compile(r"\bupdates on arxiv\.org\s*$", re.I)


def _empty(heading: tuple[str, str], source: str, found: Found) -> None:
    """A feed without items: arXiv's error answer (``SourceError`` with its message), or a
    day with nothing announced."""
    title, description = (one_line(part) for part in heading)
    if not _FEED_TITLE.search(title) or re.search(r"\berror\b", title, re.I):
        message = description or title or "a feed with no items and no message"
        raise SourceError(f"{source}: arXiv answered with an error: {message}"
                          + (f" ({title})" if description and title else ""))
    found.nothing_new = f"{source}: {title}: no papers listed (nothing new)"
