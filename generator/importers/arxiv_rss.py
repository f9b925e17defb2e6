"""arXiv announcement feeds (``rss.arxiv.org/rss/cs.CL`` and ``/atom/cs.CL``) as entries.

Each item's description is ``arXiv:2609.26811v1 Announce Type: new`` followed by
``Abstract: ...``; authors are one comma-separated ``dc:creator``. The item date is
the announcement date, so it is kept as ``published`` only for new papers (announce
type ``new``), never for replacements or cross-lists of old papers.

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
    Found,
    Skip,
    Skipped,
    SourceError,
    arxiv_abstract,
    one_line,
)
from generator.model import arxiv_base, normalise_arxiv

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
_ABSTRACT = re.compile(r"^.*?\bAbstract:\s*", re.S)


def _authors(text: str) -> list[str]:
    names = re.split(r",\s*|\s+and\s+", one_line(text))
    return [n for n in names if n]


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
        raise Skip("no arXiv link")
    abstract = _ABSTRACT.sub("", summary, count=1) if "Abstract:" in summary else summary
    new = (kind or "new").strip() == "new"
    when = _date(announced)
    if not one_line(title):
        raise Skip("no title")
    return {
        "title": one_line(title),
        "arxiv": arxiv_base(arxiv),
        "authors": _authors(creator),
        "published": when if new else None,
        "abstract": arxiv_abstract(abstract),
    }


def parse_rss(data: bytes | str, source: str = "arXiv feed") -> Found:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise SourceError(f"{source}: not well-formed XML ({exc})") from None
    found = Found()
    if root.tag == "rss":
        items = [(
            _text(item, "title"), _text(item, "link"), _text(item, "guid"),
            _text(item, "description"), _text(item, "pubDate"),
            _text(item, f"{ARXIV}announce_type"), _text(item, f"{DC}creator"))
            for item in root.iter("item")]
    elif root.tag == f"{ATOM}feed":
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
    for index, item in enumerate(items, start=1):
        try:
            found.append(_item(*item))
        except Skip as exc:
            title = one_line(item[0])
            named = f" ({title[:60]!r})" if title else ""
            found.skipped.append(Skipped(f"{source}: item {index}{named}", str(exc)))
    return found
