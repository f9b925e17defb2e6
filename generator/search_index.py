"""The papers' full-text search index, cut into small files a query fetches a few of.

Material's own index is one file the browser downloads whole and indexes itself: 20 MB
at 10,000 papers, so a word found only in an abstract answered 6-8 s after the page
loaded, over a fast connection. This index is written by the core from the papers'
records, as static files (``search/papers/``):

- ``t/<prefix>.json``: terms starting with ``prefix`` and, for each, the papers that
  have it, as a flat list ``paper - previous paper, weight, ...``; the weight is the best
  field the term is in (title, then authors and tags, note, abstract: ``FIELDS``) times
  16, plus how often it occurs (at most 15). A term lives in the file of the longest
  prefix that has one; prefixes with many postings are split one character deeper, so no
  file is large.
- ``d/<n>.json``: what a result shows, ``CHUNK`` papers a file: address, title, the
  abstract's first sentence, tags, byline and date. A query fetches the files of its
  best results only, and ranks a phrase (its words in order in the title) from them.
- ``manifest.json``: the prefixes, the chunk size and the number of papers.

Papers are numbered oldest first, so ties rank newest first by number alone (the
higher), and a new paper leaves every other paper's number as it was. The worker
(``theme/assets/javascripts/workers/paper-search.js``) reads these files; its
tokenizer and this one must agree (``tokens``).

The index is built with numpy over every word at once (a Python step per word and
paper cost seconds at 10,000 papers): each word becomes a number, and the postings are
one sort of (term, paper, field) triples.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import defaultdict
from itertools import chain
from typing import Any

from generator import latex_math, urls
from generator.listing import Listing
from generator.markup import teaser
from generator.model import Paper

FOLDER = "search/papers"
CHUNK = 16
#: A prefix with more postings than this is split into files one character longer.
SPLIT_POSTINGS = 2_000
MAX_PREFIX = 6
#: The fields searched, best first; a posting's weight says the best it is found in.
FIELDS = ("title", "meta", "note", "abstract")
#: Format of the index; the worker refuses another.
VERSION = 2

#: Lunr's English stop words, which Material's search drops too.
STOP_WORDS = frozenset("""
a able about across after all almost also am among an and any are as at be because been
but by can cannot could dear did do does either else ever every for from get got had has
have he her hers him his how however i if in into is it its just least let like likely
may me might most must my neither no nor not of off often on only or other our own
rather said say says she should since so some than that the their them then there these
they this tis to too twas us wants was we were what when where which while who whom why
will with would yet you your""".split())

_WORD = re.compile(r"[^\W_]+")
_TAG = re.compile(r"<[^>]*>")


def _words(text: str) -> list[str]:
    plain = text.lower()
    if not plain.isascii():
        folded = unicodedata.normalize("NFKD", plain)
        plain = "".join(c for c in folded if not unicodedata.combining(c))
    return _WORD.findall(plain)


def tokens(text: str, start: int = 0) -> list[tuple[int, str]]:
    """(position, word) of each word, counted from ``start``: lower case, accents dropped
    (Schölkopf is found as scholkopf), split at anything not a letter or digit. Stop
    words keep their position but are not indexed."""
    return [(position, word) for position, word in enumerate(_words(text), start)
            if word not in STOP_WORDS]


def _plain(fragment: str) -> str:
    return html.unescape(_TAG.sub(" ", fragment))


def fields(paper: Paper, note_html: str | None) -> tuple[str, str, str, str]:
    """A paper's searchable text by field (``FIELDS``), as plain text."""
    meta = " ".join([*paper.authors, paper.org or "", *paper.tags])
    return (latex_math.to_text(paper.title), meta,
            _plain(note_html) if note_html else "",
            latex_math.to_text(paper.abstract or ""))


def shard_name(prefix: str) -> str:
    """A file name for any prefix: its UTF-8 bytes in hex (``ca`` -> ``6361``)."""
    return prefix.encode("utf-8").hex()


def _shards(counts: dict[str, int]) -> dict[str, list[str]]:
    """Prefix -> its terms: two characters, deeper where a prefix has many postings."""
    out: dict[str, list[str]] = {}

    def place(prefix: str, members: list[str]) -> None:
        size = sum(counts[term] for term in members)
        deeper = [term for term in members if len(term) > len(prefix)]
        if size <= SPLIT_POSTINGS or len(prefix) >= MAX_PREFIX or not deeper:
            out[prefix] = members
            return
        groups: defaultdict[str, list[str]] = defaultdict(list)
        for term in deeper:
            groups[term[: len(prefix) + 1]].append(term)
        shallow = [term for term in members if len(term) <= len(prefix)]
        if shallow:
            out[prefix] = shallow
        for child, child_members in sorted(groups.items()):
            place(child, child_members)

    first: defaultdict[str, list[str]] = defaultdict(list)
    for term in counts:
        first[term[:2]].append(term)
    for prefix, members in sorted(first.items()):
        place(prefix, sorted(members))
    return out


def postings(listing: Listing) -> dict[str, Any]:
    """Term -> (paper numbers, weights), numbered oldest first: the whole index as arrays."""
    import numpy as np

    words: list[list[str]] = []
    for item in listing.papers[::-1]:
        words += map(_words, fields(item, listing.prose[item.id].note))
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    flat = list(chain.from_iterable(words))
    vocabulary = {word: n for n, word in enumerate(dict.fromkeys(flat))}
    terms = list(vocabulary)
    ids = np.fromiter(map(vocabulary.__getitem__, flat), dtype=np.int64, count=len(flat))
    slot = np.repeat(np.arange(len(words), dtype=np.int64), lengths)
    paper, field = slot // len(FIELDS), slot % len(FIELDS)
    stop = np.fromiter((term in STOP_WORDS for term in terms), dtype=bool, count=len(terms))
    keep = ~stop[ids]
    ids, paper, field = ids[keep], paper[keep], field[keep]
    # one entry per (term, paper): its best field (sorted first) and how often it occurs
    order = np.lexsort((field, paper, ids))
    ids, paper, field = ids[order], paper[order], field[order]
    first = np.ones(len(ids), dtype=bool)
    first[1:] = (ids[1:] != ids[:-1]) | (paper[1:] != paper[:-1])
    starts = np.flatnonzero(first)
    counts = np.diff(np.append(starts, len(ids)))
    term_of, paper_of = ids[starts], paper[starts]
    weight = field[starts] * 16 + np.minimum(counts, 15)
    if not len(term_of):
        return {}
    bounds = np.flatnonzero(np.diff(term_of)) + 1
    result: dict[str, Any] = {}
    term_ids = term_of[np.append(0, bounds)]
    for term_id, numbers, weights in zip(term_ids.tolist(), np.split(paper_of, bounds),
                                         np.split(weight, bounds), strict=True):
        result[terms[term_id]] = (numbers, weights)
    return result


def _encode(numbers: Any, weights: Any) -> str:
    """``paper gap, weight, paper gap, weight, ...`` (small numbers are short JSON)."""
    import numpy as np

    gaps = np.diff(numbers, prepend=0)
    return ",".join(map(str, np.column_stack((gaps, weights)).ravel().tolist()))


def search_files(listing: Listing) -> dict[str, str]:
    """Every file of the index, by site path."""
    index = postings(listing)
    shards = _shards({term: len(numbers) for term, (numbers, _) in index.items()})
    files: dict[str, str] = {}
    for prefix, terms in shards.items():
        files[f"{FOLDER}/t/{shard_name(prefix)}.json"] = "{" + ",".join(
            f"{json.dumps(term, ensure_ascii=False)}:[{_encode(*index[term])}]"
            for term in terms) + "}"
    papers = listing.papers[::-1]
    for start in range(0, len(papers), CHUNK):
        files[f"{FOLDER}/d/{start // CHUNK}.json"] = _docs_file(papers[start:start + CHUNK])
    manifest = {"version": VERSION, "count": len(papers), "chunk": CHUNK,
                "fields": FIELDS, "prefixes": sorted(shards)}
    files[f"{FOLDER}/manifest.json"] = json.dumps(manifest, ensure_ascii=False,
                                                  separators=(",", ":"))
    return files


def _docs_file(papers: tuple[Paper, ...]) -> str:
    """What a result shows: address, title, the abstract's first sentence, tags, and one
    line of byline and date."""
    return json.dumps([[urls.public_path(urls.paper(paper.id)),
                        latex_math.to_text(paper.title),
                        latex_math.to_text(teaser(paper.abstract)) if paper.abstract else "",
                        list(paper.tags),
                        _meta(paper)]
                       for paper in papers], ensure_ascii=False, separators=(",", ":"))


def _meta(paper: Paper) -> str:
    when = (f"published {paper.published.label()}" if paper.published
            else f"added {paper.added:%b} {paper.added.day}, {paper.added.year}")
    return " · ".join(part for part in (paper.byline, when) if part)
