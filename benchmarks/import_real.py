"""Import every real file of ../shared/fixtures/real into one new list, then build it.

    .venv/bin/python benchmarks/import_real.py [FOLDER]

For each file: the importer that reads it, entries found, imported, already listed,
merged as the same work, skipped (with the reasons, counted), and the wall time of the
import command. Then
the strict build of the resulting list. FOLDER defaults to ../shared/fixtures/real.
"""

from __future__ import annotations

import collections
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

from generator.importers.detect import sniff  # noqa: E402


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared/fixtures/real"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch)
        shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
        shutil.copytree(REPO / "overrides", project / "overrides")
        (project / "content" / "papers").mkdir(parents=True)
        print(f"{'file':58} {'importer':9} {'found':>5} {'new':>4} {'listed':>6} "
              f"{'merged':>6} {'skipped':>7} {'time':>6}")
        for path in sorted(folder.iterdir()):
            kind = sniff(path.read_bytes())
            if kind.importer is None:
                print(f"{path.name[:58]:58} -- {kind.description}")
                continue
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "generator", "import", kind.importer,
                                   str(path)], cwd=project, capture_output=True, text=True,
                                  env=env, check=False)
            took = time.perf_counter() - start
            summary = done.stdout.splitlines()[0] if done.stdout else done.stderr.strip()
            counts = {word: int(n) for n, word in
                      re.findall(r"(\d+) (found|new|already|merged)", summary)}
            skipped = [line for line in done.stderr.splitlines()
                       if line.startswith("  skipped ")]
            reasons = collections.Counter(
                re.sub(r"\d+", "N", re.sub(r"'[^']*'", "…", line.rsplit("): ", 1)[-1]))[:70]
                for line in skipped)
            print(f"{path.name[:58]:58} {kind.importer:9} {counts.get('found', 0):5} "
                  f"{counts.get('new', 0):4} {counts.get('already', 0):6} "
                  f"{counts.get('merged', 0):6} {len(skipped):7} {took:5.2f}s"
                  + ("" if done.returncode == 0 else f"  exit {done.returncode}: {summary}"))
            for reason, count in reasons.items():
                print(f"{'':60}{count} x {reason}")
        start = time.perf_counter()
        build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"],
                               cwd=project, capture_output=True, text=True, env=env,
                               check=False)
        papers = len(list((project / "site" / "papers").glob("*/index.html")))
        print(f"mkdocs build --strict of the result: exit {build.returncode}, {papers} paper "
              f"pages, {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
