"""Stage 1: read the content folder into validated ``Content``, or fail with every problem.

Parsing is the expensive part, so each file's result is cached on its path and
bytes: under ``mkdocs serve`` an edit re-parses only the file that changed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from generator import forking
from generator.entries import read_file, read_piece
from generator.model import Content, Note, Paper
from generator.notes import read_note
from generator.problems import ContentError, Problem, errors
from generator.yaml_source import decode, split_entries

PAPERS_DIR = "papers"
NOTES_DIR = "notes"
INTRO_FILE = "intro.md"
PAPER_SUFFIXES = (".yaml", ".yml")

_cache: dict[str, tuple[bytes, date, tuple[list[Paper], list[Problem]]]] = {}
"""Path -> the bytes last read there, the day they were read for, and what they gave."""


@dataclass(frozen=True, slots=True)
class Loaded:
    content: Content
    problems: list[Problem]
    prepared: dict[str, object] = field(default_factory=dict)
    """Paper id -> ``prepare(paper, note)``, for papers read in parallel (see ``load_content``)."""


Prepare = Callable[[Paper, Note | None], object]


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


#: Parse in parallel only when there is this much to parse: forking and sending the
#: papers back costs more than it saves on small lists.
PARALLEL_BYTES = 4 * 1024 * 1024
#: Pieces are no smaller than this: below it, sending them out costs more than it saves.
MIN_PIECE = 1 << 18

Job = tuple[str, bytes, date]
Result = tuple[list[Paper], list[Problem]]
Prepared = dict[str, object]
Piece = tuple[int, int, int, int]
"""A file's index in the jobs, then ``split_entries``' start, end and lines before."""

#: The jobs being read in parallel, what to prepare from each paper, and which pieces a
#: process has claimed: forked workers find them here, in memory they share with this
#: process, instead of receiving them pickled (a function need not be picklable).
_jobs: list[Job] = []
_prepare: Callable[[Paper], object] | None = None
_claims: forking.Claims | None = None


def _read_one(number: int, piece: Piece) -> tuple[Result, Prepared] | Literal[False] | None:
    """A piece's papers, problems and prepared results; ``None`` if the piece is not clean
    alone, ``False`` if another process claimed it first. A piece that is a whole file
    is read as a file (``read_file``: encoding and size checks included)."""
    if _claims is not None and not _claims.claim(number):
        return False
    index, start, end, lines = piece
    path, data, today = _jobs[index]
    if start == 0 and end == len(data):
        found: Result | None = read_file(path, data, today)
    else:
        found = read_piece(path, data[start:end], lines, today)
    if found is None:
        return None
    prepare = _prepare
    return found, {} if prepare is None else {paper.id: prepare(paper) for paper in found[0]}


def _parallel(jobs: list[Job]) -> int:
    """How many processes to parse ``jobs`` with: 1 unless it pays (``forking.cores``)."""
    if sum(len(data) for _, data, _ in jobs) < PARALLEL_BYTES:
        return 1
    return forking.cores()


def _read_all(jobs: list[Job], prepare: Callable[[Paper], object] | None = None
              ) -> tuple[list[Result], Prepared]:
    """Parse and validate files; large lists on every core, where each worker also runs
    ``prepare`` on the papers it read (what is prepared is returned, keyed by paper id).

    Files are cut into pieces at top-level entries (``split_entries``), so even one big
    file is shared out. Every piece is a task for the forked workers, taken from the
    front, while this process takes pieces from the back; each piece is claimed first
    (``forking.Claims``), so it is read once: however fast each process runs, they
    finish within a piece of each other, and each piece's results come back (pickled)
    while the others are being read. A file any of whose pieces is not clean alone is
    read again whole, here.
    """
    global _jobs, _prepare, _claims
    processes = _parallel(jobs)
    if processes == 1:
        return [read_file(*job) for job in jobs], {}
    # pieces small enough to share out evenly, big enough that parsing dominates
    target = max(sum(len(data) for _, data, _ in jobs) // (16 * processes), MIN_PIECE)
    pieces = [(index, *span) for index, (_, data, _) in enumerate(jobs)
              for span in split_entries(data, -(-len(data) // target))]
    found: dict[int, tuple[Result, Prepared] | None] = {}
    _jobs, _prepare, _claims = jobs, prepare, forking.Claims(len(pieces))
    # Results come back through a pipe read by the pool's thread here, 64 KiB at a time,
    # each read waiting for this thread to yield the GIL: 5 ms by default, so workers
    # stood blocked on their sends a third of the time.
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(0.0001)
    try:
        with forking.pool(processes - 1) as pool:
            futures = [pool.submit(forking.in_worker, _read_one, number, piece)
                       for number, piece in enumerate(pieces)]
            for number in reversed(range(len(pieces))):
                mine = _read_one(number, pieces[number])
                if mine is False:  # a worker has it: the rest are theirs
                    break
                found[number] = mine
            for number, future in enumerate(futures):
                theirs = future.result()
                if theirs is not False:
                    found[number] = theirs
    finally:
        _jobs, _prepare, _claims = [], None, None
        sys.setswitchinterval(switch_interval)
    failed = {pieces[number][0] for number, piece in found.items() if piece is None}
    results: list[Result] = [([], []) for _ in jobs]
    prepared: Prepared = {}
    for number, (index, *_) in enumerate(pieces):
        piece = found[number]
        if piece is not None and index not in failed:
            results[index][0].extend(piece[0][0])
            results[index][1].extend(piece[0][1])
            prepared.update(piece[1])
    for index in failed:
        results[index] = read_file(*jobs[index])
    return results, prepared


def _read_cached(files: list[tuple[str, bytes]], today: date,
                 prepare: Callable[[Paper], object] | None = None
                 ) -> tuple[list[Result], Prepared]:
    """Each file's papers and problems, re-parsing only files whose bytes changed.

    One entry per path, so the cache holds the current files only; comparing the bytes
    themselves costs less than hashing them. What is prepared is not cached: it may
    depend on more than the file.
    """
    for gone in _cache.keys() - {path for path, _ in files}:  # deleted or renamed
        del _cache[gone]
    missing = [(path, data, today) for path, data in files
               if _cache.get(path, (None, None))[:2] != (data, today)]
    results, prepared = _read_all(missing, prepare) if missing else ([], {})
    for job, result in zip(missing, results, strict=True):
        _cache[job[0]] = (job[1], today, result)
    return [_cache[path][2] for path, _ in files], prepared


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


def load_papers(content_dir: Path, root: Path, today: date,
                prepare: Callable[[Paper], object] | None = None
                ) -> tuple[list[Paper], list[Problem], Prepared]:
    papers: list[Paper] = []
    problems: list[Problem] = []
    files: list[tuple[str, bytes]] = []
    for path in paper_files(content_dir):
        shown = display_path(path, root)
        try:
            files.append((shown, path.read_bytes()))
        except OSError as exc:
            problems.append(Problem(shown, 1, 1, f"cannot read file: {exc.strerror}"))
    results, prepared = _read_cached(files, today, prepare)
    for found, found_problems in results:
        papers.extend(found)
        problems.extend(found_problems)
    problems.extend(check_unique(papers))
    return papers, problems, prepared


def read_notes(content_dir: Path, root: Path) -> list[tuple[str, Note | None, list[Problem]]]:
    """Each notes file: its shown path, its note (``None`` if unreadable), its problems."""
    folder = content_dir / NOTES_DIR
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.md")):
        shown = display_path(path, root)
        note, problems = read_note(shown, path.stem, path.read_bytes())
        found.append((shown, note, problems))
    return found


def match_notes(found: list[tuple[str, Note | None, list[Problem]]], ids: set[str]
                ) -> tuple[dict[str, Note], list[Problem]]:
    """Notes by paper id; a note no paper has is a problem."""
    notes: dict[str, Note] = {}
    problems: list[Problem] = []
    for shown, note, note_problems in found:
        problems.extend(note_problems)
        if note is None:
            continue
        if note.paper_id not in ids:
            problems.append(Problem(shown, 1, 1, (
                f"no paper has the id {note.paper_id!r}: a notes file is named after its "
                "paper's id (content/notes/<id>.md)")))
            continue
        notes[note.paper_id] = note
    return notes, problems


def load_content(content_dir: Path, root: Path | None = None, today: date | None = None,
                 prepare: Prepare | None = None) -> Loaded:
    """Everything in ``content_dir`` with all problems; errors are not raised here.

    Where papers are read in parallel, ``prepare(paper, note)`` also runs there, for
    the next stage's per-paper work (``Loaded.prepared``): it must depend on nothing but
    its arguments. Papers read here are not prepared; the caller does that.
    """
    root = root or content_dir.parent
    today = today or date.today()
    found_notes = read_notes(content_dir, root)
    by_id = {note.paper_id: note for _, note, _ in found_notes if note is not None}
    papers, problems, prepared = load_papers(
        content_dir, root, today,
        None if prepare is None else lambda paper: prepare(paper, by_id.get(paper.id)))
    notes, note_problems = match_notes(found_notes, {p.id for p in papers})
    problems.extend(note_problems)
    intro_path = content_dir / INTRO_FILE
    intro = None
    if intro_path.is_file():
        intro, intro_problems = decode(display_path(intro_path, root), intro_path.read_bytes())
        problems.extend(intro_problems)
    return Loaded(Content(tuple(papers), notes, intro), problems, prepared)


def load_or_fail(content_dir: Path, root: Path | None = None, today: date | None = None,
                 prepare: Prepare | None = None) -> Loaded:
    loaded = load_content(content_dir, root, today, prepare)
    if errors(loaded.problems):
        raise ContentError(loaded.problems)
    return loaded

