"""Stage 1: read the content folder into validated ``Content``, or fail with every problem.

Parsing is the expensive part, so each file's result is cached on its path and
bytes: under ``mkdocs serve`` an edit re-parses only the file that changed.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import threading
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.entries import read_file
from generator.model import Content, Note, Paper
from generator.notes import read_note
from generator.problems import ContentError, Problem, errors
from generator.yaml_source import decode

PAPERS_DIR = "papers"
NOTES_DIR = "notes"
INTRO_FILE = "intro.md"
PAPER_SUFFIXES = (".yaml", ".yml")

_cache: dict[tuple[str, str, date], tuple[list[Paper], list[Problem]]] = {}


@dataclass(frozen=True, slots=True)
class Loaded:
    content: Content
    problems: list[Problem]


def display_path(path: Path, root: Path) -> str:
    """Paths in messages are relative to the project, as a curator's editor shows them."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def paper_files(content_dir: Path) -> list[Path]:
    folder = content_dir / PAPERS_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix in PAPER_SUFFIXES and p.is_file())


#: Parse files in parallel only when there is this much to parse: forking and sending the
#: papers back costs more than it saves on small lists.
PARALLEL_BYTES = 4 * 1024 * 1024


def _read_one(job: tuple[str, bytes, date]) -> tuple[list[Paper], list[Problem]]:
    return read_file(*job)


def _read_all(jobs: list[tuple[str, bytes, date]]) -> list[tuple[list[Paper], list[Problem]]]:
    """Parse files; several large ones in a pool of forked processes, one per core.

    Fork only from a single-threaded process (the CLI, ``mkdocs build``): forking beside
    other threads (``mkdocs serve``'s server) could copy a held lock into the child.
    """
    cores = min(len(jobs), os.cpu_count() or 1)
    if (cores < 2 or sum(len(data) for _, data, _ in jobs) < PARALLEL_BYTES
            or threading.active_count() > 1 or "fork" not in mp.get_all_start_methods()):
        return [read_file(*job) for job in jobs]
    with ProcessPoolExecutor(cores, mp_context=mp.get_context("fork")) as pool:
        return list(pool.map(_read_one, jobs))


def _read_cached(files: list[tuple[str, bytes]], today: date
                 ) -> list[tuple[list[Paper], list[Problem]]]:
    """Each file's papers and problems, re-parsing only files whose bytes changed."""
    keys = [(path, hashlib.blake2b(data, digest_size=16).hexdigest(), today)
            for path, data in files]
    missing = [(key, (path, data, today))
               for key, (path, data) in zip(keys, files, strict=True) if key not in _cache]
    if missing:
        if len(_cache) + len(missing) > 4096:
            _cache.clear()
        for (key, _), result in zip(missing, _read_all([job for _, job in missing]),
                                    strict=True):
            _cache[key] = result
    return [_cache[key] for key in keys]


def check_unique(papers: Iterable[Paper]) -> list[Problem]:
    """Ids are URLs and GUIDs: two papers may never share one, and none is renumbered."""
    problems: list[Problem] = []
    by_id: dict[str, Paper] = {}
    for paper in papers:
        first = by_id.get(paper.id)
        if first is None:
            by_id[paper.id] = paper
            continue
        where = f"{first.source.path}:{first.source.line}"
        if not paper.id_is_explicit and not first.id_is_explicit:
            message = (f"this title gives the same id as the paper at {where}; "
                       "give one of them an explicit id:")
        else:
            message = f"duplicate id: already used by the paper at {where}"
        problems.append(Problem(paper.source.path, paper.source.line, paper.source.column,
                                message, paper.id, "id"))
    return problems


def load_papers(content_dir: Path, root: Path, today: date) -> tuple[list[Paper], list[Problem]]:
    papers: list[Paper] = []
    problems: list[Problem] = []
    files: list[tuple[str, bytes]] = []
    for path in paper_files(content_dir):
        shown = display_path(path, root)
        try:
            files.append((shown, path.read_bytes()))
        except OSError as exc:
            problems.append(Problem(shown, 1, 1, f"cannot read file: {exc.strerror}"))
    for found, found_problems in _read_cached(files, today):
        papers.extend(found)
        problems.extend(found_problems)
    problems.extend(check_unique(papers))
    return papers, problems


def load_notes(content_dir: Path, root: Path, ids: set[str]
               ) -> tuple[dict[str, Note], list[Problem]]:
    notes: dict[str, Note] = {}
    problems: list[Problem] = []
    folder = content_dir / NOTES_DIR
    if not folder.is_dir():
        return notes, problems
    for path in sorted(folder.glob("*.md")):
        shown = display_path(path, root)
        note, found = read_note(shown, path.stem, path.read_bytes())
        problems.extend(found)
        if note is None:
            continue
        if note.paper_id not in ids:
            problems.append(Problem(shown, 1, 1, (
                f"no paper has the id {note.paper_id!r}: a notes file is named after its "
                "paper's id (content/notes/<id>.md)")))
            continue
        notes[note.paper_id] = note
    return notes, problems


def load_content(content_dir: Path, root: Path | None = None, today: date | None = None) -> Loaded:
    """Everything in ``content_dir`` with all problems; errors are not raised here."""
    root = root or content_dir.parent
    today = today or date.today()
    papers, problems = load_papers(content_dir, root, today)
    notes, note_problems = load_notes(content_dir, root, {p.id for p in papers})
    problems.extend(note_problems)
    intro_path = content_dir / INTRO_FILE
    intro = None
    if intro_path.is_file():
        intro, intro_problems = decode(display_path(intro_path, root), intro_path.read_bytes())
        problems.extend(intro_problems)
    return Loaded(Content(tuple(papers), notes, intro), problems)


def load_or_fail(content_dir: Path, root: Path | None = None, today: date | None = None) -> Loaded:
    loaded = load_content(content_dir, root, today)
    if errors(loaded.problems):
        raise ContentError(loaded.problems)
    return loaded

