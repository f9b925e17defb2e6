"""Hugging Face daily papers (``huggingface.co/api/daily_papers``) as entry dicts.

Keeps what the listing knows beyond arXiv: upvotes, the organisation, the
GitHub repository and the project page (http(s) links only).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from generator.importers.common import SourceError, http_url, normalise_arxiv, one_line
from generator.model import arxiv_base

API_URL = "https://huggingface.co/api/daily_papers"


def api_url(day: date | None = None) -> str:
    return f"{API_URL}?date={day.isoformat()}" if day else API_URL


def _date(text: Any) -> date | None:
    if not isinstance(text, str) or len(text) < 10:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _org(item: dict[str, Any], paper: dict[str, Any]) -> str | None:
    for holder in (paper, item):
        org = holder.get("organization")
        if isinstance(org, dict):
            name = one_line(str(org.get("fullname") or org.get("name") or ""))
            if name:
                return name
    return None


def parse_daily(data: bytes | str, source: str = "daily papers") -> list[dict[str, Any]]:
    try:
        items = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SourceError(f"{source}: not JSON ({exc})") from None
    if isinstance(items, dict) and "error" in items:
        raise SourceError(f"{source}: Hugging Face API error: {one_line(str(items['error']))}")
    if not isinstance(items, list):
        raise SourceError(f"{source}: expected a JSON list of daily papers")
    entries: list[dict[str, Any]] = []
    for index, item in enumerate(items, start=1):
        paper = item.get("paper") if isinstance(item, dict) else None
        if not isinstance(paper, dict):
            raise SourceError(f"{source}: item {index} has no 'paper' object")
        title = one_line(str(paper.get("title") or item.get("title") or ""))
        if not title:
            raise SourceError(f"{source}: item {index} has no title")
        arxiv = normalise_arxiv(str(paper.get("id", "")))
        authors = [one_line(a.get("name")) for a in paper.get("authors") or []
                   if isinstance(a, dict) and a.get("name")]
        upvotes = paper.get("upvotes")
        links = {"code": http_url(paper.get("githubRepo")),
                 "project": http_url(paper.get("projectPage"))}
        entries.append({
            "title": title,
            "arxiv": arxiv_base(arxiv) if arxiv else None,
            "authors": authors,
            "org": _org(item, paper),
            "published": _date(paper.get("publishedAt") or item.get("publishedAt")),
            "upvotes": upvotes if isinstance(upvotes, int) and upvotes >= 0 else None,
            "abstract": one_line(str(paper.get("summary") or item.get("summary") or "")) or None,
            "links": {k: v for k, v in links.items() if v},
        })
    return entries
