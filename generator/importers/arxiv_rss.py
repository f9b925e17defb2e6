"""arXiv RSS feeds (``rss.arxiv.org/rss/cs.CL``, the 2024 RSS 2.0 format) as entry dicts.

Each item's description is ``arXiv:2609.26811v1 Announce Type: new`` followed by
``Abstract: ...``; authors are one comma-separated ``dc:creator``. The item date
is the announcement date, so it is kept as ``published`` only for new papers
(announce type ``new``), never for replacements or cross-lists of old papers.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import feedparser

from generator.importers.common import SourceError, check_feed, normalise_arxiv, one_line
from generator.model import arxiv_base

_ABSTRACT = re.compile(r"^.*?\bAbstract:\s*", re.S)


def _authors(text: str) -> list[str]:
    names = re.split(r",\s*|\s+and\s+", one_line(text))
    return [n for n in names if n]


def parse_rss(data: bytes | str, source: str = "arXiv RSS feed") -> list[dict[str, Any]]:
    parsed = feedparser.parse(data)
    check_feed(parsed, source)
    if not str(parsed.get("version", "")).startswith(("rss", "atom")):
        raise SourceError(f"{source}: not an RSS feed")
    entries: list[dict[str, Any]] = []
    for item in parsed.entries:
        arxiv = (normalise_arxiv(str(item.get("link", "")))
                 or normalise_arxiv(str(item.get("id", "")).removeprefix("oai:arXiv.org:")))
        if not arxiv:
            raise SourceError(f"{source}: item {one_line(item.get('title'))!r} has no arXiv link")
        summary = str(item.get("summary", ""))
        abstract = one_line(_ABSTRACT.sub("", summary, count=1)) if "Abstract:" in summary \
            else one_line(summary)
        announced = item.get("published_parsed")
        new = item.get("arxiv_announce_type", "new") == "new"
        entries.append({
            "title": one_line(item.get("title")),
            "arxiv": arxiv_base(arxiv),
            "authors": _authors(str(item.get("author", ""))),
            "published": (date(announced.tm_year, announced.tm_mon, announced.tm_mday)
                          if announced and new else None),
            "abstract": abstract or None,
        })
    return entries
