"""How long `mkdocs serve` takes to show an edited entry, on a synthetic listing of N papers.

    .venv/bin/python benchmarks/serve_latency.py [N] [--edits E]

Starts ``mkdocs serve`` on 127.0.0.1 (a free port) in a scratch copy of the project, waits
for the first build, then E times: changes the title of one entry in its YAML file and polls
that paper's page (every 50 ms) until the new title is served. The time from the file's
save to the changed page is what a curator waits for; the browser's livereload then
reloads the page (within its next poll). ``site_url`` has a path, so pages are served
under ``/reading-list/``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.synthetic import cached_listing  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # 127.0.0.1 only
            body: bytes = response.read()
            return body.decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, timeout: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        body = fetch(url)
        if body is not None and text in body:
            return time.perf_counter() - start
        time.sleep(0.05)
    raise SystemExit(f"{url} did not show {text!r} within {timeout:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int, nargs="?", default=1000)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="reading-list-serve-"))
    process = None
    try:
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        shutil.copytree(REPO / "overrides", root / "overrides")
        paths = cached_listing(root / "content", args.count)
        listing = paths[0]
        text = listing.read_text(encoding="utf-8")
        first = re.search(r'^- title: (.*)\n  arxiv: "([0-9.]+)"', text, re.M)
        assert first, "unexpected synthetic listing"
        title, arxiv = first.group(1), first.group(2)
        port = free_port()
        url = f"http://127.0.0.1:{port}/reading-list/papers/{arxiv}/"
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, start_new_session=True)
        wait_for(url, title, timeout=600)
        print(f"mkdocs serve, {args.count:,} papers: first build served after "
              f"{time.perf_counter() - start:.1f} s")
        times = []
        for n in range(1, args.edits + 1):
            new_title = f"{title} edited {n}"
            time.sleep(1.0)  # let the watcher settle after the previous rebuild
            listing.write_text(text.replace(f"- title: {title}\n", f"- title: {new_title}\n",
                                            1), encoding="utf-8")
            times.append(wait_for(url, new_title, timeout=600))
            print(f"  edit {n}: the changed title served after {times[-1]:.2f} s")
        print(f"edit -> page shows the change: best {min(times):.2f} s, worst {max(times):.2f} s "
              f"over {args.edits} edits")
    finally:
        if process is not None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
