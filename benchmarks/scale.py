"""Cold and warm builds, memory, site size and files at N papers, against bare Material.

    .venv/bin/python benchmarks/scale.py N [--pairs P] [--keep DIR] [--json FILE]

Writes a synthetic listing of N realistic entries (``benchmarks/synthetic.py``: ~200-word
abstracts, 50 tags, dates over five years), then measures, cold and warm apart:

- cold, in P pairs, each build on a fresh copy of its project (nothing left from a build
  before), ours and the baseline alternating: ours is ``mkdocs build --strict`` of the
  project; the baseline is bare Material (search plugin, the same Markdown extensions, no
  reading-list plugin, no overrides) rendering the same paper pages, written as static
  Markdown. The ratio reported is the median of the pairs' ratios;
- the core alone (load to every output) in a fresh process, P times;
- warm, as ``mkdocs serve`` rebuilds: one process builds, a note is edited, it builds
  again (the second build is timed, and its site compared with a cold build's);
- warm, as a new ``mkdocs build`` process after a note edit, next to a bare Material
  build of a one-page site (MkDocs' own start-up), alternating.

Each build runs in its own wrapper process, so its peak memory (``ru_maxrss`` of the
wrapper's children) is that build's alone.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.synthetic import cached_listing  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000",
       "SITE_URL": "https://example.github.io/reading-list/"}

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
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
"""

NOTE_EDIT = "    A note (edited for the warm build):"


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
    from generator.load.settings import read_project
    from generator.pipeline import build_site

    start = time.perf_counter()
    settings = read_project(project / "mkdocs.yml")
    site = build_site(settings.content_dir, settings.settings, settings.root)
    seconds = time.perf_counter() - start
    print(json.dumps({
        "seconds": seconds,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "pages": len(site.pages), "files": len(site.files)}))


def serve(project: Path, site: Path) -> None:
    """Serve mode: build, edit a note, build again in this process (as ``mkdocs serve``
    does: MkDocs keeps the plugin); print the second build's time as JSON."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def once() -> float:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
        config.plugins.on_startup(command="serve", dirty=False)
        start = time.perf_counter()
        build(config)
        return time.perf_counter() - start

    os.environ.update(ENV)
    first = once()
    edit_note(project)
    print(json.dumps({"first": first, "seconds": once()}))


def edit_note(project: Path) -> None:
    papers = sorted((project / "content" / "papers").glob("*.yaml"))[0]
    text = papers.read_text(encoding="utf-8")
    start = text.index("    A note")
    end = text.index(":", start)
    papers.write_text(text[:start] + NOTE_EDIT + text[end + 1:], encoding="utf-8")


def run_json(args: list[str], cwd: Path | None = None) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                          env=ENV, cwd=cwd, check=False)
    if done.returncode != 0:
        sys.exit(f"{args[0]} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if result.get("returncode", 0) != 0:
        sys.exit(f"build failed ({' '.join(args)}):\n{result['output']}")
    return result


def build(project: Path, site: Path, strict: bool = True) -> dict[str, Any]:
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet",
               "--config-file", str(project / "mkdocs.yml"), "--site-dir", str(site)]
    if strict:
        command.append("--strict")
    return run_json(["--measure", *command])


def site_facts(site: Path) -> dict[str, float]:
    total = files = pages = 0
    for path in site.rglob("*"):
        if path.is_file():
            files += 1
            total += path.stat().st_size
            pages += path.suffix == ".html"
    return {"mib": total / 2**20, "files": files, "pages": pages}


def same_site(one: Path, other: Path) -> bool:
    names = sorted(p.relative_to(other).as_posix() for p in other.rglob("*") if p.is_file())
    if names != sorted(p.relative_to(one).as_posix() for p in one.rglob("*") if p.is_file()):
        return False
    _, mismatch, errors = filecmp.cmpfiles(one, other, names, shallow=False)
    return not mismatch and not errors


def prepare(root: Path, count: int, files: int) -> tuple[Path, Path, Path]:
    """Our project, the baseline project (the same paper pages as static Markdown), and a
    one-page baseline."""
    ours = root / "ours"
    ours.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", ours / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", ours / "overrides")
    cached_listing(ours / "content", count, files)

    from generator.load.settings import read_project
    from generator.pipeline import build_site

    project = read_project(ours / "mkdocs.yml")
    outputs = build_site(project.content_dir, project.settings, project.root)
    baseline = root / "baseline"
    docs = baseline / "docs"
    for page in outputs.pages:
        if page.kind == "paper":
            path = docs / page.uri
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page.text, encoding="utf-8")
    (docs / "index.md").write_text("# Baseline\n\nThe same paper pages, as static Markdown.\n",
                                   encoding="utf-8")
    (baseline / "mkdocs.yml").write_text(BASELINE_CONFIG, encoding="utf-8")
    one = root / "one-page"
    (one / "docs").mkdir(parents=True)
    (one / "docs" / "index.md").write_text("# One page\n", encoding="utf-8")
    (one / "mkdocs.yml").write_text(BASELINE_CONFIG, encoding="utf-8")
    return ours, baseline, one


def fresh(project: Path, where: Path) -> Path:
    """A copy of ``project`` that no build has touched."""
    shutil.rmtree(where, ignore_errors=True)
    shutil.copytree(project, where)
    return where


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--measure":
        measure(sys.argv[2:])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--core":
        core(Path(sys.argv[2]))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--serve":
        serve(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int, nargs="?", default=10_000)
    parser.add_argument("--files", type=int, default=5)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build here and keep the sites")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    root = args.keep or Path(tempfile.mkdtemp(prefix="reading-list-scale-"))
    if args.keep:
        shutil.rmtree(root, ignore_errors=True)
    figures: dict[str, Any] = {"count": args.count}
    try:
        ours, baseline, one_page = prepare(root, args.count, args.files)
        cold: list[tuple[dict[str, Any], dict[str, Any]]] = []
        for n in range(args.pairs):
            mine = build(fresh(ours, root / f"ours-{n}"), root / f"site-ours-{n}")
            theirs = build(fresh(baseline, root / f"baseline-{n}"), root / f"site-base-{n}",
                           strict=False)
            cold.append((mine, theirs))
        cores = [run_json(["--core", str(fresh(ours, root / "core"))])
                 for _ in range(args.pairs)]
        # warm: a note edited, then a rebuild in the same process (mkdocs serve) ...
        served = run_json(["--serve", str(fresh(ours, root / "serve")), str(root / "served")])
        served_same = same_site(root / "served", cold_site(ours, root))
        # ... and a new `mkdocs build` process, next to a one-page bare Material build
        warm: list[tuple[dict[str, Any], dict[str, Any]]] = []
        project = fresh(ours, root / "warm")
        build(project, root / "site-warm")
        for n in range(args.pairs):
            edit_note(project) if n == 0 else None
            warm.append((build(project, root / "site-warm"),
                         build(one_page, root / f"site-one-{n}", strict=False)))
        figures.update(
            cold_ours=[mine["seconds"] for mine, _ in cold],
            cold_baseline=[theirs["seconds"] for _, theirs in cold],
            cold_ratio=statistics.median(m["seconds"] / t["seconds"] for m, t in cold),
            peak_ours=max(mine["peak_mib"] for mine, _ in cold),
            peak_baseline=max(theirs["peak_mib"] for _, theirs in cold),
            core=[c["seconds"] for c in cores], core_peak=max(c["peak_mib"] for c in cores),
            serve_first=served["first"], serve_warm=served["seconds"],
            serve_same_as_cold=served_same,
            warm_ours=[mine["seconds"] for mine, _ in warm],
            one_page=[theirs["seconds"] for _, theirs in warm],
            warm_ratio=statistics.median(m["seconds"] / t["seconds"] for m, t in warm),
            site_ours=site_facts(root / "site-ours-0"),
            site_baseline=site_facts(root / "site-base-0"),
        )
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")


def cold_site(ours: Path, root: Path) -> Path:
    """A cold build of the project with the note edited, to compare a warm build with."""
    project = fresh(ours, root / "cold-edited")
    edit_note(project)
    build(project, root / "site-cold-edited")
    return root / "site-cold-edited"


def report(f: dict[str, Any]) -> None:
    n = f["count"]
    core_median = statistics.median(f["core"])
    base_median = statistics.median(f["cold_baseline"])
    print(f"\n{n:,} papers\n")
    print("| | ours | bare Material | ratio |")
    print("|---|---:|---:|---:|")
    print(f"| cold build, s (median of {len(f['cold_ours'])} fresh pairs) "
          f"| {statistics.median(f['cold_ours']):.2f} | {base_median:.2f} "
          f"| {f['cold_ratio']:.2f} |")
    print(f"| core alone, cold, s | {core_median:.2f} | | "
          f"{core_median / base_median:.0%} of bare Material |")
    print(f"| peak memory, MiB | {f['peak_ours']:.0f} | {f['peak_baseline']:.0f} "
          f"| {f['peak_ours'] / f['peak_baseline']:.2f} |")
    ours, base = f["site_ours"], f["site_baseline"]
    print(f"| site, KiB a paper | {ours['mib'] * 1024 / n:.1f} | {base['mib'] * 1024 / n:.1f} "
          f"| |")
    print(f"| site, files | {ours['files']:,} | {base['files']:,} | |")
    print(f"| warm: rebuild in `mkdocs serve` after a note edit, s | {f['serve_warm']:.2f} "
          f"| | same as cold: {'yes' if f['serve_same_as_cold'] else 'NO'} |")
    print(f"| warm: new `mkdocs build` after a note edit, s (vs a one-page site) "
          f"| {statistics.median(f['warm_ours']):.2f} | {statistics.median(f['one_page']):.2f}"
          f" | {f['warm_ratio']:.2f} |")
    print(f"\nall cold runs: ours {[round(s, 2) for s in f['cold_ours']]}, "
          f"baseline {[round(s, 2) for s in f['cold_baseline']]}; "
          f"core {[round(s, 2) for s in f['core']]} (peak {f['core_peak']:.0f} MiB)")


if __name__ == "__main__":
    main()
