"""Import: Hugging Face daily papers (``huggingface.co/api/daily_papers``) as entry dicts.

Keeps what the listing knows beyond arXiv: upvotes, the organisation, the
GitHub repository and the project page (http(s) links only).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from generator.importers.common import (
    NO_TITLE,
    WHERE,
    Found,
    Skip,
    Skipped,
    SourceError,
    abstract,
    json_text,
    load_json,
    one_line,
    plain,
)
from generator.load.model import arxiv_base, http_url, normalise_arxiv

API_URL = "https://huggingface.co/api/daily_papers"


def api_url(day: date | None = None) -> str:
    return f"{API_URL}?date={day.isoformat()}" if day else API_URL


def _date(value: Any, field: str) -> date | None:
    """``2026-05-30T00:00:00.000Z`` -> its date; a date that is not one is a ``Skip``."""
    if value is None:
        return None
    text = json_text(value, field)
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise Skip(f"{field}: expected a date like 2026-05-30, got {text[:40]!r}") from None


def _org(item: dict[str, Any], paper: dict[str, Any]) -> str | None:
    for holder in (paper, item):
        org = holder.get("organization")
        if isinstance(org, dict):
            name = json_text(org.get("fullname") or org.get("name"), "organization")
            if name:
                return name
    return None


def _authors(paper: dict[str, Any]) -> list[str]:
    """Named authors, in order; an author the page hides is not imported."""
    authors = paper.get("authors") or []
    if not isinstance(authors, list):
        raise Skip("authors: expected a list")
    names = []
    for author in authors:
        if not isinstance(author, dict):
            raise Skip("authors: expected objects with a name")
        if author.get("hidden") is True:
            continue
        name = plain(json_text(author.get("name"), "authors: name"))
        if name:
            names.append(name)
    return names


def _entry(item: Any) -> dict[str, Any]:
    paper = item.get("paper") if isinstance(item, dict) else None
    if not isinstance(paper, dict):
        raise Skip("no 'paper' object")
    title = plain(json_text(paper.get("title"), "title") or json_text(item.get("title"), "title"))
    if not title:
        raise Skip("no title", NO_TITLE)
    arxiv = normalise_arxiv(json_text(paper.get("id"), "id") or "")
    upvotes = paper.get("upvotes")
    links = {"code": http_url(paper.get("githubRepo")),
             "project": http_url(paper.get("projectPage"))}
    summary = paper.get("summary") if paper.get("summary") is not None else item.get("summary")
    if summary is not None and not isinstance(summary, str):
        json_text(summary, "summary")  # a number reads as text; anything else is a Skip
        summary = str(summary)
    return {
        "title": title,
        "arxiv": arxiv_base(arxiv) if arxiv else None,
        "authors": _authors(paper),
        "org": _org(item, paper),
        "published": _date(paper.get("publishedAt") or item.get("publishedAt"), "publishedAt"),
        "upvotes": upvotes if isinstance(upvotes, int) and not isinstance(upvotes, bool)
        and upvotes >= 0 else None,
        "abstract": abstract(summary),
        "links": {k: v for k, v in links.items() if v},
    }


def parse_daily(data: bytes | str, source: str = "daily papers") -> Found:
    items = load_json(data, source, "a daily papers answer")
    if isinstance(items, dict) and "error" in items:
        raise SourceError(f"{source}: Hugging Face API error: {one_line(str(items['error']))}")
    if not isinstance(items, list):
        raise SourceError(f"{source}: expected a JSON list of daily papers")
    found = Found()
    for index, item in enumerate(items, start=1):
        try:
            entry = _entry(item)
        except Skip as exc:
            found.skipped.append(Skipped(f"{source}: item {index}", str(exc), exc.kind))
            continue
        named = f"arXiv {entry['arxiv']}" if entry["arxiv"] else repr(entry["title"][:60])
        entry[WHERE] = f"{source}: item {index} ({named})"
        found.append(entry)
    return found
