"""How fast search answers on a built site, and what each query downloads, in headless
Chromium (Debian's /usr/bin/chromium).

    .venv/bin/python benchmarks/search_latency.py SITE_DIR [--throttle]

Serves SITE_DIR on 127.0.0.1 under /reading-list/ (requests leaving it are refused). For
each word, in a fresh browser context (nothing cached): opens the home page, waits for its
``load`` event, types the word into the search box as a reader types (50 ms a key), and
measures from the first key to the first result on screen whose link is a paper holding
the word. Words, picked from the papers' index (``search/papers/``):

- rare: found in one paper only (an abstract word if there is one);
- hundreds: the word found in the number of papers nearest 1,000 (at most 1,000), timed
  to its first result;
- common: the word found in the most papers.

Bytes are each file fetched from the first key on, counted gzipped as GitHub Pages
serves them. ``--throttle`` has Chromium emulate 10 Mbit/s down, 5 up and 40 ms latency
(the DevTools protocol's Network.emulateNetworkConditions).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.render.search_index import FOLDER
from tests.helpers import serve  # the browser tests' quiet 127.0.0.1 server

CHROMIUM = "/usr/bin/chromium"
PREFIX = "/reading-list"

# Resolves with performance.now() when a visible result matches (for a rare word: links to a
# paper holding it), or with -1 after 30 s.
WATCH = """(selector) => new Promise(resolve => {
  setTimeout(() => resolve(-1), 30000);
  const seen = () => {
    const item = document.querySelector(selector);
    return item && item.offsetParent !== null;
  };
  const observer = new MutationObserver(() => {
    if (seen()) { observer.disconnect(); resolve(performance.now()); }
  });
  observer.observe(document.body, {childList: true, subtree: true});
})"""


def paper_counts(site: Path) -> dict[str, tuple[int, int]]:
    """Term -> (number of papers holding it, one of them), from the index files."""
    counts: dict[str, tuple[int, int]] = {}
    for shard in (site / FOLDER / "t").glob("*.json"):
        for term, flat in json.loads(shard.read_text(encoding="utf-8")).items():
            # (paper gap, weight) pairs: search_index.postings
            counts[term] = (len(flat) // 2, sum(flat[0::2]))
    return counts


def location(site: Path, number: int) -> str:
    manifest = json.loads((site / FOLDER / "manifest.json").read_text(encoding="utf-8"))
    chunk = json.loads((site / FOLDER / "d" / f"{number // manifest['chunk']}.json")
                       .read_text(encoding="utf-8"))
    address: str = chunk[number % manifest["chunk"]][0]
    return address


def pick(site: Path) -> dict[str, tuple[str, str]]:
    counts = paper_counts(site)
    words = {term: value for term, value in counts.items() if term.isalpha() and len(term) > 4}
    rare = min(words, key=lambda t: (words[t][0], t))
    hundreds = max((t for t in words if words[t][0] <= 1000), key=lambda t: (words[t][0], t))
    common = max(words, key=lambda t: (words[t][0], t))
    return {f"rare ({words[rare][0]} paper)": (rare, location(site, words[rare][1])),
            f"hundreds ({words[hundreds][0]} papers)": (hundreds, ""),
            f"common ({words[common][0]} papers)": (common, "")}


def measure(browser: Any, base: str, site: Path, word: str, where: str, throttle: bool
            ) -> tuple[float, int]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
        "http://127.0.0.1:") else r.abort())
    if throttle:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": 40, "downloadThroughput": 10_000_000 / 8,
            "uploadThroughput": 5_000_000 / 8})
    fetched: list[str] = []
    page.goto(base + "/", wait_until="load")
    page.on("request", lambda request: fetched.append(request.url))
    box = page.get_by_role("textbox", name="Search")
    box.click()
    selector = f'.md-search-result__item a[href*="{where}"]' if where else \
        ".md-search-result__item"
    page.evaluate("(s) => { window.__shown = (" + WATCH + ")(s); }", selector)
    start = float(page.evaluate("performance.now()"))
    box.press_sequentially(word, delay=50)
    shown = float(page.evaluate("window.__shown"))
    if shown < 0:
        raise SystemExit(f"no result for {word!r} within 30 s")
    page.wait_for_timeout(500)  # the second, longer answer's files
    context.close()
    size = 0
    for url in fetched:
        path = unquote(urlsplit(url).path).removeprefix(PREFIX + "/")
        file = site / path
        if file.is_file():
            size += len(gzip.compress(file.read_bytes()))
    return (shown - start) / 1000, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--throttle", action="store_true")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    words = pick(args.site)
    with serve(args.site, prefix=PREFIX) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        network = "10 Mbit/s, 40 ms" if args.throttle else "127.0.0.1, unthrottled"
        print(f"{args.site} ({network}): first key -> first result; bytes fetched (gzipped)")
        for label, (word, where) in words.items():
            seconds, size = measure(browser, base, args.site, word, where, args.throttle)
            print(f"  {label:<24} {word!r:<16} {seconds:5.2f} s  {size / 1000:6.1f} KB")
        browser.close()


if __name__ == "__main__":
    main()
