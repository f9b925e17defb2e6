"""Render: the papers' full-text search index, cut into small files a query fetches a few of.

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
  abstract, tags, byline and date, and the notes (short and long) where there are any;
  abstract and notes as plain text of at most ``TEXT_CHARS`` each (``capped``), from
  which the worker cuts an excerpt around the query's words. A query fetches the files
  of its best results only, and ranks a phrase (its words in order in the title) from
  them.
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

import json
from collections import defaultdict
from functools import partial

from generator.common import urls
from generator.common.memo import Memo
from generator.enrich.corpus import ABSTRACT, FIELDS, NOTE, TITLE, field_texts
from generator.enrich.listing import Listing
from generator.enrich.tokenizer import STOP_WORDS
from generator.load.model import Paper

FOLDER = "search/papers"
#: Papers a result file holds: few, as a query's results are rarely neighbours and a
#: paper's record is mostly its abstract (at 10,000 papers, a word in 1,000 fetches 150 KB
#: of result files gzipped at 4 a file, 520 KB at 16).
CHUNK = 4
#: Characters kept of an abstract, and of a paper's notes, for excerpts: a whole arXiv
#: abstract (1,920 at most).
TEXT_CHARS = 2_000
#: A prefix with more postings than this is split into files one character longer.
SPLIT_POSTINGS = 2_000
MAX_PREFIX = 6
#: Numbers written to text at once.
BLOCK = 65_536
#: Format of the index; the worker refuses another.
VERSION = 3

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


def postings(listing: Listing) -> dict[str, str]:
    """Term -> its postings as the index stores them (``paper gap,weight,...``), papers
    numbered oldest first: the whole index in one sort, encoded in one join."""
    import numpy as np

    corpus = listing.corpus
    terms = corpus.terms
    stop = np.fromiter((term in STOP_WORDS for term in terms), dtype=bool, count=len(terms))
    keep = ~stop[corpus.term]
    ids, field = corpus.term[keep], corpus.field[keep]
    number = len(listing.papers) - 1 - corpus.paper[keep]  # oldest first
    if not len(ids):
        return {}
    # one posting per (term, paper): its best field (sorted first) and how often it
    # occurs; (term, paper, field) packed in one number, so one sort orders them all
    count = len(listing.papers)
    key = (ids.astype(np.int64) * count + number) * len(FIELDS) + field
    del ids, number, field, keep
    key.sort()
    # arrays the size of every word in the list are the index's peak memory: each made
    # in place or as small as its values allow, and dropped as soon as it is read
    field = (key % len(FIELDS)).astype(np.int8)
    posting = np.floor_divide(key, len(FIELDS), out=key)
    first = np.ones(len(posting), dtype=bool)
    np.not_equal(posting[1:], posting[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    del first
    weight = (field[starts].astype(np.int32) * 16
              + np.minimum(np.diff(starts, append=len(posting)), 15)).astype(np.int32)
    del field
    picked = posting[starts]
    del posting, key, starts
    term = (picked // count).astype(np.int32)
    paper = (picked % count).astype(np.int32)
    del picked
    new_term = np.ones(len(term), dtype=bool)
    np.not_equal(term[1:], term[:-1], out=new_term[1:])
    numbers = np.empty(2 * len(term), dtype=np.int32)
    numbers[0::2] = paper - np.where(new_term, 0, np.roll(paper, 1))  # gaps
    numbers[1::2] = weight
    del paper, weight
    # every number written once, a block at a time (a list of millions of strings would
    # be the build's largest object); each term's postings are a slice of the text
    text = "".join(",".join(map(str, numbers[start:start + BLOCK].tolist())) + ","
                   for start in range(0, len(numbers), BLOCK))
    width = np.full(len(numbers), 2, dtype=np.int8)  # digits and a comma
    for power in (10, 100, 1_000, 10_000, 100_000, 1_000_000):
        width += numbers >= power
    firsts = np.flatnonzero(new_term)
    # where each term's postings end in the text: its numbers' widths summed, then added up
    bounds = np.cumsum(np.add.reduceat(width, 2 * firsts, dtype=np.int64))
    del width, numbers
    begins = np.append(0, bounds[:-1])
    stops = bounds - 1  # without the last comma
    return {terms[term_id]: text[begin:stop] for term_id, begin, stop in
            zip(term[firsts].tolist(), begins.tolist(), stops.tolist(), strict=True)}


def search_files(listing: Listing, memo: Memo | None = None) -> dict[str, bytes]:
    """Every file of the index, by site path, in UTF-8 as it is written (held as text, an
    excerpt's ``…`` would take two bytes a character of the whole file). A paper's
    result record is remembered (``memo``): a rebuild under serve remakes only the
    edited paper's, where remaking every record was a fifth of a rebuild at 10,000."""
    memo = memo or Memo(remember=False)
    index = postings(listing)
    shards = _shards({term: encoded.count(",") // 2 + 1 for term, encoded in index.items()})
    files: dict[str, bytes] = {}
    for prefix, terms in shards.items():
        files[f"{FOLDER}/t/{shard_name(prefix)}.json"] = ("{" + ",".join(
            f"{json.dumps(term, ensure_ascii=False)}:[{index[term]}]" for term in terms)
            + "}").encode()
    papers = listing.papers[::-1]
    for start in range(0, len(papers), CHUNK):
        records = [memo.get("result", listing.keys[paper.id], partial(_record, paper, listing))
                   for paper in papers[start:start + CHUNK]]
        files[f"{FOLDER}/d/{start // CHUNK}.json"] = b"[" + b",".join(records) + b"]"
    manifest = {"version": VERSION, "count": len(papers), "chunk": CHUNK,
                "fields": FIELDS, "prefixes": sorted(shards)}
    files[f"{FOLDER}/manifest.json"] = json.dumps(manifest, ensure_ascii=False,
                                                  separators=(",", ":")).encode()
    return files


def _record(paper: Paper, listing: Listing) -> bytes:
    """What a result shows, as JSON: address, title, abstract, tags, one line of byline
    and date, and the notes if any (the text the index read, ``field_texts``)."""
    prose = listing.prose[paper.id]
    texts = field_texts(paper, (prose.note, prose.long_note))
    record = [urls.public_path(urls.paper(paper.id)), texts[TITLE],
              capped(texts[ABSTRACT]), list(paper.tags), result_line(paper)]
    if texts[NOTE]:
        record.append(capped(texts[NOTE]))
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode()


def capped(text: str, limit: int = TEXT_CHARS) -> str:
    """``text`` with its spaces collapsed, cut at the last space before ``limit``
    characters (a word longer than that at ``limit``) and then marked `` …``."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    space = text.rfind(" ", 0, limit + 1)
    return (text[:space] if space > 0 else text[:limit]) + " …"


def result_line(paper: Paper) -> str:
    when = (f"published {paper.published.label()}" if paper.published
            else f"added {paper.added:%b} {paper.added.day}, {paper.added.year}")
    return " · ".join(part for part in (paper.byline, when) if part)
