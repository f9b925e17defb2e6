"""The core's stages one by one, cold (no cache), at N papers: where a cold build's own time goes.

    .venv/bin/python benchmarks/stages.py N [--runs R]

Runs ``build_site`` on a synthetic listing (``benchmarks/synthetic.py``) in this process
with an empty memo, timing each stage: loading and validating the YAML, the listing
(each paper's prose), related papers, the paper pages, the listing pages (home, months,
tags, inbox), feeds, BibTeX, the Explore data and our search index. Bare Material has
none of these; the MkDocs side of a build (Markdown, templates, writing) is measured
against bare Material by ``benchmarks/scale.py``. Prints the best of R runs per stage.
"""

from __future__ import annotations

import argparse
import inspect
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.synthetic import cached_listing  # noqa: E402
from generator import pipeline  # noqa: E402
from generator.common.memo import Memo  # noqa: E402
from generator.enrich import listing  # noqa: E402
from generator.load.settings import Settings  # noqa: E402
from generator.render import listing_pages  # noqa: E402

#: (module, function) -> the label a stage is reported under.
STAGES = {
    (pipeline, "load_or_fail"): "load and validate",
    (listing, "corpus"): "every paper's words (corpus)",
    (listing, "related"): "related papers",
    (pipeline, "build_listing"): "listing and prose (related included)",
    (pipeline, "paper_page"): "paper pages",
    (listing_pages.Listings, "pages"): "listing pages",
    (pipeline, "build_feeds"): "feeds",
    (pipeline, "bib_files"): "BibTeX",
    (pipeline, "explore_data"): "Explore data",
    (pipeline, "search_files"): "search index",
}


def timed(times: dict[str, float], label: str, function: Callable[..., Any]
          ) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            result = function(*args, **kwargs)
            return list(result) if inspect.isgenerator(result) else result
        finally:
            times[label] += time.perf_counter() - start
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    best: dict[str, float] = defaultdict(lambda: float("inf"))
    with tempfile.TemporaryDirectory(prefix="stages-") as scratch:
        root = Path(scratch)
        cached_listing(root / "content", args.count)
        for _ in range(args.runs):
            times: dict[str, float] = defaultdict(float)
            patches = [mock.patch.object(owner, name, timed(times, label, getattr(owner, name)))
                       for (owner, name), label in STAGES.items()]
            for patch in patches:
                patch.start()
            try:
                start = time.perf_counter()
                pipeline.build_site(root / "content", Settings(site_url="https://example.org/"),
                                   root, memo=Memo())
                times["core, all stages"] = time.perf_counter() - start
            finally:
                for patch in reversed(patches):
                    patch.stop()
            for label, seconds in times.items():
                best[label] = min(best[label], seconds)
    print(f"{args.count:,} papers, cold, best of {args.runs}")
    for label, seconds in best.items():
        print(f"  {label:<40} {seconds:6.2f} s")
    without = best["core, all stages"] - best["related papers"]
    print(f"  {'core without related papers':<40} {without:6.2f} s")


if __name__ == "__main__":
    main()
