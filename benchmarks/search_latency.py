"""How fast search answers on a built site, in headless Chromium (Debian's /usr/bin/chromium).

    .venv/bin/python benchmarks/search_latency.py SITE_DIR [--runs R] [--word WORD ...]

Serves SITE_DIR on 127.0.0.1 (requests leaving it are refused), opens the home page, and
measures, in the page's own clock:

- ready: from navigation start until Material's search worker has fetched
  ``search/search_index.json`` and built its index (the result panel leaves
  "Initializing search");
- keystroke -> result: from the first key of a title word (typed with
  ``press_sequentially``, as a reader types) to the first ``.md-search-result__item``
  on screen, once the index is ready;
- cold: the same, typing right after the page's ``load`` event, before the index is ready
  (what a reader who types at once sees).

Title words are taken from the index itself (the rarest word of a few paper titles), so
each search has real matches. The best and worst of R runs are printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.helpers import serve  # the same quiet 127.0.0.1 server the browser tests use

CHROMIUM = "/usr/bin/chromium"

# Resolves with performance.now() at the first visible result; typing starts after it is set.
WATCH_RESULTS = """() => new Promise(resolve => {
  const seen = () => {
    const item = document.querySelector('.md-search-result__item');
    return item && item.offsetParent !== null;
  };
  const observer = new MutationObserver(() => {
    if (seen()) { observer.disconnect(); resolve(performance.now()); }
  });
  observer.observe(document.body, {childList: true, subtree: true});
  window.__rlWatching = true;
})"""
READY = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  return meta && !/Initializing/.test(meta.textContent);
}"""


def title_words(site: Path, count: int) -> list[str]:
    """For ``count`` papers spread over the index, the rarest word (5+ letters) of the title."""
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    pages = [d for d in docs if d["location"].startswith("papers/") and "#" not in d["location"]]
    freq = Counter(w.lower() for d in pages for w in d["title"].split())
    words = []
    for doc in pages[:: max(1, len(pages) // count)][:count]:
        candidates = [w for w in doc["title"].split() if len(w) >= 5 and w.isalpha()]
        if candidates:
            words.append(min(candidates, key=lambda w: freq[w.lower()]))
    return words


def search_once(page: Any, base: str, word: str, cold: bool) -> tuple[float, float]:
    """(ms from navigation to ready, ms from first keystroke to first result)."""
    page.goto(base + "/", wait_until="load")
    box = page.get_by_role("textbox", name="Search")
    box.click()
    if not cold:
        page.wait_for_function(READY, timeout=120_000, polling=50)
    ready_at = None if cold else page.evaluate("performance.now()")
    page.evaluate("() => { window.__rlResult = (" + WATCH_RESULTS + ")(); }")
    start = page.evaluate("performance.now()")
    box.press_sequentially(word, delay=30)
    shown = page.evaluate("window.__rlResult")
    if cold:
        page.wait_for_function(READY, timeout=120_000, polling=50)
        ready_at = page.evaluate("performance.now()")
    return float(ready_at), float(shown) - float(start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--word", action="append", help="search these words instead")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    index = args.site / "search" / "search_index.json"
    words = args.word or title_words(args.site, args.runs)
    warm: list[tuple[float, float]] = []
    cold: list[tuple[float, float]] = []
    with serve(args.site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for n in range(args.runs):
            word = words[n % len(words)]
            for kind, out in (("cold", cold), ("warm", warm)):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
                    "http://127.0.0.1:") else r.abort())
                out.append(search_once(page, base, word, cold=kind == "cold"))
                context.close()
                print(f"run {n + 1} {kind:4} {word!r}: ready {out[-1][0] / 1000:.2f} s, "
                      f"keystroke -> first result {out[-1][1] / 1000:.2f} s", file=sys.stderr)
        browser.close()
    print(f"{args.site}: search index {index.stat().st_size / 2**20:.1f} MiB, {args.runs} runs")
    print(f"  index ready after page start: best {min(r for r, _ in warm) / 1000:.2f} s, "
          f"worst {max(r for r, _ in warm) / 1000:.2f} s")
    print(f"  keystroke -> first result, index ready: best {min(t for _, t in warm) / 1000:.2f}"
          f" s, worst {max(t for _, t in warm) / 1000:.2f} s")
    print(f"  keystroke -> first result, typing at page load: best "
          f"{min(t for _, t in cold) / 1000:.2f} s, worst {max(t for _, t in cold) / 1000:.2f} s")


if __name__ == "__main__":
    main()
