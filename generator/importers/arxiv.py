"""Import: arXiv API responses (Atom, ``export.arxiv.org/api/query``) as entry dicts.

Both the 2016 format (namespaces declared on each element, hard-wrapped titles)
and the current one are read by feedparser. The API answers a bad request with
HTTP 400 and an Atom feed holding one entry titled ``Error``: that becomes a
``SourceError`` with arXiv's own message.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any
from urllib.parse import urlencode

import feedparser

from generator.importers.common import (
    DOI,
    NO_ARXIV,
    NO_TITLE,
    WHERE,
    Found,
    Skipped,
    SourceError,
    abstract,
    check_feed,
    one_line,
    plain,
    repair_mojibake,
)
from generator.importers.hf_page import code_link
from generator.load.model import ARXIV_RE, arxiv_base, http_url

API_URL = "https://export.arxiv.org/api/query"
#: arXiv asks for at most 2000 results per request; a reading list needs far fewer.
MAX_RESULTS = 100
_ABS_ID = re.compile(r"arxiv\.org/abs/(.+)$")
_PROJECT = re.compile(r"project\s*page\s*:?\s*(https?://\S+)", re.I)


def query_url(ids: Sequence[str] = (), query: str | None = None,
              max_results: int = MAX_RESULTS) -> str:
    """The API request for an id list or a search query, newest submissions first."""
    params: dict[str, str | int] = {"start": 0, "max_results": max_results}
    if query:
        params["search_query"] = query
        params["sortBy"] = "submittedDate"
        params["sortOrder"] = "descending"
    if ids:
        params["id_list"] = ",".join(ids)
    return f"{API_URL}?{urlencode(params)}"


def _date(struct: Any) -> date | None:
    return date(struct.tm_year, struct.tm_mon, struct.tm_mday) if struct else None


def _project_link(comment: str) -> str | None:
    match = _PROJECT.search(comment)
    return http_url(match.group(1).rstrip(".,;:)")) if match else None


def parse_atom(data: bytes | str, source: str = "arXiv response") -> Found:
    """Entries of an API response; raises ``SourceError`` for an error answer or bad XML."""
    parsed = feedparser.parse(data)
    check_feed(parsed, source)
    if parsed.get("version", "") != "atom10" and not parsed.entries:
        raise SourceError(f"{source}: not an arXiv API response (expected an Atom feed)")
    found = Found()
    for index, item in enumerate(parsed.entries, start=1):
        entry_id = str(item.get("id", ""))
        api_author = any(a.get("name") == "arXiv api core" for a in item.get("authors", []))
        if "/api/errors" in entry_id or (api_author and one_line(item.get("title")) == "Error"):
            raise SourceError(f"{source}: arXiv API error: {one_line(item.get('summary'))}")
        match = _ABS_ID.search(entry_id)
        arxiv = match.group(1) if match else ""
        title = plain(item.get("title"))
        if not ARXIV_RE.fullmatch(arxiv) or not title:
            why, kind = ("no arXiv id", NO_ARXIV) if title else ("no title", NO_TITLE)
            found.skipped.append(Skipped(f"{source}: entry {index} ({entry_id[:60]!r})", why,
                                         kind))
            continue
        comment = one_line(item.get("arxiv_comment"))
        links = {"code": code_link(comment), "project": _project_link(comment)}
        doi = one_line(item.get("arxiv_doi")).lower()
        found.append({
            "title": title,
            "arxiv": arxiv_base(arxiv),
            "authors": [plain(a.get("name")) for a in item.get("authors", []) if a.get("name")],
            "published": _date(item.get("published_parsed")),
            "abstract": abstract(repair_mojibake(str(item.get("summary") or ""))),
            "links": {k: v for k, v in links.items() if v},
            WHERE: f"{source}: entry {index} (arXiv {arxiv_base(arxiv)})",
            DOI: doi if doi.startswith("10.") else None,
        })
    return found
