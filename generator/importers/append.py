"""Add imported entries to a curator's file: append only, no duplicates, all or nothing.

The file's existing bytes are never rewritten: new entries are appended after
them, the result is validated exactly like hand-written YAML, and only then does
an atomic rename put it in place.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator import yaml_source as ys
from generator.entries import read_file
from generator.importers.emit import entries_yaml
from generator.model import Paper, arxiv_base, id_from_arxiv, normalise_title, slugify
from generator.problems import ContentError, Problem, errors

SCHEMA_COMMENT = "# yaml-language-server: $schema=../schema.json\n"


@dataclass
class Plan:
    """What an import would do; nothing is written until ``apply``."""

    source: str
    found: int
    new: list[dict[str, Any]] = field(default_factory=list)
    already: int = 0

    def summary(self) -> str:
        return (f"{self.source}: {self.found} found, {len(self.new)} new, "
                f"{self.already} already listed")


def plan(source: str, entries: Sequence[Mapping[str, Any]], existing: Iterable[Paper],
         added: date, tags: Sequence[str] = ()) -> Plan:
    """Keep entries not yet listed (same arXiv id, any version, or same title) and give ids."""
    ids: set[str] = set()
    arxivs: set[str] = set()
    titles: set[str] = set()
    for paper in existing:
        ids.add(paper.id)
        titles.add(normalise_title(paper.title))
        if paper.arxiv:
            arxivs.add(arxiv_base(paper.arxiv))
    result = Plan(source, len(entries))
    for raw in entries:
        entry = dict(raw)
        title_key = normalise_title(str(entry["title"]))
        arxiv = entry.get("arxiv")
        if title_key in titles or (arxiv and arxiv_base(arxiv) in arxivs):
            result.already += 1
            continue
        base = id_from_arxiv(arxiv) if arxiv else slugify(str(entry["title"]))
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
        titles.add(title_key)
        if arxiv:
            arxivs.add(arxiv_base(arxiv))
        result.new.append(entry)
    return result


def _item_indent(path: str, old: bytes) -> int:
    """Column of the file's existing list items, so appended items line up with them."""
    text, problems = ys.decode(path, old)
    if text is None:
        raise ContentError(problems)
    parsed = ys.parse(path, old)
    if parsed.problems:
        raise ContentError(parsed.problems)
    node = parsed.node
    if node is None or (isinstance(node, ys.ScalarNode) and node.tag == ys.NULL):
        return 0
    if not isinstance(node, ys.SequenceNode) or node.flow_style:
        line, column = ys.position(node)
        raise ContentError([Problem(path, line, column, (
            "cannot append here: the file must be a block list of entries ('- title: ...')"))])
    return node.value[0].column - 3 if node.value else 0


def new_bytes(path: str, old: bytes | None, entries: Sequence[Mapping[str, Any]]) -> bytes:
    if old is None:
        return (SCHEMA_COMMENT + entries_yaml(entries).lstrip("\n")).encode("utf-8")
    indent = _item_indent(path, old)
    text = entries_yaml(entries, indent=max(indent, 0)).encode("utf-8")
    separator = b"" if not old or old.endswith(b"\n") else b"\n"
    if b"\r\n" in old:
        text = text.replace(b"\n", b"\r\n")
    return old + separator + text


def apply(target: Path, shown: str, entries: Sequence[Mapping[str, Any]], today: date) -> None:
    """Append ``entries`` to ``target``, or raise ``ContentError`` and leave it untouched."""
    if not entries:
        return
    old = target.read_bytes() if target.exists() else None
    data = new_bytes(shown, old, entries)
    _, problems = read_file(shown, data, today)
    if errors(problems):
        raise ContentError(problems)
    atomic_write(target, data)


def atomic_write(target: Path, data: bytes) -> None:
    """Temporary file in the same folder, fsync, rename: readers see old or new, never half."""
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
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
