"""Import: run imports: read each source, filter and tag its entries, and plan what to append.

The parsers are pure (bytes -> entry dicts); this module is where files are read
and the network is used, through one ``Client``. Nothing here writes: the CLI
hands the plans to ``append.prepare`` and ``append.write_all``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator.importers import (
    SOURCES,
    append,
    arxiv,
    arxiv_rss,
    awesome,
    bibtex,
    csl_json,
    detect,
    hf_daily,
    hf_page,
    ris,
)
from generator.importers.client import Client, FetchError
from generator.importers.common import (
    KEYWORDS,
    WHERE,
    Found,
    Skipped,
    SourceError,
    by_reason,
)
from generator.load.model import TAG_RE, Paper, arxiv_base, http_url, normalise_arxiv, slugify

#: arXiv takes long id lists, but a shorter request fails less and is retried faster.
ID_BATCH = 100
_CATEGORY = re.compile(r"^[a-z-]+(?:\.[A-Za-z-]+)?(?:\+[a-z-]+(?:\.[A-Za-z-]+)?)*$")
_JOB_KEYS = ("source", "inputs", "query", "date", "max_results", "into", "tags", "match",
             "exclude", "keywords_as_tags")

Entry = dict[str, Any]


@dataclass(frozen=True)
class Job:
    """One source to import, from the command line or from ``imports:`` in mkdocs.yml."""

    source: str
    inputs: tuple[str, ...] = ()
    query: str | None = None
    day: date | None = None
    max_results: int = arxiv.MAX_RESULTS
    into: Path | None = None
    tags: tuple[str, ...] = ()
    match: str | None = None
    exclude: str | None = None
    keywords_as_tags: bool = False
    """A source's own keywords (RIS ``KW``, BibTeX ``keywords``, CSL ``keyword``) become
    tags, slugged; otherwise tags are the curator's vocabulary alone."""


@dataclass
class Planned:
    job: Job
    plan: append.Plan
    target: Path
    notes: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def _list(value: Any, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str | int | float):
        return (str(value),)
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return tuple(str(v) for v in value)
    raise SourceError(f"{what}: expected a text or a list of texts")


def jobs_from_config(items: Sequence[Any], root: Path) -> list[Job]:
    """``imports:`` of the plugin options, checked before anything is fetched."""
    jobs = []
    for index, item in enumerate(items, start=1):
        where = f"mkdocs.yml: reading-list imports #{index}"
        if not isinstance(item, Mapping):
            raise SourceError(f"{where}: expected a mapping like 'source: arxiv'")
        unknown = [k for k in item if k not in _JOB_KEYS]
        if unknown:
            raise SourceError(f"{where}: unknown option {unknown[0]!r} "
                              f"(known: {', '.join(_JOB_KEYS)})")
        source = str(item.get("source", ""))
        if source not in SOURCES:
            raise SourceError(f"{where}: source: expected one of {', '.join(SOURCES)}, "
                              f"got {source!r}")
        day = item.get("date")
        if day is not None and not isinstance(day, date):
            raise SourceError(f"{where}: date: expected a date like 2024-08-13")
        max_results = item.get("max_results", arxiv.MAX_RESULTS)
        if not isinstance(max_results, int) or not 1 <= max_results <= 2000:
            raise SourceError(f"{where}: max_results: expected a number from 1 to 2000")
        into = item.get("into")
        keywords_as_tags = item.get("keywords_as_tags", False)
        if not isinstance(keywords_as_tags, bool):
            raise SourceError(f"{where}: keywords_as_tags: expected true or false")
        jobs.append(Job(
            source=source, inputs=_list(item.get("inputs"), f"{where}: inputs"),
            query=str(item["query"]) if item.get("query") else None, day=day,
            max_results=max_results, into=root / str(into) if into else None,
            tags=_list(item.get("tags"), f"{where}: tags"),
            match=str(item["match"]) if item.get("match") else None,
            exclude=str(item["exclude"]) if item.get("exclude") else None,
            keywords_as_tags=keywords_as_tags))
    return jobs


def detect_source(item: str, base: Path) -> tuple[str, str]:
    """The importer for a file given without one, and what the file is: ``SourceError``
    for a file no importer reads."""
    path = base / item
    if not path.is_file():
        raise SourceError(f"{item!r} is neither a source ({', '.join(SOURCES)}) nor a file "
                          "to import")
    found = detect.sniff(_read(path))
    if found.importer is None:
        raise SourceError(f"{item}: this is {found.description}, which no importer reads "
                          f"(the importers: {', '.join(SOURCES)})")
    return found.importer, found.description


def parse_update(text: str | None) -> tuple[str, ...]:
    fields = tuple(f.strip() for f in (text or "").split(",") if f.strip())
    for name in fields:
        if name not in append.UPDATABLE:
            raise SourceError(f"--update {name}: only these fields can be refreshed in place: "
                              f"{', '.join(append.UPDATABLE)}")
    return fields


def compile_pattern(pattern: str | None, what: str) -> re.Pattern[str] | None:
    if not pattern:
        return None
    try:
        return re.compile(pattern, re.I)
    except re.error as exc:
        raise SourceError(f"{what} {pattern!r}: not a valid regular expression ({exc})") from None


def compile_rules(rules: Mapping[str, Any]) -> list[tuple[re.Pattern[str], str]]:
    """``tag_rules: {regex: tag}`` from mkdocs.yml, checked once."""
    compiled = []
    for pattern, tag in rules.items():
        if not isinstance(tag, str) or not TAG_RE.fullmatch(tag):
            raise SourceError(f"mkdocs.yml: tag_rules: {pattern!r}: tag {tag!r} is not "
                              "lowercase words joined by '-'")
        found = compile_pattern(str(pattern), "mkdocs.yml: tag_rules:")
        assert found is not None
        compiled.append((found, tag))
    return compiled


def check_tags(tags: Sequence[str]) -> None:
    for tag in tags:
        if not TAG_RE.fullmatch(tag):
            raise SourceError(f"tag {tag!r}: expected lowercase words joined by '-'")


def _text(entry: Mapping[str, Any]) -> str:
    return f"{entry.get('title') or ''}\n{entry.get('abstract') or ''}"


def select(entries: Sequence[Entry], match: re.Pattern[str] | None,
           exclude: re.Pattern[str] | None) -> list[Entry]:
    """Entries whose title or abstract matches ``match`` and not ``exclude``."""
    return [e for e in entries
            if (match is None or match.search(_text(e)))
            and not (exclude is not None and exclude.search(_text(e)))]


def keyword_tags(entries: Sequence[Entry], wanted: bool) -> list[Entry]:
    """Entries with the source's keywords (``KEYWORDS``) added to their tags, slugged, if
    ``wanted``; an importer's own keys are never written, so otherwise they go no further."""
    if not wanted:
        return list(entries)
    done = []
    for entry in entries:
        tags = list(entry.get("tags") or [])
        tags += [t for t in dict.fromkeys(slugify(w) for w in entry.get(KEYWORDS) or ())
                 if t and TAG_RE.fullmatch(t) and t not in tags]
        done.append({**entry, "tags": tags})
    return done


def tag(entries: Sequence[Entry], rules: Sequence[tuple[re.Pattern[str], str]]) -> list[Entry]:
    tagged = []
    for entry in entries:
        tags = list(entry.get("tags") or [])
        tags += [t for pattern, t in rules if pattern.search(_text(entry)) and t not in tags]
        tagged.append({**entry, "tags": tags})
    return tagged


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror}") from None


#: What each source's files hold, for "no ... found".
_ENTRIES = {"arxiv": "arXiv API entries", "arxiv-rss": "feed items", "hf-daily": "daily papers",
            "bibtex": "BibTeX entries", "hf-page": "papers", "csl-json": "CSL-JSON items",
            "ris": "RIS records", "awesome": "papers"}


def _file(job: Job, path: Path, item: str, parse: Callable[[bytes, str], Found]) -> Found:
    """A saved file of the job's kind, read: the wrong kind of file, or one with nothing of
    its kind in it, is a one-line ``SourceError``."""
    data = _read(path)
    kind = detect.sniff(data)
    wrong = detect.other_importer(kind, item, job.source)
    if wrong:
        raise SourceError(wrong)
    found = parse(data, item)  # its own errors (not well-formed, an API error) stand
    if not found:
        unread = detect.no_importer(kind, item, job.source)
        if unread:
            raise SourceError(unread)
        if not found.skipped and not found.nothing_new:
            raise SourceError(f"{item}: no {_ENTRIES[job.source]} found in it")
    return found


def _decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{where}: not UTF-8 text (byte {exc.start})") from None


def _fetch(client: Client, url: str, parse: Callable[[bytes, str], Found]) -> Found:
    try:
        data = client.get(url)
    except FetchError as exc:
        if exc.body:
            try:  # arXiv explains a bad request inside an Atom feed
                parse(exc.body, url)
            except SourceError as explained:
                raise SourceError(f"{explained} (HTTP {exc.status})") from None
        raise SourceError(str(exc)) from None
    return parse(data, url)


def _arxiv(job: Job, client: Client, base: Path, notes: list[str]) -> Found:
    entries = Found()
    ids: list[str] = []
    for item in job.inputs:
        path = base / item
        if path.is_file():
            entries.extend_found(_file(job, path, item, arxiv.parse_atom))
            continue
        found = normalise_arxiv(item)
        if found is None:
            raise SourceError(f"arxiv: {item!r} is neither a file nor an arXiv id "
                              "(like 2305.07922, 2305.07922v2 or hep-th/9901001)")
        ids.append(found)
    if not job.inputs and not job.query:
        raise SourceError("arxiv: give arXiv ids, a saved API response or --query")
    for start in range(0, len(ids), ID_BATCH):
        batch = ids[start:start + ID_BATCH]
        got = _fetch(client, arxiv.query_url(ids=batch, max_results=len(batch)),
                     arxiv.parse_atom)
        returned = {arxiv_base(e["arxiv"]) for e in got}
        missing = [i for i in batch if arxiv_base(i) not in returned]
        if missing:
            notes.append(f"arxiv: not found on arXiv: {', '.join(missing)}")
        entries.extend_found(got)
    if job.query:
        entries.extend_found(_fetch(
            client, arxiv.query_url(query=job.query, max_results=job.max_results),
            arxiv.parse_atom))
    return entries


def _arxiv_rss(job: Job, client: Client, base: Path) -> Found:
    if not job.inputs:
        raise SourceError("arxiv-rss: give a feed URL, a saved feed or categories like cs.CL")
    entries = Found()
    for item in job.inputs:
        path = base / item
        if path.is_file():
            entries.extend_found(_file(job, path, item, arxiv_rss.parse_rss))
        elif http_url(item):
            entries.extend_found(_fetch(client, item, arxiv_rss.parse_rss))
        elif _CATEGORY.fullmatch(item):
            entries.extend_found(_fetch(client, f"https://rss.arxiv.org/rss/{item}",
                                        arxiv_rss.parse_rss))
        else:
            raise SourceError(f"arxiv-rss: {item!r} is neither a file, a URL nor a category")
    return entries


def _hf_daily(job: Job, client: Client, base: Path) -> Found:
    entries = Found()
    for item in job.inputs:
        entries.extend_found(_file(job, base / item, item, hf_daily.parse_daily))
    if not job.inputs:
        entries.extend_found(_fetch(client, hf_daily.api_url(job.day), hf_daily.parse_daily))
    return entries


def _text_files(job: Job, base: Path, parse: Callable[[str, str], Found]) -> Found:
    if not job.inputs:
        raise SourceError(f"{job.source}: give the file to import")
    entries = Found()
    for item in job.inputs:
        try:
            entries.extend_found(_file(job, base / item, item,
                                       lambda data, name: parse(_decode(data, name), name)))
        except hf_page.PageFormatError as exc:
            raise SourceError(str(exc)) from None
    return entries


#: Text fields where a character lost upstream (U+FFFD) is worth a warning.
_TEXT_FIELDS = ("title", "authors", "org", "abstract")


def lost_characters(found: Found) -> None:
    """A warning for each entry with U+FFFD (a file read with the wrong encoding before it
    reached us): the text is kept, the curator told where to fix it."""
    for entry in found:
        for name in _TEXT_FIELDS:
            value = entry.get(name)
            for text in value if isinstance(value, list) else [value]:
                if isinstance(text, str) and "\ufffd" in text:
                    at = text.index("\ufffd")
                    shown = text if len(text) <= 80 else f"...{text[max(at - 30, 0):at + 30]}..."
                    found.warnings.append(
                        f"{entry.get(WHERE, 'an entry')}: {name}: {shown!r} has U+FFFD, a "
                        "character lost to a wrong encoding before the file reached us; "
                        "kept: correct it by hand")


def _csl_json(job: Job, base: Path) -> Found:
    if not job.inputs:
        raise SourceError("csl-json: give the file to import")
    entries = Found()
    for item in job.inputs:
        entries.extend_found(_file(job, base / item, item, csl_json.parse_csl))
    return entries


def _awesome(job: Job, base: Path) -> Found:
    """Markdown lists: each file's papers; what a file left out is counted in ``left_out``."""
    if not job.inputs:
        raise SourceError("awesome: give the Markdown file to import (a README)")
    entries = Found()
    listed: list[awesome.Listing] = []

    def parse(data: bytes, name: str) -> Found:
        # Markdown reads any text, so a file known to be of another kind (a YAML list)
        # is refused here rather than read as paragraphs and bare links
        unread = detect.no_importer(detect.sniff(data), name, job.source)
        if unread:
            raise SourceError(unread)
        listed.append(awesome.parse_awesome(_decode(data, name), name))
        return listed[-1]

    for item in job.inputs:
        before = len(listed)
        try:
            entries.extend_found(_file(job, base / item, item, parse))
        except SourceError as exc:
            if len(listed) > before:  # read, but no paper in it: say what was in it instead
                raise SourceError(f"{exc} ({listed[-1].items} list items and table rows, "
                                  f"none a paper: {by_reason(listed[-1].left_out)})") from None
            raise
    return entries


def read_source(job: Job, client: Client, base: Path, notes: list[str]) -> Found:
    """The entries a job's source lists, or ``SourceError``."""
    found = _read_source(job, client, base, notes)
    lost_characters(found)
    return found


def _read_source(job: Job, client: Client, base: Path, notes: list[str]) -> Found:
    if job.source == "arxiv":
        return _arxiv(job, client, base, notes)
    if job.source == "arxiv-rss":
        return _arxiv_rss(job, client, base)
    if job.source == "hf-daily":
        return _hf_daily(job, client, base)
    if job.source == "bibtex":
        return _text_files(job, base, bibtex.parse_bibtex)
    if job.source == "hf-page":
        return _text_files(job, base, hf_page.parse_page)
    if job.source == "csl-json":
        return _csl_json(job, base)
    if job.source == "ris":
        return _text_files(job, base, ris.parse_ris)
    if job.source == "awesome":
        return _awesome(job, base)
    raise SourceError(f"unknown source {job.source!r}")


@dataclass
class Read:
    """What one job's source gave: its entries (and those skipped), and notes for the user."""

    job: Job
    found: Found
    notes: list[str] = field(default_factory=list)


def read_all(jobs: Sequence[Job], client: Client, base: Path) -> list[Read]:
    """Every job's source read (fetched, parsed), before any file is locked or written."""
    done = []
    for job in jobs:
        check_tags(job.tags)
        compile_pattern(job.match, "--match")
        compile_pattern(job.exclude, "--exclude")
        notes: list[str] = []
        done.append(Read(job, read_source(job, client, base, notes), notes))
    return done


def plan_all(reads: Sequence[Read], papers: Sequence[Paper], default_into: Path, added: date,
             update: Sequence[str] = (), rules: Sequence[tuple[re.Pattern[str], str]] = ()
             ) -> list[Planned]:
    """Every job planned against the list, later jobs seeing earlier jobs' new entries as
    listed."""
    done: list[Planned] = []
    for read in reads:
        job, found = read.job, read.found
        match = compile_pattern(job.match, "--match")
        exclude = compile_pattern(job.exclude, "--exclude")
        kept = tag(select(keyword_tags(found, job.keywords_as_tags), match, exclude), rules)
        plan = append.plan(job.source, kept, papers, added, job.tags, update,
                           earlier=[p.plan for p in done])
        plan.found = len(found) + len(found.merged)
        plan.filtered = len(found) - len(kept)
        plan.skipped = found.skipped + plan.skipped
        plan.merged = found.merged + plan.merged
        plan.left_out = found.left_out
        done.append(Planned(job, plan, job.into or default_into, read.notes, found.skipped))
    return done
