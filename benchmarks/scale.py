"""Build time, memory, site size and search index size at N papers, against bare Material.

    .venv/bin/python benchmarks/scale.py N [--runs R] [--files F] [--keep DIR]

Writes a synthetic listing of N realistic entries (``benchmarks/synthetic.py``: ~200-word
abstracts, 50 tags, dates over five years), then measures in one run:

- core: ``build_site`` alone (load, validate, render every page and feed), in a fresh process;
- ours: ``mkdocs build --strict`` of the project (search, tags and reading-list plugins);
- baseline: a bare Material build (search and tags plugins, same Markdown extensions, no
  reading-list plugin, no overrides) of the same paper pages written as static Markdown.

Every measurement runs in its own wrapper process, so its peak memory (``ru_maxrss`` of the
wrapper's children) is that build's alone. Builds alternate ours/baseline and the best of R
runs is reported: the machine may be busy with other work.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.synthetic import cached_listing  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}

BASELINE_CONFIG = """\
site_name: Baseline
site_url: https://example.github.io/reading-list/
docs_dir: docs
theme:
  name: material
  font: false
not_in_nav: |
  /papers/
plugins:
  - search
  - tags
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
"""


def measure(command: list[str]) -> None:
    """Wrapper mode: run ``command`` once and print its wall time and peak memory as JSON."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=ENV, check=False)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mib": peak_kib / 1024,
                      "returncode": done.returncode,
                      "output": (done.stdout + done.stderr)[-3000:]}))


def core(project: Path) -> None:
    """Core mode: time ``build_site`` in this (fresh) process; print JSON."""
    from generator.outputs import build_site
    from generator.settings import read_project

    start = time.perf_counter()
    settings = read_project(project / "mkdocs.yml")
    site = build_site(settings.content_dir, settings.settings, settings.root)
    seconds = time.perf_counter() - start
    pages = {uri: text for uri, text in site.files.items() if uri.endswith(".md")}
    listing_pages = {u: t for u, t in pages.items() if not u.startswith("papers/")}
    largest = max(listing_pages, key=lambda u: len(listing_pages[u]))
    print(json.dumps({
        "seconds": seconds,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "pages": len(pages), "files": len(site.files),
        "largest_listing": largest, "largest_listing_kib": len(pages[largest]) / 1024,
    }))


def run_json(args: list[str]) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                          env=ENV, check=False)
    if done.returncode != 0:
        sys.exit(f"{args[0]} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if result.get("returncode", 0) != 0:
        sys.exit(f"build failed ({' '.join(args)}):\n{result['output']}")
    return result


@dataclass
class Row:
    name: str
    seconds: float
    pages: int
    peak_mib: float
    site_mib: float | None = None
    index_mib: float | None = None
    largest_kib: float | None = None


def site_facts(site: Path) -> tuple[int, float, float, float]:
    """HTML pages, site size (MiB), search index (MiB), largest listing page (KiB)."""
    total = 0
    pages = 0
    largest = 0
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            if path.suffix == ".html":
                pages += 1
                if not path.relative_to(site).as_posix().startswith("papers/"):
                    largest = max(largest, size)
    index = site / "search" / "search_index.json"
    return pages, total / 2**20, index.stat().st_size / 2**20, largest / 1024


def build(project: Path, site: Path, strict: bool) -> dict[str, Any]:
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--clean",
               "--config-file", str(project / "mkdocs.yml"), "--site-dir", str(site)]
    if strict:
        command.append("--strict")
    return run_json(["--measure", *command])


def prepare(root: Path, count: int, files: int) -> tuple[Path, Path]:
    ours = root / "ours"
    ours.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", ours / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", ours / "overrides")
    cached_listing(ours / "content", count, files)

    from generator.outputs import build_site
    from generator.settings import read_project

    project = read_project(ours / "mkdocs.yml")
    outputs = build_site(project.content_dir, project.settings, project.root)
    baseline = root / "baseline"
    docs = baseline / "docs"
    for uri, content in outputs.files.items():
        if uri.startswith("papers/") and uri.endswith(".md"):
            path = docs / uri
            path.parent.mkdir(parents=True, exist_ok=True)
            assert isinstance(content, str)
            path.write_text(content, encoding="utf-8")
    (docs / "index.md").write_text("# Baseline\n\nThe same paper pages, as static Markdown.\n",
                                   encoding="utf-8")
    (baseline / "mkdocs.yml").write_text(BASELINE_CONFIG, encoding="utf-8")
    return ours, baseline


def fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--measure":
        measure(sys.argv[2:])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--core":
        core(Path(sys.argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int, nargs="?", default=10_000)
    parser.add_argument("--files", type=int, default=5)
    parser.add_argument("--runs", type=int, default=2, help="builds of each kind (best is shown)")
    parser.add_argument("--core-runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build here and keep the sites")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    root = args.keep or Path(tempfile.mkdtemp(prefix="reading-list-scale-"))
    if args.keep:
        shutil.rmtree(root, ignore_errors=True)
    try:
        ours, baseline = prepare(root, args.count, args.files)
        cores = [run_json(["--core", str(ours)]) for _ in range(args.core_runs)]
        best_core = min(cores, key=lambda r: r["seconds"])
        ours_runs, base_runs = [], []
        for _ in range(args.runs):
            ours_runs.append(build(ours, root / "site-ours", strict=True))
            base_runs.append(build(baseline, root / "site-baseline", strict=False))
        rows = [Row(f"core ({args.core_runs} runs)", best_core["seconds"], best_core["pages"],
                    max(r["peak_mib"] for r in cores),
                    largest_kib=best_core["largest_listing_kib"])]
        for name, runs, site in (("ours: mkdocs build", ours_runs, root / "site-ours"),
                                 ("baseline: bare Material", base_runs, root / "site-baseline")):
            pages, site_mib, index_mib, largest = site_facts(site)
            rows.append(Row(f"{name} ({args.runs} runs)", min(r["seconds"] for r in runs), pages,
                            max(r["peak_mib"] for r in runs), site_mib, index_mib, largest))
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)

    ratio = rows[1].seconds / rows[2].seconds
    # each of our builds against the baseline build right after it: the machine's speed
    # drifts over minutes, so paired ratios say more than the best of each kind
    paired = sorted(o["seconds"] / b["seconds"] for o, b in zip(ours_runs, base_runs, strict=True))
    median = paired[len(paired) // 2] if len(paired) % 2 else sum(
        paired[len(paired) // 2 - 1: len(paired) // 2 + 1]) / 2
    print(f"\n{args.count:,} papers; best of the runs shown, peak memory is the worst run's\n")
    print("| step | seconds | pages/s | peak MiB | site MiB | KiB/paper | search index MiB "
          "| largest listing page KiB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        per_paper = row.site_mib * 1024 / args.count if row.site_mib is not None else None
        print(f"| {row.name} | {row.seconds:.2f} | {row.pages / row.seconds:,.0f} "
              f"| {row.peak_mib:.0f} | {fmt(row.site_mib, '.1f')} | {fmt(per_paper, '.1f')} "
              f"| {fmt(row.index_mib, '.1f')} | {fmt(row.largest_kib, '.0f')} |")
    print(f"\nours / baseline: best {ratio:.3f} ({(ratio - 1) * 100:+.1f}%), paired runs "
          f"{[round(r, 3) for r in paired]}, median {median:.3f}; "
          f"all runs: ours {[round(r['seconds'], 1) for r in ours_runs]}, "
          f"baseline {[round(r['seconds'], 1) for r in base_runs]}, "
          f"core {[round(r['seconds'], 2) for r in cores]}")
    if args.json:
        args.json.write_text(json.dumps({
            "count": args.count, "ratio": ratio, "paired_ratios": paired,
            "rows": [row.__dict__ for row in rows],
            "ours_runs": ours_runs, "baseline_runs": base_runs, "core_runs": cores},
            indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
