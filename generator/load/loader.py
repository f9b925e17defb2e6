"""Load: read the content folder into validated ``Content``, or fail with every problem.

Nothing outside the content folder is read: a symbolic link that leads out of it
(or nowhere) is a problem with its path, since MkDocs would publish what it points at.
Parsing is the expensive part, so each file's result is remembered (``memo``) by its
path, bytes and the day: a build after an edit re-parses only the file that changed.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path

from generator.common.digest import digest
from generator.common.memo import Memo
from generator.common.problems import ContentError, Problem, Severity, errors
from generator.load import bounds, site_paths
from generator.load.bounds import MAX_NESTING, nesting_message
from generator.load.entries import did_you_mean, read_file
from generator.load.model import Content, Location, Note, Paper
from generator.load.note_links import dead_links
from generator.load.notes import read_note
from generator.load.yaml_source import decode

PAPERS_DIR = "papers"
NOTES_DIR = "notes"
INTRO_FILE = "intro.md"
PAPER_SUFFIXES = (".yaml", ".yml")
NOTE_SUFFIX = ".md"

@dataclass(frozen=True, slots=True)
class Loaded:
    content: Content
    problems: list[Problem]
    published: tuple[tuple[str, str], ...] = ()
    """The curator's files the site publishes as they are (``Sources.published``)."""


@dataclass(slots=True)
class Sources:
    """The files of a content folder that the core reads, and those the site publishes."""

    papers: list[Path] = field(default_factory=list)
    notes: list[Path] = field(default_factory=list)
    intro: Path | None = None
    published: list[tuple[str, str]] = field(default_factory=list)
    """Other files MkDocs copies or builds: (content-relative URI, path as shown)."""


def is_papers_file(uri: str) -> bool:
    """``papers/**/*.yaml`` (or ``.yml``, in any case): read by the core, never published."""
    return uri.startswith(PAPERS_DIR + "/") and uri.lower().endswith(PAPER_SUFFIXES)


def is_content_source(uri: str) -> bool:
    """The curator's inputs (a content-relative URI), which the site must not publish raw."""
    return (is_papers_file(uri) or uri.startswith(NOTES_DIR + "/")
            or uri in (INTRO_FILE, "schema.json", "arxiv-misses.yaml"))


def _excluded_by_mkdocs(uri: str) -> bool:
    """MkDocs' default ``exclude_docs``: hidden files and folders, and ``templates/``."""
    return uri.startswith("templates/") or any(part.startswith(".") for part in uri.split("/"))


def display_path(path: Path, root: Path) -> str:
    """Paths in messages are relative to the project, as a curator's editor shows them.

    Symbolic links are not followed: a message names the link, not where it leads.
    """
    absolute, base = os.path.abspath(path), os.path.abspath(root)
    relative = os.path.relpath(absolute, base)
    if relative.startswith(".."):
        resolved = path.resolve()
        try:
            return resolved.relative_to(root.resolve()).as_posix()
        except ValueError:
            return Path(absolute).as_posix()
    return Path(relative).as_posix()


_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _content_link_out(content_dir: Path, root: Path) -> bool:
    """The content folder (or a folder above it, inside the project) is a symbolic link to
    a place outside the project: everything there would be published."""
    lexical, project = Path(os.path.abspath(content_dir)), Path(os.path.abspath(root))
    if not lexical.is_relative_to(project):
        return False  # docs_dir set to a folder elsewhere on purpose
    return not Path(os.path.realpath(content_dir)).is_relative_to(os.path.realpath(root))


def find_sources(content_dir: Path, root: Path) -> tuple[Sources, list[Problem]]:
    """Every file the core reads or the site publishes, and a problem for whatever MkDocs
    must not be given: a link that leads out of the content folder or nowhere (the content
    folder itself included), a loop of links, folders nested deeper than ``MAX_NESTING``,
    and anything that is neither a regular file nor a folder (a named pipe would hang the
    build). Walked with a stack, following links inside the folder as MkDocs does."""
    sources = Sources()
    problems: list[Problem] = []
    if _content_link_out(content_dir, root):
        problems.append(Problem(display_path(content_dir, root), 1, 1, (
            "the content folder is a symbolic link to a place outside the project: only "
            "files inside the project are read and published; make it a real folder")))
        return sources, problems
    if not content_dir.is_dir():
        return sources, problems
    inside = Path(os.path.realpath(content_dir))
    stack: list[tuple[Path, str, tuple[str, ...]]] = [(content_dir, "", (str(inside),))]
    while stack:
        folder, relative, chain = stack.pop()
        try:
            names = sorted(os.listdir(folder))
        except OSError as exc:
            problems.append(Problem(display_path(folder, root), 1, 1,
                                    f"cannot read folder: {exc.strerror}"))
            continue
        for name in reversed(names):  # the stack pops them in order
            path = folder / name
            uri = f"{relative}{name}"
            shown = display_path(path, root)
            if path.is_symlink():
                target = Path(os.path.realpath(path))
                if not target.exists():
                    problems.append(Problem(shown, 1, 1, (
                        f"broken symbolic link (to {os.readlink(path)}): remove it or make "
                        "it point at a file inside the content folder")))
                    continue
                if not target.is_relative_to(inside):
                    problems.append(Problem(shown, 1, 1, (
                        "symbolic link to a place outside the content folder: only files "
                        "inside it are read and published; copy the file in instead")))
                    continue
            try:
                mode = path.stat().st_mode
            except OSError as exc:
                problems.append(Problem(shown, 1, 1, f"cannot read it: {exc.strerror}"))
                continue
            if stat.S_ISDIR(mode):
                real = os.path.realpath(path)
                if real in chain:
                    problems.append(Problem(shown, 1, 1, (
                        "symbolic link to a folder that holds it: the folder would be read "
                        "for ever; remove the link")))
                elif len(chain) > MAX_NESTING:
                    problems.append(Problem(shown, 1, 1, nesting_message(
                        len(chain), "folders") + ": move the files up"))
                elif relative == NOTES_DIR + "/" and name.lower().endswith(NOTE_SUFFIX):
                    problems.append(Problem(shown, 1, 1, (
                        "is a folder, not a file: a long note is a Markdown file "
                        "content/notes/<paper-id>.md")))
                else:
                    stack.append((path, f"{uri}/", (*chain, real)))
                continue
            if not stat.S_ISREG(mode):
                problems.append(Problem(shown, 1, 1, (
                    f"is {_kind(mode)}, not a regular file: only files and folders are read "
                    "and published; remove it")))
                continue
            if is_papers_file(uri):
                sources.papers.append(path)
            elif relative == NOTES_DIR + "/" and name.lower().endswith(NOTE_SUFFIX):
                sources.notes.append(path)
            elif uri == INTRO_FILE:
                sources.intro = path
            elif not is_content_source(uri) and not _excluded_by_mkdocs(uri):
                sources.published.append((uri, shown))
    sources.papers.sort()
    return sources, problems


def _read(path: Path, shown: str, problems: list[Problem]) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError as exc:
        problems.append(Problem(shown, 1, 1, f"cannot read file: {exc.strerror}"))
        return None


def check_unique(papers: Iterable[Paper]) -> list[Problem]:
    """Ids are URLs and GUIDs: two papers may never share one, and none is renumbered.

    Ids that differ only in case would be one file on macOS and Windows: refused too.
    """
    problems: list[Problem] = []
    by_id: dict[str, Paper] = {}
    for paper in papers:
        first = by_id.get(paper.id.casefold())
        if first is None:
            by_id[paper.id.casefold()] = paper
            continue
        where = f"{first.source.path}:{first.source.line}"
        if not paper.id_is_explicit and not first.id_is_explicit:
            message = (f"this title gives the same id as the paper at {where}; "
                       "give one of them an explicit id:")
        elif first.id != paper.id:
            message = (f"id differs only in case from {first.id!r} at {where}; pages of both "
                       "would be one file on macOS and Windows")
        else:
            message = f"duplicate id: already used by the paper at {where}"
        problems.append(Problem(paper.source.path, paper.source.line, paper.source.column,
                                message, paper.id, "id"))
    return problems


def check_aliases(papers: Iterable[Paper]) -> list[Problem]:
    """An old id (``aliases``) redirects to its paper: it may be no paper's id, and no
    other paper's old id."""
    papers = list(papers)
    ids = {paper.id.casefold(): paper for paper in papers}
    owners: dict[str, Paper] = {}
    problems: list[Problem] = []
    for paper in papers:
        for alias in paper.aliases:
            other = ids.get(alias.casefold())
            first = owners.setdefault(alias.casefold(), paper)
            if other is not None:
                where = f"{other.source.path}:{other.source.line}"
                message = (f"alias {alias!r} is the id of "
                           + ("this paper itself" if other is paper else f"the paper at {where}")
                           + ": an alias is an id the paper no longer has")
            elif first is not paper:
                message = (f"alias {alias!r} is already an alias of the paper at "
                           f"{first.source.path}:{first.source.line}")
            else:
                continue
            problems.append(Problem(paper.source.path, paper.source.line,
                                    paper.source.column, message, paper.id, "aliases"))
    return problems


def check_see_also(papers: Iterable[Paper]) -> list[Problem]:
    """``see_also`` names papers of the list, by their current id, and not the paper itself."""
    papers = list(papers)
    ids = {paper.id for paper in papers}
    aliases = {alias: paper.id for paper in papers for alias in paper.aliases}
    problems: list[Problem] = []
    for paper in papers:
        for other in paper.see_also:
            if other == paper.id:
                message = "names the paper itself"
            elif other in aliases:
                message = f"{other!r} is an old id of {aliases[other]!r}: write {aliases[other]!r}"
            elif other not in ids:
                close = did_you_mean(other, sorted(ids))
                message = f"no paper has the id {other!r}{close}"
            else:
                continue
            problems.append(Problem(paper.source.path, paper.source.line, paper.source.column,
                                    message, paper.id, "see_also"))
    return problems


def load_papers(paths: list[Path], root: Path, today: date, memo: Memo | None = None
                ) -> tuple[list[Paper], list[Problem]]:
    papers: list[Paper] = []
    problems: list[Problem] = []
    files: list[tuple[str, bytes]] = []
    for path in paths:
        shown = display_path(path, root)
        data = _read(path, shown, problems)
        if data is not None:
            files.append((shown, data))
    memo = memo or Memo()
    for shown, data in files:
        found, found_problems = memo.get("files", digest(shown, data, today.isoformat()),
                                         partial(read_file, shown, data, today))
        papers.extend(found)
        problems.extend(found_problems)
    problems.extend(check_unique(papers))
    problems.extend(check_aliases(papers))
    if not errors(problems):  # an entry with errors is missing: its id would seem unknown
        problems.extend(check_see_also(papers))
    return papers, problems


def read_notes(paths: list[Path], root: Path, ids: set[str], today: date,
               all_papers: bool = True) -> tuple[dict[str, Note], list[Problem]]:
    """Notes by paper id; a note no paper has is a problem, where ``ids`` are those of
    ``all_papers`` (a papers file with a mistake may hold the note's paper: the mistake
    is reported, not the notes that follow from it)."""
    notes: dict[str, Note] = {}
    problems: list[Problem] = []
    for path in sorted(paths):
        shown = display_path(path, root)
        data = _read(path, shown, problems)
        if data is None:
            continue
        note, note_problems = read_note(shown, path.name[: -len(NOTE_SUFFIX)], data, today)
        problems.extend(note_problems)
        if note is None:
            continue
        if note.paper_id not in ids:
            if not all_papers:
                continue
            problems.append(Problem(shown, 1, 1, (
                f"no paper has the id {note.paper_id!r}: a notes file is named after its "
                "paper's id (content/notes/<id>.md)")))
            continue
        if not note.body:
            problems.append(Problem(shown, 1, 1, "the note is empty: write it, or delete the file",
                                    note.paper_id, severity=Severity.WARNING))
        notes[note.paper_id] = note
    return notes, problems


def check_paths(content: Content, published: list[tuple[str, str]], directory_urls: bool
                ) -> list[Problem]:
    """A problem for each entry whose output would land where another entry's does
    (``site_paths``), naming both."""
    problems = []
    for clash in site_paths.collisions(content, published, directory_urls):
        where = clash.owner.where or Location("content", 1, 1)
        problems.append(Problem(where.path, where.line, where.column,
                                site_paths.clash_message(clash), clash.owner.paper,
                                clash.owner.field))
    return problems


def load_content(content_dir: Path, root: Path | None = None, today: date | None = None,
                 memo: Memo | None = None, directory_urls: bool = True,
                 page_size: int = 100) -> Loaded:
    """Everything in ``content_dir`` with all problems; errors are not raised here.

    ``directory_urls`` is MkDocs' ``use_directory_urls``: where each page is written, so
    outputs that would share a path are found (``check_paths``); ``page_size`` is the
    plugin's, which decides the pages of each listing a note may link to."""
    root = root or content_dir.parent
    today = today or date.today()
    sources, problems = find_sources(content_dir, root)
    papers, paper_problems = load_papers(sources.papers, root, today, memo)
    problems.extend(paper_problems)
    notes, note_problems = read_notes(sources.notes, root, {p.id for p in papers}, today,
                                      all_papers=not errors(paper_problems))
    problems.extend(note_problems)
    intro = intro_path = None
    if sources.intro is not None:
        shown = intro_path = display_path(sources.intro, root)
        data = _read(sources.intro, shown, problems)
        if data is not None:
            intro, intro_problems = decode(shown, data)
            problems.extend(intro_problems)
            excess = bounds.markdown_problem(intro) if intro is not None else None
            if excess is not None:
                problems.append(Problem(shown, excess.line, 1, f"the intro {excess.message}"))
                intro = None
    content = Content(tuple(papers), notes, intro)
    if not errors(problems):  # a missing or doubled entry would only add noise here
        problems.extend(check_paths(content, sources.published, directory_urls))
        problems.extend(dead_links(content, sources.published, page_size, intro_path))
    return Loaded(content, problems, tuple(sources.published))


def load_or_fail(content_dir: Path, root: Path | None = None, today: date | None = None,
                 memo: Memo | None = None, directory_urls: bool = True,
                 page_size: int = 100) -> Loaded:
    loaded = load_content(content_dir, root, today, memo, directory_urls, page_size)
    if errors(loaded.problems):
        raise ContentError(loaded.problems)
    return loaded
