"""How fast the Explore page answers a click at N papers, in Chromium.

    .venv/bin/python benchmarks/explore_latency.py [N]

Writes a synthetic listing of N papers (``benchmarks/synthetic.py``), its Explore data
and page (``python -m generator write``), serves them on 127.0.0.1, and checks three
tags one after the other, timing each from the click until the list has changed.
Playwright's own round trip is in each figure.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.synthetic import cached_listing  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, nargs="?", default=10_000)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="explore-") as scratch:
        root = Path(scratch)
        (root / "project").mkdir()
        (root / "project" / "mkdocs.yml").write_text(
            (REPO / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
        cached_listing(root / "project" / "content", args.count)
        subprocess.run([sys.executable, "-m", "generator", "write", str(root / "out")],
                       cwd=root / "project", check=True, capture_output=True)
        site = root / "site"
        (site / "explore").mkdir(parents=True)
        (site / "explore.json").write_bytes((root / "out" / "explore.json").read_bytes())
        script = (REPO / "generator/adapters/theme/assets/javascripts/explore.js").read_text(
            "utf-8")
        page_md = (root / "out" / "explore" / "index.md").read_text(encoding="utf-8")
        body = page_md[page_md.index('<div id="rl-explore"'):]
        (site / "explore" / "index.html").write_text(
            f"<!doctype html><html><body>{body.replace('hidden>', '>', 1)}"
            f"<script>{script}</script></body></html>", encoding="utf-8")
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_port}/explore/")
            page.wait_for_selector("#rl-explore[data-ready]", timeout=60_000)
            for tag in ("topic-01", "topic-02", "topic-03"):
                before = page.evaluate("document.getElementById('rl-explore').dataset.updated")
                start = time.perf_counter()
                page.get_by_label(tag, exact=False).first.check()
                page.wait_for_function("document.getElementById('rl-explore').dataset.updated"
                                       f" !== '{before}'")
                print(f"{tag} checked: {(time.perf_counter() - start) * 1000:.0f} ms")
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
