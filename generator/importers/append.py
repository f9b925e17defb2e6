"""Import: add entries to a curator's file: append only, no duplicates, all or nothing.

The file's existing bytes are never rewritten: new entries are appended after
them, the result is validated exactly like hand-written YAML, and only then does
an atomic rename put it in place.

The one exception is asked for by name: ``--update upvotes`` replaces the text of
those values in existing entries (found through the YAML nodes' marks) and
nothing else; a value that is missing gets one new line under the entry's title.
"""

from __future__ import annotations

import bisect
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import accumulate
from pathlib import Path
from typing import Any

import yaml

from generator.common.problems import ContentError, Problem, errors
from generator.enrich.latex_math import plain_text
from generator.importers.common import DOI, INVALID, WHERE, Skipped, by_reason
from generator.importers.emit import entries_yaml, scalar
from generator.load import yaml_source as ys
from generator.load.entries import read_file
from generator.load.loader import display_path
from generator.load.model import (
    Paper,
    PubDate,
    arxiv_base,
    id_from_arxiv,
    new_id,
    normalise_title,
)

SCHEMA_COMMENT = "# yaml-language-server: $schema=../schema.json\n"
#: Fields ``--update`` may refresh in place: one-line values a listing keeps current.
UPDATABLE = ("upvotes", "org", "published", "author_count")


@dataclass(frozen=True, slots=True)
class Change:
    """One value of an existing entry to replace: the entry is found by its position."""

    path: str
    line: int
    column: int
    paper: str
    field: str
    old: Any
    value: Any

    def __str__(self) -> str:
        old = "(none)" if self.old is None else scalar(self.old)
        return f"{self.paper}: {self.field} {old} -> {scalar(self.value)}"


@dataclass
class Plan:
    """What an import would do; nothing is written until ``apply``."""

    source: str
    found: int
    new: list[dict[str, Any]] = field(default_factory=list)
    already: int = 0
    changes: list[Change] = field(default_factory=list)
    filtered: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    """Entries the source lists but this import leaves out, each with why (the parser's
    and those that would not validate)."""
    listed: list[str] = field(default_factory=list)
    """One line per entry already listed, naming it and the entry that lists it."""
    merged: list[str] = field(default_factory=list)
    """One line per entry merged into another entry of the same work."""
    works: list[Work] = field(default_factory=list)
    """What later plans of the same run compare with: one per entry of ``new``."""
    left_out: Counter[str] = field(default_factory=Counter)
    """Parts of the source that are not entries (an awesome list's badges, contents,
    videos), counted by why."""

    def summary(self) -> str:
        text = (f"{self.source}: {self.found} found, {len(self.new)} new, "
                f"{self.already} already listed")
        if self.merged:
            text += f", {len(self.merged)} merged as the same work"
        if self.filtered:
            text += f", {self.filtered} filtered out"
        for kind, count in Counter(skipped.kind for skipped in self.skipped).items():
            text += f", {count} {kind}"
        if self.changes:
            text += f", {len({(c.path, c.line) for c in self.changes})} updated"
        if self.left_out:
            text += (f"; {sum(self.left_out.values())} other items left out: "
                     f"{by_reason(self.left_out)}")
        return text


def folded(title: str) -> str:
    """A title as compared: LaTeX as text (formulas too), ``&`` as "and", then case,
    accents, punctuation and spacing ignored (``normalise_title``)."""
    return normalise_title(plain_text(title).replace("&", " and "))


#: Name parts that do not tell authors apart.
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _surname(name: str | None) -> tuple[str, frozenset[str]] | None:
    """An author's last name and all name words, folded like titles, or None."""
    words = [w for w in (normalise_title(part) for part in (name or "").split()) if w]
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    return (words[-1], frozenset(words)) if words else None


def _doi_of(links: Iterable[tuple[str, str]]) -> str | None:
    for _, url in links:
        match = re.search(r"doi\.org/(10\.\S+)", url, re.I)
        if match and not match.group(1).lower().startswith("10.48550/arxiv."):
            return match.group(1).lower()
    return None


@dataclass
class Work:
    """What the same-work rule compares: one listed paper or one entry being imported."""

    where: str
    """How messages name it: ``content/papers/a.yaml:12 ('paper-id')`` or the source's
    place (``refs.bib:40 (entry 'key')``)."""
    title: str
    first_author: tuple[str, frozenset[str]] | None
    year: int | None
    arxiv: str | None
    doi: str | None
    paper: Paper | None = None
    entry: dict[str, Any] | None = None
    """An entry new in this plan: merged into when the same work comes again."""

    @classmethod
    def of_paper(cls, paper: Paper) -> Work:
        return cls(f"{paper.id!r} at {paper.source.path}:{paper.source.line}",
                   folded(paper.title),
                   _surname(paper.authors[0] if paper.authors else None),
                   paper.published.first.year if paper.published else None,
                   arxiv_base(paper.arxiv) if paper.arxiv else None, _doi_of(paper.links), paper)

    @classmethod
    def of_entry(cls, entry: dict[str, Any], where: str) -> Work:
        published = entry.get("published")
        authors = entry.get("authors") or ()
        arxiv = entry.get("arxiv")
        return cls(where, folded(str(entry["title"])),
                   _surname(str(authors[0]) if authors else None),
                   published.first.year if isinstance(published, PubDate) else None,
                   arxiv_base(str(arxiv)) if arxiv else None, entry.get(DOI), entry=entry)


def same_work(a: Work, b: Work) -> str | None:
    """Why ``a`` and ``b`` are the same work, or None: the same arXiv id; or the same title
    and first author (when both name one) and either the same year (when both give one)
    or one being the other's arXiv preprint. Different DOIs, or different arXiv ids,
    are different works."""
    if a.arxiv and a.arxiv == b.arxiv:
        return "the same arXiv id"
    if (a.arxiv and b.arxiv) or (a.doi and b.doi and a.doi != b.doi) or a.title != b.title:
        return None
    if a.first_author and b.first_author and not (
            a.first_author[0] in b.first_author[1] or b.first_author[0] in a.first_author[1]):
        return None
    if a.year is None or b.year is None or a.year == b.year:
        return "the same title, first author and year"
    if a.arxiv or b.arxiv:
        return "the same title and first author, one the other's arXiv preprint"
    return None


def _contains(wide: PubDate, narrow: PubDate) -> bool:
    """Whether ``narrow`` is a day or month within ``wide`` (a year or month)."""
    size = {"year": 4, "month": 7, "day": 10}
    return size[wide.precision] < size[narrow.precision] and \
        narrow.iso()[:size[wide.precision]] == wide.iso()


def merge(kept: dict[str, Any], other: Mapping[str, Any]) -> None:
    """``other`` into ``kept``, the same work: the arXiv id, the earliest date (the more
    precise of two that agree), every link (``kept``'s first where both have one kind),
    and what ``kept`` lacks."""
    mine, theirs = kept.get("published"), other.get("published")
    if isinstance(mine, PubDate) and isinstance(theirs, PubDate):
        if _contains(mine, theirs):
            kept["published"] = theirs
        elif not _contains(theirs, mine):
            kept["published"] = min(mine, theirs)
    links = dict(other.get("links") or {})
    links.update(kept.get("links") or {})
    kept["links"] = links
    kept["tags"] = list(dict.fromkeys([*(kept.get("tags") or ()), *(other.get("tags") or ())]))
    for key, value in other.items():
        if kept.get(key) in (None, "", [], {}) and value not in (None, "", [], {}):
            kept[key] = value


def plan(source: str, entries: Sequence[Mapping[str, Any]], existing: Iterable[Paper],
         added: date, tags: Sequence[str] = (), update: Sequence[str] = (),
         earlier: Sequence[Plan] = (), today: date | None = None) -> Plan:
    """Keep the entries not yet listed, merge those of one work, give ids, and leave out
    (as ``skipped``) any entry that would not validate, so nothing appended can fail the
    check of its file.

    The same work (``same_work``) already in the list, or new in an ``earlier`` plan of
    the same run, is "already listed"; twice in ``entries``, it is merged into one entry.
    ``update`` names fields whose values are refreshed on entries already listed.
    """
    ids: set[str] = set()
    by_arxiv: dict[str, Work] = {}
    by_title: dict[str, list[Work]] = {}

    def index(work: Work) -> None:
        if work.arxiv:
            by_arxiv.setdefault(work.arxiv, work)
        by_title.setdefault(work.title, []).append(work)

    for paper in existing:
        ids.add(paper.id.casefold())
        ids.update(alias.casefold() for alias in paper.aliases)
        index(Work.of_paper(paper))
    for before in earlier:
        ids.update(entry["id"].casefold() for entry in before.new)
        for work in before.works:
            index(replace(work, entry=None))
    result = Plan(source, len(entries))
    kept: list[Work] = []
    for number, raw in enumerate(entries, start=1):
        entry = dict(raw)
        if isinstance(entry.get("published"), date):  # sources give days; the model, PubDates
            entry["published"] = PubDate(entry["published"])
        where = str(entry.pop(WHERE, "") or f"{source}: entry {number}")
        work = Work.of_entry(entry, where)
        same, why = None, None
        for other in ([by_arxiv[work.arxiv]] if work.arxiv in by_arxiv else []) + \
                by_title.get(work.title, []):
            why = same_work(work, other)
            if why:
                same = other
                break
        if same is None:
            kept.append(work)
            index(work)
            continue
        if same.entry is not None:  # new in this plan: one entry for the work
            merge(same.entry, entry)
            same.arxiv = same.arxiv or work.arxiv
            same.doi = same.doi or work.doi
            if work.arxiv:
                by_arxiv.setdefault(work.arxiv, same)
            result.merged.append(f"{where}: merged into {same.where}, {why}")
            continue
        result.already += 1
        note = ""
        if same.paper is not None:
            changes, refused = _changes(same.paper, entry, update, today or date.today())
            result.changes.extend(changes)
            note += "".join(f"; {why}" for why in refused)
            if work.arxiv and not same.arxiv:
                note += (f"; it has no arXiv id, this entry has {work.arxiv}: add it to the "
                         "listed paper, or run resolve")
        listed = "already listed as" if same.paper is not None else "already imported from"
        result.listed.append(f"{where}: {listed} {same.where} ({why}){note}")
    _finish(result, kept, ids, added, tags, today or date.today())
    return result


def _finish(result: Plan, kept: Sequence[Work], ids: set[str], added: date,
            tags: Sequence[str], today: date) -> None:
    """Ids, dates, status and tags for the kept entries; then each checked as the list's
    check will read it, and left out with why if it would not validate."""
    ready: list[tuple[Work, dict[str, Any]]] = []
    for work in kept:
        assert work.entry is not None
        entry = {key: value for key, value in work.entry.items() if not key.startswith("_")}
        title = str(entry["title"])
        arxiv = entry.get("arxiv")
        base = id_from_arxiv(arxiv) if arxiv else new_id(plain_text(title))
        paper_id, n = base, 2
        while paper_id.casefold() in ids:
            paper_id, n = f"{base}-{n}", n + 1
        entry["id"] = paper_id
        entry.setdefault("added", added)
        entry.setdefault("status", "to-read")
        merged = list(entry.get("tags") or [])
        merged += [t for t in tags if t not in merged]
        entry["tags"] = merged
        ids.add(paper_id.casefold())
        ready.append((work, entry))
    chunks = [entries_yaml([entry]) for _, entry in ready]
    starts = list(accumulate((chunk.count("\n") for chunk in chunks), initial=1))
    _, problems = read_file("new entries", "".join(chunks).encode("utf-8"), today)
    bad: dict[int, str] = {}
    for problem in errors(problems):
        at = bisect.bisect_right(starts, problem.line) - 1
        named = f"{problem.field}: " if problem.field else ""
        bad.setdefault(at, f"{named}{problem.message}")
    for at, (work, entry) in enumerate(ready):
        if at in bad:
            result.skipped.append(Skipped(work.where, bad[at], INVALID))
            continue
        result.new.append(entry)
        result.works.append(replace(work, entry=None))


def _changes(paper: Paper, entry: Mapping[str, Any], update: Sequence[str],
             today: date) -> tuple[list[Change], list[str]]:
    """The values ``update`` refreshes on ``paper``, and why any other is left as it is
    (a value the list's check would refuse)."""
    found, refused = [], []
    for name in update:
        value = entry.get(name)
        old = getattr(paper, name)
        if value is None or value == old:
            continue
        _, problems = read_file("value", entries_yaml([{"title": "t", "added": paper.added,
                                                        name: value}]).encode(), today)
        wrong = errors(problems)
        if wrong:
            refused.append(f"{name} not updated: {wrong[0].message}")
            continue
        found.append(Change(paper.source.path, paper.source.line, paper.source.column,
                            paper.id, name, old, value))
    return found, refused


def _line_end(text: str, index: int) -> int:
    """Offset just past the line break that ends the line holding ``index``."""
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def _position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def edited(path: str, old: bytes, changes: Sequence[Change]) -> bytes:
    """``old`` with the named values replaced or added; every other byte stays as it was.

    A value is a one-line scalar (replaced in place, or added as a line under the title),
    a list (added as a block list under the title), or, for a field ``links.KIND``, a
    key under the entry's ``links`` (added there, or as a new ``links`` block).
    """
    text, problems = ys.decode(path, old)
    parsed = ys.parse(path, old)
    if text is None or parsed.problems:
        raise ContentError(problems or parsed.problems)
    # In-place edits need each value's exact span (start and end index), which only
    # PyYAML's full nodes carry; the file was just validated, so composing it is safe.
    root = yaml.compose(text, Loader=ys.LOADER)
    items = root.value if isinstance(root, yaml.SequenceNode) else []
    by_place = {_position(item): item for item in items if isinstance(item, yaml.MappingNode)}
    newline = "\r\n" if "\r\n" in text else "\n"
    edits: list[tuple[int, int, str]] = []
    problems = []

    def problem(node: yaml.Node, change: Change, message: str) -> None:
        line, column = _position(node)
        problems.append(Problem(path, line, column, message, change.paper, change.field))

    for change in changes:
        item = by_place.get((change.line, change.column))
        if item is None:
            problems.append(Problem(path, change.line, change.column,
                                    "entry moved while importing; run the import again",
                                    change.paper, change.field))
            continue
        fields = {k.value: (k, v) for k, v in item.value if isinstance(k, yaml.ScalarNode)}
        title_key, title = fields["title"]
        indent = " " * title_key.start_mark.column
        end = title.end_mark
        under_title = end.index if end.column == 0 else _line_end(text, end.index)
        lead = newline if under_title == len(text) and not text.endswith("\n") else ""
        field, _, kind = change.field.partition(".")
        if field in fields and not kind:
            _, node = fields[field]
            if (not isinstance(node, yaml.ScalarNode) or node.style not in (None, "", "'", '"')
                    or node.start_mark.line != node.end_mark.line):
                problem(node, change, "cannot update this value in place (it is not a one-line "
                                      "value); edit it by hand or leave it out of --update")
                continue
            edits.append((node.start_mark.index, node.end_mark.index, scalar(change.value)))
            continue
        if item.flow_style:
            problem(item, change, f"cannot add {change.field} to a one-line entry ({{...}}); "
                                  "add it by hand")
            continue
        if kind and field in fields:  # a key under an existing links: mapping
            _, links = fields[field]
            if not isinstance(links, yaml.MappingNode) or links.flow_style or not links.value:
                problem(links, change, f"cannot add {kind} to these links (not a block of "
                                       "'kind: URL' lines); add it by hand")
                continue
            child = " " * links.value[0][0].start_mark.column
            last = links.value[-1][1].end_mark
            at = last.index if last.column == 0 else _line_end(text, last.index)
            tail = newline if at == len(text) and not text.endswith("\n") else ""
            edits.append((at, at, f"{tail}{child}{kind}: {scalar(change.value)}{newline}"))
        elif kind:  # a new links: block
            edits.append((under_title, under_title,
                          f"{lead}{indent}{field}:{newline}{indent}  {kind}: "
                          f"{scalar(change.value)}{newline}"))
        elif isinstance(change.value, list | tuple):
            lines = "".join(f"{indent}  - {scalar(value)}{newline}" for value in change.value)
            edits.append((under_title, under_title, f"{lead}{indent}{field}:{newline}{lines}"))
        else:
            edits.append((under_title, under_title,
                          f"{lead}{indent}{field}: {scalar(change.value)}{newline}"))
    if problems:
        raise ContentError(problems)
    # from the end; several insertions at one place come out in the order of the changes
    order = sorted(range(len(edits)), key=lambda n: (edits[n][0], edits[n][1], n), reverse=True)
    for start, end_index, replacement in (edits[n] for n in order):
        text = text[:start] + replacement + text[end_index:]
    bom = b"\xef\xbb\xbf" if old.startswith(b"\xef\xbb\xbf") else b""
    return bom + text.encode("utf-8")


def _item_indent(path: str, old: bytes) -> int:
    """Column of the file's existing list items, so appended items line up with them."""
    text, problems = ys.decode(path, old)
    if text is None:
        raise ContentError(problems)
    parsed = ys.parse(path, old)
    if parsed.problems:
        raise ContentError(parsed.problems)
    lines = text.rstrip().splitlines()
    if lines and lines[-1].rstrip() == "...":
        raise ContentError([Problem(path, len(lines), 1, (
            "cannot append here: the file ends with '...' (end of document); remove that line"))])
    node = parsed.node
    if node is None or (isinstance(node, ys.ScalarNode) and node.tag == ys.NULL):
        return 0
    if not isinstance(node, ys.SequenceNode) or node.flow_style:
        line, column = ys.position(node)
        raise ContentError([Problem(path, line, column, (
            "cannot append here: the file must be a block list of entries ('- title: ...')"))])
    return node.column - 1  # a block list starts at its first dash


def new_bytes(path: str, old: bytes | None, entries: Sequence[Mapping[str, Any]]) -> bytes:
    if old is None:
        return (SCHEMA_COMMENT + entries_yaml(entries).lstrip("\n")).encode("utf-8")
    indent = _item_indent(path, old)
    text = entries_yaml(entries, indent=max(indent, 0)).encode("utf-8")
    separator = b"" if not old or old.endswith(b"\n") else b"\n"
    if b"\r\n" in old:
        text = text.replace(b"\n", b"\r\n")
    return old + separator + text


@dataclass(frozen=True, slots=True)
class Write:
    """A file's new bytes, and what it held when they were made from it (``None``: it did
    not exist): if it holds anything else when written, someone saved it meanwhile."""

    new: bytes
    old: bytes | None


class FileChanged(Exception):
    """A file changed between being read and being replaced (an editor saved it)."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} changed while the import ran")
        self.path = path


def prepare(root: Path, additions: Mapping[Path, Sequence[Mapping[str, Any]]],
            changes: Sequence[Change], today: date,
            names: Mapping[Path, str] | None = None) -> dict[Path, Write]:
    """Every file's new bytes, each validated like hand-written YAML; nothing is written.

    ``changes`` name their files relative to ``root``; ``names`` overrides how a file is
    shown in messages."""
    shown_of = {path: (names or {}).get(path) or display_path(path, root) for path in additions}
    by_file: dict[Path, list[Change]] = {}
    for change in changes:
        path = root / change.path
        by_file.setdefault(path, []).append(change)
        shown_of.setdefault(path, change.path)
    result: dict[Path, Write] = {}
    problems: list[Problem] = []
    for path, shown in shown_of.items():
        entries = additions.get(path, ())
        if not entries and path not in by_file:
            continue
        old = path.read_bytes() if path.exists() else None
        try:
            data = edited(shown, old, by_file[path]) if old is not None and path in by_file \
                else old
            data = new_bytes(shown, data, entries) if entries else data
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        if data is None:
            continue
        _, found = read_file(shown, data, today)
        problems.extend(errors(found))
        result[path] = Write(data, old)
    if problems:
        raise ContentError(problems)
    return result


def apply(target: Path, shown: str, entries: Sequence[Mapping[str, Any]], today: date,
          changes: Sequence[Change] = (), root: Path | None = None) -> None:
    """Append ``entries`` to ``target`` (and make ``changes``), or raise ``ContentError`` and
    leave every file untouched."""
    if not entries and not changes:
        return
    files = prepare(root or target.parent, {target: entries}, changes, today, {target: shown})
    write_all(files)


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the exclusive lock on ``folder`` (``flock``): imports into one list take turns
    from reading it to replacing their files, so none loses another's entries. Where
    ``fcntl`` is missing (Windows), imports are not serialised."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def write_all(files: Mapping[Path, Write]) -> None:
    """Stage every file (written and synced beside its target), check that no target changed
    since it was read, then rename them in one short burst; ``FileChanged`` otherwise,
    with nothing replaced."""
    staged: list[tuple[str, Path]] = []
    try:
        for target, write in files.items():
            staged.append((_stage(target, write.new), target))
        for target, write in files.items():
            if _current(target) != write.old:
                raise FileChanged(target)
        for tmp, target in staged:
            os.replace(tmp, target)
    finally:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)


def _stage(target: Path, data: bytes) -> str:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def atomic_write(target: Path, data: bytes) -> None:
    """Temporary file in the same folder, fsync, rename: readers see old or new, never half."""
    write_all({target: Write(data, _current(target))})
