"""Cold and warm `mkdocs build` at N papers: what the build cache saves a curator.

    .venv/bin/python benchmarks/incremental.py N [--runs R]

In a scratch copy of the project with a synthetic listing of N papers
(``benchmarks/synthetic.py``), each step a fresh ``mkdocs build --strict`` process:

- cold: no ``.cache/``;
- warm, nothing changed;
- warm after a note edit (one entry's ``note:`` changes: its page, and the listings and
  feeds that show it);
- warm after a title edit (related papers are recomputed; every page whose related block
  changed is rebuilt);
- warm after a tag is renamed in every entry that has it (many pages change).

Each warm build's site is compared with a cold build of the same content, byte for byte.
Prints the times (best of R), pages reused and built, and the cache's size on disk.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.synthetic import cached_listing  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}


def build(project: Path, site: Path) -> tuple[float, str]:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
               "--config-file", str(project / "mkdocs.yml"), "--site-dir", str(site)]
    os.sync()  # the last build's writes reach the disk first: they are not this build's time
    start = time.perf_counter()
    done = subprocess.run(command, env=ENV, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    elapsed = time.perf_counter() - start
    reuse = re.search(r"Build cache: (\d+) pages reused, (\d+) built", done.stderr)
    return elapsed, f"{reuse.group(1)} reused, {reuse.group(2)} built" if reuse else "no cache"


def same_tree(a: Path, b: Path) -> bool:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    if files_a != files_b:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, [str(p) for p in files_a], shallow=False)
    return not mismatch and not errors


def cold_check(project: Path, site: Path, root: Path) -> bool:
    """A cold build of the same content, in a copy without the cache."""
    cold = root / "cold-project"
    shutil.rmtree(cold, ignore_errors=True)
    shutil.copytree(project, cold, ignore=shutil.ignore_patterns(".cache"))
    build(cold, root / "cold-site")
    return same_tree(site, root / "cold-site")


def edit(path: Path, pattern: str, replacement: str) -> None:
    """Replace the first match of ``pattern`` in a YAML file, as a curator's edit would."""
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert changed != text, f"{pattern!r} not found in {path}"
    path.write_text(changed, encoding="utf-8")


def rename_tag(papers: list[Path], new: str) -> None:
    """Rename the first entry's first tag everywhere: its tag page, and every page and card
    of a paper carrying it, change."""
    first = re.search(r"^  tags: \[([^,\]]+)", papers[0].read_text(encoding="utf-8"),
                      re.MULTILINE)
    assert first, "no tags in the synthetic listing"
    old = first.group(1)
    for path in papers:
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(rf"(?<=[\[ ]){re.escape(old)}(?=[,\]])", new, text),
                        encoding="utf-8")


def size(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="incremental-") as scratch:
        root = Path(scratch)
        project = root / "project"
        project.mkdir()
        shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
        shutil.copytree(REPO / "overrides", project / "overrides")
        papers = cached_listing(project / "content", args.count)
        site = root / "site"
        rows: list[tuple[str, float, str, str]] = []

        def step(label: str, change: object = None) -> None:
            best, reuse = float("inf"), ""
            for run in range(args.runs):
                if label == "cold":
                    shutil.rmtree(project / ".cache", ignore_errors=True)
                elif callable(change):
                    change(run)
                elapsed, reuse = build(project, site)
                best = min(best, elapsed)
            same = "-" if label == "cold" else ("yes" if cold_check(project, site, root)
                                               else "NO")
            rows.append((label, best, reuse, same))

        step("cold")
        step("warm, no change")
        step("warm, note edited",
             lambda run: edit(papers[0], r"^    A note[^:]*:", f"    A note (edit {run}):"))
        step("warm, title edited",
             lambda run: edit(papers[-1], r"^- title: .*$", f"- title: A retitled paper {run}"))
        step("warm, tag renamed", lambda run: rename_tag(papers, f"renamed-{run}"))
        print(f"{args.count:,} papers; best of {args.runs}")
        print(f"{'build':<22} {'seconds':>8}  {'pages':<26} same as cold")
        for label, best, reuse, same in rows:
            print(f"{label:<22} {best:>8.2f}  {reuse:<26} {same}")
        print(f"cache: {size(project / '.cache'):.1f} MiB; site: {size(site):.1f} MiB")


if __name__ == "__main__":
    main()
