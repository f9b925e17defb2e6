"""Add imported entries to a curator's file: append only, no duplicates, all or nothing.

The file's existing bytes are never rewritten: new entries are appended after
them, the result is validated exactly like hand-written YAML, and only then does
an atomic rename put it in place.

The one exception is asked for by name: ``--update upvotes`` replaces the text of
those values in existing entries (found through the YAML nodes' marks) and
nothing else; a value that is missing gets one new line under the entry's title.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator import yaml_source as ys
from generator.entries import read_file
from generator.importers.emit import entries_yaml, scalar
from generator.loader import display_path
from generator.model import (
    Paper,
    PubDate,
    arxiv_base,
    id_from_arxiv,
    new_id,
    normalise_title,
)
from generator.problems import ContentError, Problem, errors

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
    skipped: int = 0

    def summary(self) -> str:
        text = (f"{self.source}: {self.found} found, {len(self.new)} new, "
                f"{self.already} already listed")
        if self.filtered:
            text += f", {self.filtered} filtered out"
        if self.skipped:
            text += f", {self.skipped} skipped (unreadable)"
        if self.changes:
            text += f", {len({(c.path, c.line) for c in self.changes})} updated"
        return text


def plan(source: str, entries: Sequence[Mapping[str, Any]], existing: Iterable[Paper],
         added: date, tags: Sequence[str] = (), update: Sequence[str] = (),
         earlier: Sequence[Plan] = ()) -> Plan:
    """Keep entries not yet listed (same arXiv id, any version, or same title) and give ids.

    ``update`` names fields whose values are refreshed on entries already listed;
    ``earlier`` plans of the same run count as listed too.
    """
    ids: set[str] = set()
    arxivs: dict[str, Paper | None] = {}
    titles: dict[str, Paper | None] = {}
    for paper in existing:
        ids.add(paper.id)
        titles[normalise_title(paper.title)] = paper
        if paper.arxiv:
            arxivs[arxiv_base(paper.arxiv)] = paper
    for before in earlier:
        for entry in before.new:
            ids.add(entry["id"])
            titles[normalise_title(str(entry["title"]))] = None
            if entry.get("arxiv"):
                arxivs[arxiv_base(entry["arxiv"])] = None
    result = Plan(source, len(entries))
    for raw in entries:
        entry = dict(raw)
        if isinstance(entry.get("published"), date):  # sources give days; the model, PubDates
            entry["published"] = PubDate(entry["published"])
        title_key = normalise_title(str(entry["title"]))
        arxiv = entry.get("arxiv")
        if title_key in titles or (arxiv and arxiv_base(arxiv) in arxivs):
            result.already += 1
            listed = arxivs.get(arxiv_base(arxiv)) if arxiv else None
            listed = listed or titles.get(title_key)
            if listed is not None:
                result.changes.extend(_changes(listed, entry, update))
            continue
        title = str(entry["title"])
        base = id_from_arxiv(arxiv) if arxiv else new_id(title)
        paper_id, n = base, 2
        while paper_id in ids:
            paper_id, n = f"{base}-{n}", n + 1
        entry["id"] = paper_id
        entry.setdefault("added", added)
        entry.setdefault("status", "to-read")
        merged = list(entry.get("tags") or [])
        merged += [t for t in tags if t not in merged]
        entry["tags"] = merged
        ids.add(paper_id)
        titles[title_key] = None
        if arxiv:
            arxivs[arxiv_base(arxiv)] = None
        result.new.append(entry)
    return result


def _changes(paper: Paper, entry: Mapping[str, Any], update: Sequence[str]) -> list[Change]:
    found = []
    for name in update:
        value = entry.get(name)
        old = getattr(paper, name)
        if value is not None and value != old:
            found.append(Change(paper.source.path, paper.source.line, paper.source.column,
                                paper.id, name, old, value))
    return found


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
