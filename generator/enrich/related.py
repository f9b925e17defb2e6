"""Enrich: related papers, the curator's ``see_also`` first, then the nearest by words and
tags.

Each paper is a TF-IDF vector of the words of its title and abstract (sublinear term
frequency, smoothed IDF, unit length), kept to its ``TERMS`` heaviest words, next to
its tags (unit length, weighted ``TAG_WEIGHT``). Two papers are as related as their
vectors' dot product: cosine similarity of words, plus shared tags. TF-IDF with cosine
is the classic measure for short scientific texts and needs no model; keeping each
paper's heaviest words, and dropping words more than ``MAX_DF`` of the papers share,
makes the sparse product that compares every pair cheap and costs little: those words
are what the comparison turns on.

numpy and scipy do the arithmetic. scikit-learn's TfidfVectorizer would replace a few
lines here, but importing it alone takes 1.1-1.5 s on the 2-core machine the targets are
measured on, half of this stage's budget at 10,000 papers.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from generator.enrich.corpus import ABSTRACT, TITLE, Corpus
from generator.load.model import Paper

#: Related papers shown on a paper's page.
SHOWN = 5
#: Heaviest words kept per paper.
TERMS = 40
#: Words in more than this share of the papers are not compared ("the", "model").
MAX_DF = 0.2
#: Weight of shared tags against words (both vectors have unit length).
TAG_WEIGHT = 0.5
#: Rows compared at once: a block of ``CHUNK`` x papers floats.
CHUNK = 128
STOPWORDS = frozenset("""
about above after again against all also and any are because been before being below between
both but can could did does doing down during each few for from further had has have having her
here hers herself him himself his how into its itself just more most myself nor not now off once
only other our ours ourselves out over own same she should some such than that the their theirs
them themselves then there these they this those through too under until very was were what when
where which while who whom why will with would you your yours yourself yourselves paper propose
proposed show shows results result method methods approach based using use used new
""".split())


def _matrix(rows: Any, columns: Any, shape: tuple[int, int]) -> Any:
    """A CSR matrix of ones at (row, column), duplicates summed (counts)."""
    import numpy as np
    from scipy import sparse

    matrix = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, columns)),
                               shape=shape)
    matrix.sum_duplicates()
    return matrix


def _unit_rows(matrix: Any) -> Any:
    import numpy as np
    from scipy import sparse

    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    return (sparse.diags((1 / norms).astype(np.float32)) @ matrix).tocsr()


def _top_terms(matrix: Any, keep: int) -> Any:
    """Each row with only its ``keep`` heaviest entries (ties: the first words)."""
    import numpy as np

    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    order = np.lexsort((-matrix.data, rows))  # by row, then heaviest first
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order)) - matrix.indptr[rows[order]]
    matrix.data[rank >= keep] = 0
    matrix.eliminate_zeros()
    return matrix


def _wanted(word: str) -> bool:
    """A word worth comparing: three characters or more, starting with a letter, not a
    stopword."""
    return len(word) > 2 and not word[0].isdigit() and word not in STOPWORDS


def vectors(papers: Sequence[Paper], corpus: Corpus) -> Any:
    """One row per paper: its heaviest words by TF-IDF, then its tags; unit length each.
    Words are the title's and the abstract's, as the corpus holds them."""
    import numpy as np
    from scipy import sparse

    count = len(papers)
    wanted = np.fromiter(map(_wanted, corpus.terms), dtype=bool, count=len(corpus.terms))
    keep = ((corpus.field == TITLE) | (corpus.field == ABSTRACT)) & wanted[corpus.term]
    counts = _matrix(corpus.paper[keep], corpus.term[keep], (count, max(1, len(corpus.terms))))
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = np.log((1 + count) / (1 + df)) + 1
    idf[df > max(2, MAX_DF * count)] = 0  # shared by too many papers to tell them apart
    counts.data = ((1 + np.log(counts.data)) * idf[counts.indices]).astype(np.float32)
    counts.eliminate_zeros()
    words = _unit_rows(_top_terms(counts, TERMS))
    tags = sorted({tag for paper in papers for tag in paper.tags})
    tag_index = {tag: n for n, tag in enumerate(tags)}
    tagged = _unit_rows(_matrix(
        np.asarray([row for row, paper in enumerate(papers) for _ in paper.tags], dtype=int),
        np.asarray([tag_index[tag] for paper in papers for tag in paper.tags], dtype=int),
        (count, max(1, len(tags)))))
    return sparse.hstack([words, tagged * np.float32(TAG_WEIGHT ** 0.5)], format="csr",
                         dtype=np.float32)


def related(papers: Sequence[Paper], corpus: Corpus, shown: int = SHOWN
            ) -> dict[str, tuple[str, ...]]:
    """Paper id -> the ids of up to ``shown`` related papers, most related first: the
    paper's ``see_also`` (as listed), then by similarity (ties: listing order).
    ``corpus`` holds the words of ``papers``, in their order."""
    import numpy as np

    count = len(papers)
    out = {paper.id: tuple(dict.fromkeys(paper.see_also))[:shown] for paper in papers}
    if count < 2:
        return out
    matrix = vectors(papers, corpus)
    transposed = matrix.T.tocsc()
    extra = max(len(chosen) for chosen in out.values())
    take = min(count - 1, shown + extra + 1)  # enough to fill up past see_also and itself

    def nearest(start: int) -> tuple[int, Any, Any]:
        """A block of rows: each row's ``take`` best candidates and their scores."""
        block = (matrix[start:start + CHUNK] @ transposed).toarray()
        block[np.arange(len(block)), np.arange(start, start + len(block))] = 0  # itself
        picked = np.argpartition(-block, take - 1, axis=1)[:, :take]
        return start, picked, np.take_along_axis(block, picked, axis=1)

    # numpy and scipy release the GIL in the product and the partition: two threads keep
    # both cores busy (1.6 s instead of 2.7 at 10,000 papers)
    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        for start, picked, scores in pool.map(nearest, range(0, count, CHUNK)):
            for offset in range(len(picked)):
                paper = papers[start + offset]
                chosen = list(out[paper.id])
                if len(chosen) >= shown:
                    continue
                order = np.lexsort((picked[offset], -scores[offset]))
                for n, score in zip(picked[offset][order], scores[offset][order],
                                    strict=True):
                    if score <= 0:
                        break
                    other = papers[n].id
                    if other not in chosen:
                        chosen.append(other)
                        if len(chosen) == shown:
                            break
                out[paper.id] = tuple(chosen)
    return out
