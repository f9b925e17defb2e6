"""Bytes of the papers' search index (``search/papers/``) per paper, on a synthetic list.

    .venv/bin/python benchmarks/search_size.py [N]

Builds the core's outputs for N synthetic papers (``synthetic.py``, default 10,000) and
prints, for the term files, the result files and both, their count, bytes a paper (as
written, and gzipped as GitHub Pages serves them) and the median file, gzipped.
"""

from __future__ import annotations

import gzip
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.synthetic import cached_listing
from generator.load.settings import Settings
from generator.pipeline import build_site
from generator.render.search_index import FOLDER


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        cached_listing(root / "content", count)
        site = build_site(root / "content", Settings(site_url="https://x.org/"), root)
    groups: dict[str, list[tuple[int, int]]] = {"terms (t/)": [], "results (d/)": []}
    for uri, content in site.files.items():
        if uri.startswith(f"{FOLDER}/t/") or uri.startswith(f"{FOLDER}/d/"):
            data = content if isinstance(content, bytes) else content.encode()
            key = "terms (t/)" if uri.startswith(f"{FOLDER}/t/") else "results (d/)"
            groups[key].append((len(data), len(gzip.compress(data))))
    groups["both"] = groups["terms (t/)"] + groups["results (d/)"]
    print(f"{count:,} papers")
    print("| files | count | bytes a paper | gzipped a paper | median file, gzipped |")
    print("|---|---|---|---|---|")
    for name, sizes in groups.items():
        raw = sum(size for size, _ in sizes)
        packed = sum(size for _, size in sizes)
        median = statistics.median(size for _, size in sizes)
        print(f"| {name} | {len(sizes):,} | {raw / count:,.0f} | {packed / count:,.0f} "
              f"| {median:,.0f} |")


if __name__ == "__main__":
    main()
