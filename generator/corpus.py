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
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator import latex_math
from generator.model import Paper

#: The fields of a paper's text, best first (a title word says most about a paper).
FIELDS = ("title", "meta", "note", "abstract")
TITLE, META, NOTE, ABSTRACT = range(len(FIELDS))

_TAG = re.compile(r"<[^>]*>")


def plain(fragment: str) -> str:
    """Text of a clean HTML fragment (a note)."""
    return html.unescape(_TAG.sub(" ", fragment))


def field_texts(paper: Paper, note_html: str | None) -> tuple[str, str, str, str]:
    """A paper's text by field (``FIELDS``), as plain text."""
    meta = " ".join([*paper.authors, paper.org or "", *paper.tags])
    return (latex_math.to_text(paper.title), meta,
            plain(note_html) if note_html else "",
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


def paper_words(paper: Paper, note_html: str | None) -> tuple[tuple[str, ...], ...]:
    """A paper's words, field by field (``FIELDS``)."""
    from generator.tokenizer import words

    return tuple(tuple(words(text)) for text in field_texts(paper, note_html))


def corpus(papers: tuple[Paper, ...],
           words_of: Callable[[Paper], tuple[tuple[str, ...], ...]]) -> Corpus:
    """Every word of ``papers``; ``words_of`` gives a paper's words (``paper_words``, or
    the ones remembered from the last build)."""
    import numpy as np

    vocabulary: dict[str, int] = {}
    numbered = vocabulary.setdefault
    term = array("i")  # four bytes a word: a list of ints would be eight plus the int
    lengths = array("i")
    for paper in papers:
        for found in words_of(paper):
            lengths.append(len(found))
            term.extend(numbered(word, len(vocabulary)) for word in found)
    slot = np.repeat(np.arange(len(lengths), dtype=np.int32), np.frombuffer(lengths, np.int32))
    return Corpus(list(vocabulary), np.frombuffer(term, dtype=np.int32),
                  slot // len(FIELDS), slot % len(FIELDS))
