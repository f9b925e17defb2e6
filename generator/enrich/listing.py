"""Enrich: validated content made into the ``Listing`` every renderer reads.

Sorted and grouped papers, and each paper's prose as clean HTML (``Prose``), made
once here so that its page, its feed items and the search index carry the same HTML.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from functools import partial

from generator.common import urls
from generator.common.digest import digest
from generator.common.memo import Memo
from generator.common.urls import month_key as month_key  # where listings and stats read it
from generator.enrich.corpus import Corpus, corpus, paper_words
from generator.enrich.markup import Markup, teaser, text_html, title_html
from generator.enrich.related import related
from generator.load.formulas import formulas
from generator.load.latex_text import is_latex, latex_to_text
from generator.load.model import Content, Note, Paper


@dataclass(frozen=True, slots=True)
class Prose:
    """A paper's text as clean HTML (``html_policy``), links relative to its page."""

    title: str
    """The title: escaped, formulas as MathML."""
    teaser: str
    """The abstract's first sentence (``paper_page.teaser``), for cards."""
    note: str | None
    """The ``note`` field, rendered from Markdown."""
    long_note: str | None
    """The body of ``content/notes/<id>.md``, rendered from Markdown."""
    abstract: tuple[str, ...]
    """The abstract's paragraphs: escaped text, bare URLs linked."""

    def __reduce__(self) -> tuple[type[Prose], tuple[object, ...]]:
        """Pickled as its fields (``memo``): the dataclass way costs twice as much."""
        return Prose, (self.title, self.teaser, self.note, self.long_note, self.abstract)


@dataclass(frozen=True, slots=True)
class Listing:
    papers: tuple[Paper, ...]
    """Newest addition first (``Paper.sort_key``)."""
    by_tag: dict[str, tuple[Paper, ...]]
    """Tag name -> its papers, newest first; tags in name order."""
    by_month: dict[str, tuple[Paper, ...]]
    """``YYYY-MM`` of ``added`` -> papers, newest month first."""
    untagged: tuple[Paper, ...]
    """Papers with no tag yet (an import's inbox), newest first."""
    notes: dict[str, Note]
    prose: dict[str, Prose]
    """Paper id -> its prose as HTML."""
    intro: str | None
    """``content/intro.md`` as clean HTML."""
    related: dict[str, tuple[str, ...]]
    """Paper id -> ids of related papers, most related first (``related.related``)."""
    by_id: dict[str, Paper]
    corpus: Corpus
    """Every word of every paper, as numbers (``corpus``)."""
    keys: dict[str, str]
    """Paper id -> a digest of the paper and its long note: what ``memo`` keys of outputs
    made from one paper start from."""

    @property
    def newest_added(self) -> date | None:
        return self.papers[0].added if self.papers else None


def _decoded(text: str) -> str:
    """``text`` as a reader reads it (``latex_to_text``), if its formulas stay exactly the
    formulas written; else as written (``\\textdollar x\\textdollar`` would make a formula
    that ``check`` never saw)."""
    if not is_latex(text):  # its whitespace is already one space (``entries``)
        return text
    decoded = latex_to_text(text)
    if decoded == text or (("$" in decoded or "\\" in decoded) and [
            (f.latex, f.display) for f in formulas(decoded)] != [
            (f.latex, f.display) for f in formulas(text)]):
        return text
    return decoded


def readable(paper: Paper) -> Paper:
    """The paper with the text-mode LaTeX of its title, abstract, authors and organisation
    as Unicode (``na\\"ive`` -> naïve, ``--`` -> en dash), its formulas as written.

    Done once, here, so the page, cards, feeds, search, Explore and citations all read the
    same text; the curator's file keeps what was written (and ids derived from a title
    do not change)."""
    title = _decoded(paper.title)
    abstract = _decoded(paper.abstract) if paper.abstract else paper.abstract
    authors = tuple(map(_decoded, paper.authors))
    org = _decoded(paper.org) if paper.org else paper.org
    if (title, abstract, authors, org) == (paper.title, paper.abstract, paper.authors, paper.org):
        return paper
    return replace(paper, title=title, abstract=abstract, authors=authors, org=org)


def month_label(key: str) -> str:
    """A ``month_key`` as a reader reads it: ``August 2024``."""
    return f"{date.fromisoformat(key + '-01'):%B %Y}"


def paper_prose(paper: Paper, note: Note | None, markup: Markup) -> Prose:
    here = urls.paper(paper.id)
    return Prose(
        title=title_html(paper.title),
        teaser=text_html(teaser(paper.abstract)) if paper.abstract else "",
        note=markup.html(paper.note, here) if paper.note else None,
        long_note=markup.html(note.body, here) if note is not None and note.body else None,
        abstract=tuple(text_html(paragraph) for paragraph in paper.abstract.split("\n\n"))
        if paper.abstract else (),
    )


def build_listing(content: Content, links: urls.Links | None = None,
                  memo: Memo | None = None) -> Listing:
    """The list sorted and grouped, each paper's prose and related papers made (or taken
    from ``memo``, by a digest of exactly what they are made from)."""
    memo = memo or Memo()
    links = links or urls.Links()
    notes = dict(content.notes)
    keys = {paper.id: digest(repr(paper), repr(notes.get(paper.id)))
            for paper in content.papers}
    papers = tuple(sorted((memo.get("readable", keys[paper.id], partial(readable, paper))
                           for paper in content.papers), key=lambda p: p.sort_key))
    tags: defaultdict[str, list[Paper]] = defaultdict(list)
    months: defaultdict[str, list[Paper]] = defaultdict(list)
    for paper in papers:
        for tag in paper.tags:
            tags[tag].append(paper)
        months[month_key(paper.added)].append(paper)
    markup = Markup(links)
    links_key = digest(repr(links))

    def prose(paper: Paper) -> Prose:
        note = notes.get(paper.id)
        return memo.get("prose", keys[paper.id] + links_key,
                        lambda: paper_prose(paper, note, markup))

    related_key = digest(*(repr((p.id, p.title, p.abstract, p.tags, p.see_also))
                           for p in papers))
    prose_of = {paper.id: prose(paper) for paper in papers}
    def words_of(paper: Paper) -> tuple[str, ...]:
        text = prose_of[paper.id]
        return memo.get("words", keys[paper.id],
                        lambda: paper_words(paper, (text.note, text.long_note)))

    words = corpus(papers, words_of)
    return Listing(
        papers=papers,
        by_tag={tag: tuple(tags[tag]) for tag in sorted(tags)},
        by_month={month: tuple(months[month]) for month in sorted(months, reverse=True)},
        untagged=tuple(paper for paper in papers if not paper.tags),
        notes=notes,
        prose=prose_of,
        intro=markup.html(content.intro, urls.HOME) if content.intro else None,
        related=memo.get("related", related_key, lambda: related(papers, words)),
        by_id={paper.id: paper for paper in papers},
        corpus=words,
        keys=keys,
    )
