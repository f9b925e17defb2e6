"""How long `python -m generator check` takes on a synthetic listing (target: 10,000 in < 2 s).

    .venv/bin/python benchmarks/check_speed.py [N] [--files F] [--runs R]

Times the whole command in a fresh process, as a curator runs it, cold (best of R runs).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.synthetic import write_listing

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int, nargs="?", default=10_000)
    parser.add_argument("--files", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "mkdocs.yml").write_text((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
        paths = write_listing(root / "content", args.count, files=args.files)
        size = sum(p.stat().st_size for p in paths)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=root,
                                  capture_output=True, text=True, check=False)
            times.append(time.perf_counter() - start)
            if done.returncode != 0:
                sys.exit(f"check failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        print(f"check: {args.count} entries in {args.files} files ({size / 2**20:.1f} MiB): "
              f"best {min(times):.2f} s, worst {max(times):.2f} s over {args.runs} runs")


if __name__ == "__main__":
    main()
