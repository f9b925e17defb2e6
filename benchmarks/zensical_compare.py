"""Zensical, Material's successor, building our ``write`` output at N papers: cold, warm
with its cache, and warm after one entry's note changed; to set beside
``benchmarks/incremental.py N``.

    .venv/bin/python benchmarks/zensical_compare.py N

Needs ``pip install -e '.[zensical]'``. The core's output (``python -m generator write``)
is written once into a scratch Zensical project, as ``python -m generator zensical``
does; each build is a fresh ``zensical build`` process and only it is timed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.synthetic import cached_listing  # noqa: E402
from generator.outputs import build_site, write_tree  # noqa: E402
from generator.settings import _TolerantLoader, read_project  # noqa: E402
from generator.zensical_build import MATERIAL_COPIES, THEME, zensical_config  # noqa: E402


def write(project: Path, work: Path) -> None:
    """The core's output as the Zensical project's docs (replacing the last)."""
    settings = read_project(project / "mkdocs.yml").settings
    settings = replace(settings, links_from_source=True, search_index=False)
    site = build_site(project / "content", settings, project)
    shutil.rmtree(work / "docs", ignore_errors=True)
    write_tree(site.as_files(), work / "docs")


def zensical(work: Path) -> float:
    command = shutil.which("zensical") or str(Path(sys.executable).parent / "zensical")
    os.sync()
    start = time.perf_counter()
    done = subprocess.run([command, "build", "--config-file", str(work / "zensical.yml")],
                          cwd=work, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode:
        sys.exit(f"zensical build failed:\n{done.stderr[-3000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zensical-") as scratch:
        root = Path(scratch)
        project, work = root / "project", root / "work"
        project.mkdir()
        shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
        papers = cached_listing(project / "content", args.count)
        work.mkdir()
        write(project, work)
        shutil.copytree(THEME, work / "theme", ignore=shutil.ignore_patterns(*MATERIAL_COPIES))
        raw = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"),
                        Loader=_TolerantLoader)
        (work / "zensical.yml").write_text(
            yaml.safe_dump(zensical_config(raw, "docs", "site", "theme"), sort_keys=False),
            encoding="utf-8")
        cold = zensical(work)
        warm = zensical(work)
        text = papers[0].read_text(encoding="utf-8")
        papers[0].write_text(re.sub(r"(?m)^    A note[^:]*:", "    A note (edited):", text,
                                    count=1), encoding="utf-8")
        write(project, work)
        noted = zensical(work)
        print(f"Zensical, {args.count:,} papers (our write output): cold {cold:.2f} s, "
              f"warm {warm:.2f} s, warm after a note edit {noted:.2f} s")


if __name__ == "__main__":
    main()
