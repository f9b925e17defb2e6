"""The papers' full-text search index, cut into small files a query fetches a few of.

Material's own index is one file the browser downloads whole and indexes itself: 20 MB
at 10,000 papers, so a word found only in an abstract answered 6-8 s after the page
loaded, over a fast connection. This index is written by the core from the papers'
records, as static files (``search/papers/``):

- ``t/<prefix>.json``: terms starting with ``prefix`` and, for each, its postings: the
  papers (by number) and the word positions where it occurs, as a flat list of
  ``paper - previous paper, count, first position, gap, gap, ...``. A term lives in the file of
  the longest prefix that has one; prefixes with many postings are split one character
  deeper, so no file is large. Positions say the field (title, then authors and tags,
  note, abstract: see ``FIELD_START``) and let a query rank a phrase above scattered words.
- ``d/<n>.json``: what a result shows, ``CHUNK`` papers a file: address, title, the
  abstract's first sentence, tags, byline and date. A query fetches the files of its
  best results only.
- ``manifest.json``: the prefixes, the chunk size and the number of papers.

Papers are numbered oldest first, so ties rank newest first by number alone (the
higher), and a new paper leaves every other paper's number as it was. The worker
(``theme/assets/javascripts/workers/paper-search.js``) reads these files; its
tokenizer and this one must agree (``tokens``).
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import re
import unicodedata
from collections import defaultdict
from functools import partial

from generator import latex_math, urls
from generator.build_cache import digest
from generator.listing import Listing
from generator.markup import teaser
from generator.memo import Memo
from generator.model import Paper

FOLDER = "search/papers"
CHUNK = 16
#: A prefix with more postings than this is split into files one character longer.
SPLIT_POSTINGS = 2_000
MAX_PREFIX = 6
#: Where each field's word positions start; the worker reads the field back from them.
FIELD_START = {"title": 0, "meta": 1_000, "note": 2_000, "abstract": 4_000}

#: Lunr's English stop words, which Material's search drops too.
STOP_WORDS = frozenset("""
a able about across after all almost also am among an and any are as at be because been
but by can cannot could dear did do does either else ever every for from get got had has
have he her hers him his how however i if in into is it its just least let like likely
may me might most must my neither no nor not of off often on only or other our own
rather said say says she should since so some than that the their them then there these
they this tis to too twas us wants was we were what when where which while who whom why
will with would yet you your""".split())

#: A word: letters and digits of any script (``[\\p{L}\\p{N}]+`` in the worker; Python's
#: ``\\w`` without ``_`` is the same set, checked over every character by the tests).
_WORD = re.compile(r"[^\W_]+")
_TAG = re.compile(r"<[^>]*>")


def fold(text: str) -> str:
    """The worker's ``fold``: lower case, compatibility decomposition (NFKD), and every
    mark dropped (Unicode category M: accents, and the vowel signs of Devanagari or
    Tamil, which are not combining characters, so dropping only those split ``हिन्दी``
    in the index and not in the worker)."""
    plain = text.lower()
    if plain.isascii():
        return plain
    return "".join(char for char in unicodedata.normalize("NFKD", plain)
                   if unicodedata.category(char)[0] != "M")


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def tokens(text: str, start: int = 0) -> list[tuple[int, str]]:
    """(position, word) of each word, counted from ``start``: lower case, marks dropped
    (Schölkopf is found as scholkopf), split at anything not a letter or digit. Stop
    words keep their position but are not indexed, so a phrase across one still reads
    as adjacent words. The worker's ``words`` is the same rule (tests/test_tokenizer.py)."""
    return [(position, word) for position, word in enumerate(_words(text), start)
            if word not in STOP_WORDS]


def _plain(fragment: str) -> str:
    return html.unescape(_TAG.sub(" ", fragment))


def fields(paper: Paper, note_html: str | None) -> dict[str, str]:
    """A paper's searchable text by field, as plain text."""
    meta = " ".join([*paper.authors, paper.org or "", *paper.tags])
    return {"title": latex_math.to_text(paper.title), "meta": meta,
            "note": _plain(note_html) if note_html else "",
            "abstract": latex_math.to_text(paper.abstract or "")}


def postings(paper: Paper, note_html: str | None) -> dict[str, str]:
    """Term -> its positions in the paper (every field's offset added), encoded as the
    index stores them: ``count,first,gap,gap,...`` (small numbers are short JSON)."""
    found: defaultdict[str, list[int]] = defaultdict(list)
    for name, text in fields(paper, note_html).items():
        for position, word in tokens(text, FIELD_START[name]):
            found[word].append(position)
    return {term: f"1,{positions[0]}" if len(positions) == 1 else
            ",".join(map(str, [len(positions), positions[0],
                               *(b - a for a, b in itertools.pairwise(positions))]))
            for term, positions in found.items()}


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


def shard_name(prefix: str) -> str:
    """A file name for any prefix: its UTF-8 bytes in hex (``ca`` -> ``6361``)."""
    return prefix.encode("utf-8").hex()


#: Papers a block holds: the index is assembled from blocks kept whole in ``memo``.
BLOCK = 256


def search_files(listing: Listing, memo: Memo | None = None) -> dict[str, str]:
    """Every file of the index, by site path.

    Papers are numbered oldest first, so a new paper takes the next number and leaves
    every other file as it was. Postings are made in blocks of ``BLOCK`` papers, each
    kept in ``memo`` by its papers' keys, and each file by a digest of the block
    segments it is made of: an edit re-reads one block's papers and re-encodes only the
    files whose terms it changed. (Assembling 10,000 papers' 1.6 million postings paper
    by paper was two seconds of every warm build.)
    """
    memo = memo or Memo()
    papers = listing.papers[::-1]
    keys = [listing.keys[paper.id] for paper in papers]
    blocks = [memo.get("search-blocks", digest(str(start), *keys[start:start + BLOCK]),
                       partial(_block, listing, papers[start:start + BLOCK], start))
              for start in range(0, len(papers), BLOCK)]
    counts: defaultdict[str, int] = defaultdict(int)
    where: defaultdict[str, list[int]] = defaultdict(list)
    for number, block in enumerate(blocks):
        for term, segment in block.items():
            counts[term] += segment[0]
            where[term].append(number)
    shards = _shards(counts)
    files: dict[str, str] = {}
    for prefix, terms in shards.items():
        # What the file is made of, so a note edit changes only its own terms' files.
        key = digest(prefix, *(term + "".join([blocks[b][term][4] for b in where[term]])
                               for term in terms))
        files[f"{FOLDER}/t/{shard_name(prefix)}.json"] = memo.get(
            "search-terms", key, partial(_terms_file, terms, where, blocks))
    for start in range(0, len(papers), CHUNK):
        chunk = papers[start:start + CHUNK]
        files[f"{FOLDER}/d/{start // CHUNK}.json"] = memo.get(
            "search-docs", digest(*keys[start:start + CHUNK]),
            partial(_docs_file, chunk))
    manifest = {"count": len(papers), "chunk": CHUNK, "fields": FIELD_START,
                "prefixes": sorted(shards)}
    files[f"{FOLDER}/manifest.json"] = json.dumps(manifest, ensure_ascii=False,
                                                  separators=(",", ":"))
    return files


Segment = tuple[int, int, int, str, str]
"""A term in one block: how many papers have it, the first and last paper's numbers,
its postings from the first paper on (``count,first,gap,...,paper gap,count,...``), and
a digest of the first number and the postings."""


def _block(listing: Listing, papers: tuple[Paper, ...] | list[Paper], start: int
           ) -> dict[str, Segment]:
    members: defaultdict[str, list[tuple[int, str]]] = defaultdict(list)
    for number, paper in enumerate(papers, start):
        for term, encoded in postings(paper, listing.prose[paper.id].note).items():
            members[term].append((number, encoded))
    block: dict[str, Segment] = {}
    for term, found in members.items():
        parts = [found[0][1]]
        for (previous, _), (number, encoded) in itertools.pairwise(found):
            parts.append(f"{number - previous},{encoded}")
        encoded = ",".join(parts)
        sign = hashlib.blake2b(f"{found[0][0]},{encoded}".encode(), digest_size=8).hexdigest()
        block[term] = (len(found), found[0][0], found[-1][0], encoded, sign)
    return block


def _terms_file(terms: list[str], where: dict[str, list[int]],
                blocks: list[dict[str, Segment]]) -> str:
    """``{"term": [paper gap, count, first, gap, ..., paper gap, ...], ...}``"""
    parts = []
    for term in terms:
        previous = 0
        flat = []
        for number in where[term]:
            _, first, last, encoded, _ = blocks[number][term]
            flat.append(f"{first - previous},{encoded}")
            previous = last
        parts.append(f"{json.dumps(term, ensure_ascii=False)}:[{','.join(flat)}]")
    return "{" + ",".join(parts) + "}"


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
