"""What rendering and cleaning outside text costs at N papers.

    .venv/bin/python benchmarks/sanitize.py N [--runs R]

On the synthetic list (``benchmarks/synthetic.py``: a note on one paper in five, a
~200-word abstract on each), times the enrich stage's prose (``listing.paper_prose``):
notes through Python-Markdown and ``html_policy.clean``, abstracts escaped, linked and
cleaned. Prints the best of R runs, and the share of it that nh3 itself takes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.synthetic import cached_listing  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("papers", type=int)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from generator.enrich import html_policy
    from generator.enrich.listing import paper_prose
    from generator.enrich.markup import Markup
    from generator.load.loader import load_or_fail

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        cached_listing(root / "content", args.papers)
        papers = load_or_fail(root / "content", root, date(2030, 1, 1)).content.papers
    notes = sum(1 for p in papers if p.note)
    best = best_clean = float("inf")
    for _ in range(args.runs):
        markup = Markup()
        start = time.perf_counter()
        proses = [paper_prose(paper, None, markup) for paper in papers]
        best = min(best, time.perf_counter() - start)
        fragments = [part for prose in proses for part in (prose.note or "", *prose.abstract)]
        start = time.perf_counter()
        for fragment in fragments:
            html_policy.clean(fragment)
        best_clean = min(best_clean, time.perf_counter() - start)
    print(f"{len(papers):,} papers, {notes:,} notes: prose (Markdown, escaping, cleaning) "
          f"{best:.2f} s, {best / len(papers) * 1e6:.0f} us a paper; of which nh3 alone "
          f"{best_clean:.2f} s ({best_clean / len(fragments) * 1e6:.1f} us a fragment)")


if __name__ == "__main__":
    main()
