"""Load: check that a curator's link to a page of the site names a page the site has.

A note (``note:``, ``content/notes/<id>.md``) or the intro links another paper as
``other-id.md``: MkDocs never sees those links (the core hands it finished HTML), so a
link to ``no-such-paper.md`` would ship dead. Every link to a page path (``.md``) that is
not a page of the site (``site_paths.pages``) is an error at its line, found by the
Markdown engine the page is rendered with (``markdown_engine``), so ``check`` and the build
agree.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generator.common import urls, weburl
from generator.common.problems import Problem
from generator.load import site_paths
from generator.load.entries import did_you_mean
from generator.load.model import Content, Location


@dataclass(frozen=True, slots=True)
class CuratorText:
    """Curator Markdown, where its first line is, and the page it is shown on."""

    text: str
    start: Location
    """The file, the line of the text's first line, and its first column there."""
    here: str
    paper: str | None
    field: str


def _curator_texts(content: Content, intro_path: str | None) -> Iterator[CuratorText]:
    for paper in content.papers:
        if paper.note and paper.note_at is not None:
            yield CuratorText(paper.note, paper.note_at, urls.paper(paper.id), paper.id, "note")
    for note in content.notes.values():
        yield CuratorText(note.body, note.source, urls.paper(note.paper_id), note.paper_id,
                          "note")
    if content.intro and intro_path is not None:
        yield CuratorText(content.intro, Location(intro_path, 1, 1), urls.HOME, None, "intro")


def _names_a_page(url: str) -> bool:
    """Whether ``url`` is a path (no scheme or host) to a page file (``x.md``)."""
    parts = weburl.split(url)
    return (parts is not None and not parts.scheme and not parts.netloc
            and parts.path.endswith(site_paths.PAGE_SUFFIXES))


def _where(curator: CuratorText, url: str) -> tuple[int, int]:
    """The link's line and column: where it is first written in the text (whose lines
    all start at the first one's column: a block's indentation)."""
    text, start = curator.text, curator.start
    at = text.find(url)
    if at < 0:
        return start.line, start.column
    return (start.line + text.count("\n", 0, at),
            start.column + at - (text.rfind("\n", 0, at) + 1))


def _message(url: str, target: str | None, ids: list[str]) -> str:
    """What is wrong with the link, and for a paper that is not there, the closest id."""
    if target is not None and posixpath.dirname(target) == "papers":
        paper = posixpath.splitext(posixpath.basename(target))[0]
        return (f"links to {url!r}, a page the site does not have: no paper has the id "
                f"{paper!r}{did_you_mean(paper, ids)}")
    return (f"links to {url!r}, a page the site does not have (another paper is linked "
            "as <its-id>.md, relative to this page)")


def dead_links(content: Content, published: Iterable[tuple[str, str]], page_size: int,
               intro_path: str | None = None) -> list[Problem]:
    """Every link from curator Markdown to a page path that is not a page of the site."""
    texts = [curator for curator in _curator_texts(content, intro_path)
             if site_paths.mentions_page(curator.text)]
    if not texts:  # most lists: no Markdown engine, no page list
        return []
    from generator.load.formulas import converted  # only for text that names a page
    from generator.load.markdown_engine import MarkdownEngine, site_target

    markup = MarkdownEngine(converted)
    pages = site_paths.pages(content, published, page_size)
    ids = sorted(paper.id for paper in content.papers)
    problems = []
    for curator in texts:
        for url in dict.fromkeys(markup.written_links(curator.text)):
            if not _names_a_page(url):
                continue
            target = site_target(curator.here, url)
            if target is not None and target in pages:
                continue
            line, column = _where(curator, url)
            problems.append(Problem(curator.start.path, line, column,
                                    _message(url, target, ids), curator.paper, curator.field))
    return problems
