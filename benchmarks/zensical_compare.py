"""The site built with each engine at N papers, cold and warm, in one run on one machine:
``python -m generator build`` (what ``make site`` runs) with ``engine: mkdocs`` and with
``engine: zensical``.

    .venv/bin/python benchmarks/zensical_compare.py N [--runs R]

A synthetic listing of N entries (``benchmarks/synthetic.py``) is copied into two fresh
projects, one per engine. Cold is a project's first build; warm is the next build of the
same project, nothing changed, in a new process (neither engine keeps anything on disk
for us between builds; the disk cache is warm). The engines alternate, R rounds on fresh
projects; each figure is the median, and every process is timed whole (Python start,
core, engine, writing the site). ``benchmarks/scale.py`` has MkDocs' figures in detail.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.synthetic import cached_listing  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000",
       "SITE_URL": "https://example.github.io/reading-list/"}
ENGINES = ("mkdocs", "zensical")


def project(root: Path, count: int, engine: str) -> Path:
    root.mkdir(parents=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    anchor = "  - reading-list:\n"
    config = config.replace(anchor, f"{anchor}      engine: {engine}\n", 1)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (root / "overrides").mkdir()  # mkdocs.yml's custom_dir, empty as the template ships it
    cached_listing(root / "content", count)
    return root


def build(root: Path) -> float:
    os.sync()
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "generator", "build", "site"], cwd=root,
                          env=ENV, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"build failed in {root}:\n{(done.stdout + done.stderr)[-3000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    times: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="engines-") as scratch:
        for run in range(args.runs):
            for engine in ENGINES if run % 2 == 0 else ENGINES[::-1]:
                root = project(Path(scratch) / f"{engine}-{run}", args.count, engine)
                times.setdefault((engine, "cold"), []).append(build(root))
                times.setdefault((engine, "warm"), []).append(build(root))
                shutil.rmtree(root)
    for engine in ENGINES:
        cold = statistics.median(times[engine, "cold"])
        warm = statistics.median(times[engine, "warm"])
        print(f"{engine:8} {args.count:>6,} papers: cold {cold:6.1f} s, warm {warm:6.1f} s")


if __name__ == "__main__":
    main()
