"""Enrich: every word of every paper, as numbers, for the search index and related papers.

Both need each paper's words by field, and splitting 10,000 abstracts into words is
most of their cost: it is done once, here, with the one tokenizer the search worker
shares (``search_index.words``). Each occurrence is three numbers (word, paper, field) in
numpy arrays, so what reads them works on all papers at once.
"""

from __future__ import annotations

import html
import re
from array import array
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import count
from typing import Any

from generator.common import weburl
from generator.enrich import latex_math
from generator.load.model import Paper, arxiv_base, normalise_arxiv

#: The fields of a paper's text, best first (a title word says most about a paper):
#: ``names`` are the paper's own names besides its title, its arXiv id and the
#: ``owner/repo`` of its code (searched as title words, left out of related papers);
#: ``note`` is the curator's short note and long note (``content/notes/<id>.md``).
FIELDS = ("title", "names", "meta", "note", "abstract")
TITLE, NAMES, META, NOTE, ABSTRACT = range(len(FIELDS))

#: Hosts whose URL paths name a code repository, ``owner/repo`` (GitLab: groups/project).
_FORGES = {"github.com": 2, "gitlab.com": 0}
_BLOCK = re.compile(r"</?(?:p|li|ul|ol|br|hr|h[1-6]|blockquote|pre|div|table|tr|td|th|dl|dt|dd)"
                    r"\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")


def plain(fragment: str) -> str:
    """Text of a clean HTML fragment (a note): blocks apart, inline markup dropped
    (``<em>pure</em>,`` reads ``pure,``), formulas as text, spaces collapsed."""
    text = html.unescape(_TAG.sub("", _BLOCK.sub(" ", fragment)))
    return " ".join(latex_math.to_text(text).split())


def repository(url: str) -> str | None:
    """``owner/repo`` of a GitHub or GitLab address (a GitLab project's groups too), else
    None: ``https://github.com/causalNLP/corr2cause/tree/main`` -> ``causalNLP/corr2cause``."""
    parts = weburl.split(url)
    if parts is None or parts.scheme.lower() not in ("http", "https"):
        return None
    host = (parts.hostname or "").removeprefix("www.")
    if host not in _FORGES:
        return None
    segments = [segment for segment in parts.path.split("/") if segment]
    if "-" in segments:  # GitLab: /group/project/-/tree/main
        segments = segments[:segments.index("-")]
    depth = _FORGES[host] or len(segments)
    if len(segments) < max(depth, 2):
        return None
    segments[depth - 1] = segments[depth - 1].removesuffix(".git")
    return "/".join(segments[:depth])


def arxiv_id(paper: Paper) -> str | None:
    """The paper's arXiv id without its version: its ``arxiv`` field, else read from its
    paper or PDF link."""
    links = dict(paper.links)
    found = paper.arxiv or next(filter(None, (normalise_arxiv(links[kind])
                                              for kind in ("paper", "pdf") if kind in links)),
                                None)
    return arxiv_base(found) if found else None


def field_texts(paper: Paper, notes: tuple[str | None, ...]) -> tuple[str, str, str, str, str]:
    """A paper's text by field (``FIELDS``), as plain text; ``notes`` are the HTML of its
    note and long note (either may be None)."""
    code = dict(paper.links).get("code")
    names = " ".join(filter(None, (arxiv_id(paper), repository(code) if code else None)))
    meta = " ".join([*paper.authors, paper.org or "", *paper.tags])
    return (latex_math.to_text(paper.title), names, meta,
            " ".join(plain(note) for note in notes if note),
            latex_math.to_text(paper.abstract or ""))


@dataclass(frozen=True)
class Corpus:
    terms: list[str]
    """Word number -> the word (lower case, accents dropped: ``search_index.words``)."""
    term: Any
    """Per occurrence: its word's number (numpy int32)."""
    paper: Any
    """Per occurrence: its paper's place in the listing (newest first)."""
    field: Any
    """Per occurrence: its field (``FIELDS``)."""


def paper_words(paper: Paper, notes: tuple[str | None, ...]) -> tuple[str, ...]:
    """A paper's words, field by field (``FIELDS``), each field's joined by spaces (words
    hold none): one string a field is what a rebuild keeps of them, not millions of word
    objects; ``notes`` are the HTML of its note and long note (either may be None)."""
    from generator.enrich.tokenizer import words

    return tuple(" ".join(words(text)) for text in field_texts(paper, notes))


def corpus(papers: tuple[Paper, ...],
           words_of: Callable[[Paper], tuple[str, ...]]) -> Corpus:
    """Every word of ``papers``; ``words_of`` gives a paper's words (``paper_words``, or
    the ones remembered from the last build)."""
    import numpy as np

    # a word's number is the next one the first time it is looked up, the whole loop in
    # C (a Python step a word was most of a rebuild's corpus under serve)
    vocabulary: defaultdict[str, int] = defaultdict(count().__next__)
    number = vocabulary.__getitem__
    term = array("i")  # four bytes a word: a list of ints would be eight plus the int
    lengths = array("i")
    for paper in papers:
        for field in words_of(paper):
            found = field.split(" ") if field else []
            lengths.append(len(found))
            term.extend(map(number, found))
    slot = np.repeat(np.arange(len(lengths), dtype=np.int32), np.frombuffer(lengths, np.int32))
    return Corpus(list(vocabulary), np.frombuffer(term, dtype=np.int32),
                  slot // len(FIELDS), slot % len(FIELDS))
