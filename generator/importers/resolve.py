"""Import: find papers on arXiv by their exact title, and fill in what arXiv knows.

A paper with no ``arxiv`` id is looked up with an exact-phrase title query. A result is
taken only when the titles are equal once case, punctuation, LaTeX and Unicode forms
are folded, and the publication dates agree within a year: never a guess. Then the
``arxiv`` id, the authors (when the entry names none) and the PDF link are inserted as
lines of the entry; nothing else in the file changes. Where the id was derived from
the title, it is written out first, since it is the page's URL and the feed's GUID.

Misses are remembered in ``content/arxiv-misses.yaml`` and tried again after
``RETRY_DAYS``; a run makes at most ``MAX_LOOKUPS`` requests, so a long list is worked
through over several daily runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import yaml

from generator.common.problems import ContentError, Problem
from generator.enrich.latex_math import plain_text
from generator.importers import arxiv
from generator.importers.append import Change, folded
from generator.importers.client import Client, FetchError
from generator.importers.common import SourceError
from generator.load import yaml_source as ys
from generator.load.entries import bad_nodes
from generator.load.model import Paper, PubDate, arxiv_base

MISSES_FILE = "arxiv-misses.yaml"
RETRY_DAYS = 30
MAX_LOOKUPS = 200
#: Results asked for per title: a title is rarely shared, but versions and namesakes exist.
RESULTS = 5
MISSES_HEADER = (
    "# Papers 'python -m generator resolve' looked up on arXiv without a confident match.\n"
    "# Each is tried again 30 days after it was tried; delete an entry to try it at once.\n"
)

def query_url(title: str) -> str:
    """An exact-phrase title search: words only, since quotes, colons and brackets are
    query syntax to arXiv."""
    words = " ".join(re.sub(r"[^\w\s-]", " ", plain_text(title)).split())
    params = {"search_query": f'ti:"{words}"', "start": 0, "max_results": RESULTS}
    return f"{arxiv.API_URL}?{urlencode(params)}"


def _day(value: Any) -> date | None:
    if isinstance(value, PubDate):
        return value.first
    return value if isinstance(value, date) else None


def dates_agree(paper: Paper, entry: Mapping[str, Any]) -> bool:
    """Within a year, or unknown on the paper's side (the title alone must then match)."""
    ours, theirs = _day(paper.published), _day(entry.get("published"))
    if ours is None:
        return True
    return theirs is not None and abs((ours - theirs).days) <= 366


def choose(paper: Paper, entries: Iterable[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The one result that is this paper, or None (no match, or two different papers)."""
    want = folded(paper.title)
    matches: dict[str, Mapping[str, Any]] = {}
    for entry in entries:
        if folded(str(entry["title"])) == want and dates_agree(paper, entry):
            matches.setdefault(arxiv_base(str(entry["arxiv"])), entry)
    return next(iter(matches.values())) if len(matches) == 1 else None


def changes(paper: Paper, entry: Mapping[str, Any]) -> list[Change]:
    """The lines to insert: the id where it was derived, the arXiv id, the authors where
    none are named, the PDF link where none is given."""
    where = (paper.source.path, paper.source.line, paper.source.column, paper.id)
    found = arxiv_base(str(entry["arxiv"]))
    out = []
    if not paper.id_is_explicit:
        out.append(Change(*where, "id", None, paper.id))
    out.append(Change(*where, "arxiv", None, found))
    authors = tuple(entry.get("authors") or ())
    if not paper.authors and authors:
        out.append(Change(*where, "authors", None, authors))
    if "pdf" not in dict(paper.links):
        out.append(Change(*where, "links.pdf", None, f"https://arxiv.org/pdf/{found}"))
    return out


@dataclass(frozen=True, slots=True)
class Lookup:
    paper: Paper
    entry: Mapping[str, Any] | None
    """The match; None: no confident match."""


def read_misses(data: bytes | None, path: str = MISSES_FILE) -> dict[str, tuple[str, date]]:
    """Folded title -> (title, day tried). Read like every YAML file under content/
    (``yaml_source``: no aliases, no tags, bounded nesting), so a crafted file fails at
    once with ``ContentError``; entries of another shape are skipped (the file is the
    tool's own memory, rewritten at each run)."""
    if not data:
        return {}
    parsed = ys.parse(path, data)
    problems = list(parsed.problems)
    if not problems and parsed.has_bad:
        problems = [Problem(path, bad.line, bad.column, bad.message)
                    for bad in bad_nodes(parsed.node)] if parsed.node is not None else []
    if problems:
        raise ContentError([replace(problem, message=f"{problem.message} (or delete the file: "
                                    "resolve writes it again)") for problem in problems])
    misses: dict[str, tuple[str, date]] = {}
    items = parsed.node.value if isinstance(parsed.node, ys.SequenceNode) else []
    for item in items:
        if not isinstance(item, ys.MappingNode):
            continue
        fields = {key.value: value for key, value in item.value
                  if isinstance(key, ys.ScalarNode) and isinstance(value, ys.ScalarNode)}
        tried = fields.get("tried")
        title = fields.get("title")
        try:
            day = date.fromisoformat(tried.value.strip()) if tried is not None else None
        except ValueError:
            day = None
        if day is not None:
            text = title.value if title is not None else ""
            misses[folded(text)] = (text, day)
    return misses


class _NoAliases(yaml.SafeDumper):
    """PyYAML writes one date shared by two entries as an anchor and an alias, which no
    YAML file under content/ may hold (``yaml_source``): each value is written out."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def misses_yaml(misses: Mapping[str, tuple[str, date]]) -> bytes:
    items = [{"title": title, "tried": tried}
             for title, tried in sorted(misses.values(), key=lambda m: (m[1], m[0]))]
    body = yaml.dump(items, Dumper=_NoAliases, allow_unicode=True, sort_keys=False,
                     width=1000) if items else "[]\n"
    return (MISSES_HEADER + body).encode("utf-8")


def candidates(papers: Sequence[Paper], misses: Mapping[str, tuple[str, date]], today: date,
               match: re.Pattern[str] | None = None, limit: int = MAX_LOOKUPS) -> list[Paper]:
    """Papers to look up: no arXiv id, not missed in the last ``RETRY_DAYS`` days, oldest
    additions first (they have waited longest), at most ``limit``."""
    due = [paper for paper in papers if not paper.arxiv
           and (match is None or match.search(paper.title))
           and not (folded(paper.title) in misses and
                    misses[folded(paper.title)][1] > today - timedelta(days=RETRY_DAYS))]
    due.sort(key=lambda paper: (paper.added, paper.id))
    return due[:limit]


def look_up(papers: Sequence[Paper], client: Client) -> list[Lookup]:
    """Each paper's match on arXiv; ``SourceError`` if arXiv cannot be reached."""
    found = []
    for paper in papers:
        try:
            answer = client.get(query_url(paper.title))
        except FetchError as exc:
            raise SourceError(f"arXiv: {exc}") from None
        found.append(Lookup(paper, choose(paper, arxiv.parse_atom(answer, "arXiv answer"))))
    return found


def update_misses(misses: dict[str, tuple[str, date]], lookups: Sequence[Lookup],
                  today: date) -> dict[str, tuple[str, date]]:
    updated = dict(misses)
    for lookup in lookups:
        key = folded(lookup.paper.title)
        if lookup.entry is None:
            updated[key] = (lookup.paper.title, today)
        else:
            updated.pop(key, None)
    return updated


def misses_path(content_dir: Path) -> Path:
    return content_dir / MISSES_FILE
