"""How fast search answers on a built site, in headless Chromium (Debian's /usr/bin/chromium).

    .venv/bin/python benchmarks/search_latency.py SITE_DIR [--runs R] [--word WORD ...]

Serves SITE_DIR on 127.0.0.1 (requests leaving it are refused), opens the home page, and
measures, in the page's own clock, what a reader sees (see
generator/theme/assets/javascripts/workers/tiered-search.js for the two tiers):

- cold: from the first key of a title word, typed right after the page's ``load`` event
  (with ``press_sequentially``, as a reader types), to the first ``.md-search-result__item``
  on screen; the page-level documents answer until the full index is built;
- abstract: the same with a word found only in abstracts: when full-text search answers,
  counted from the start of navigation;
- ready: once the full index answers, a title word (either tier may answer first) and the
  abstract word (only Material's full index can), each from the first key.

Title words are the rarest word of a few paper titles; the abstract word is the rarest
abstract word that no title, byline or tag contains. The best and worst of R runs are
printed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.helpers import serve  # the same quiet 127.0.0.1 server the browser tests use

CHROMIUM = "/usr/bin/chromium"

# Resolves with performance.now() when a visible result matches the selector (any result,
# or a link to one paper); typing starts after it is set.
WATCH_RESULTS = """(selector) => new Promise(resolve => {
  const seen = () => {
    const item = document.querySelector(selector);
    return item && item.offsetParent !== null;
  };
  const observer = new MutationObserver(() => {
    if (seen()) { observer.disconnect(); resolve(performance.now()); }
  });
  observer.observe(document.body, {childList: true, subtree: true});
})"""


def pick_words(site: Path, count: int) -> tuple[list[str], str, str]:
    """Title words of ``count`` papers spread over the index, one abstract-only word, and
    the page its abstract is on."""
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    pages = [d for d in docs if d["location"].startswith("papers/") and "#" not in d["location"]]
    freq = Counter(w.lower() for d in pages for w in d["title"].split())
    words = []
    for doc in pages[:: max(1, len(pages) // count)][:count]:
        candidates = [w for w in doc["title"].split() if len(w) >= 5 and w.isalpha()]
        if candidates:
            words.append(min(candidates, key=lambda w: freq[w.lower()]))
    short = " ".join(d["title"] + " " + d["text"] + " " + " ".join(d.get("tags", []))
                     for d in pages).lower()
    sections = Counter(w.lower() for d in docs if "#" in d["location"]
                       for w in re.findall(r"[a-zA-Z]{6,}", d["text"]))
    abstract = min((w for w in sections if w not in short), key=lambda w: sections[w])
    where = next(d["location"].split("#")[0] for d in docs
                 if "#" in d["location"] and abstract in d["text"].lower())
    return words, abstract, where


def type_and_watch(page: Any, word: str, selector: str = ".md-search-result__item") -> float:
    """Type ``word`` into the search box; ms from the first key to the first result."""
    box = page.get_by_role("textbox", name="Search")
    page.evaluate("(s) => { window.__rlResult = (" + WATCH_RESULTS + ")(s); }", selector)
    start = page.evaluate("performance.now()")
    box.press_sequentially(word, delay=30)
    shown = page.evaluate("window.__rlResult")
    return float(shown) - float(start)


def clear(page: Any) -> None:
    box = page.get_by_role("textbox", name="Search")
    box.press("Control+a")
    box.press("Backspace")
    page.wait_for_function("() => !document.querySelector('.md-search-result__item')",
                           timeout=30_000, polling=20)


def search_once(page: Any, base: str, word: str, abstract: str, where: str
                ) -> tuple[float, float, float, float]:
    """Milliseconds: cold keystroke -> result, navigation -> abstract result, and once the
    full index is ready, keystroke -> result for the title word and the abstract word."""
    page.goto(base + "/", wait_until="load")
    page.get_by_role("textbox", name="Search").click()
    cold = type_and_watch(page, word)
    page.goto(base + "/", wait_until="load")
    page.get_by_role("textbox", name="Search").click()
    found = f'.md-search-result__item a[href*="{where}"]'
    type_and_watch(page, abstract, found)
    abstract_at = float(page.evaluate("performance.now()"))
    clear(page)
    title_ready = type_and_watch(page, word)
    clear(page)
    abstract_ready = type_and_watch(page, abstract, found)
    return cold, abstract_at, title_ready, abstract_ready


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--word", action="append", help="search these words instead")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    index = args.site / "search" / "search_index.json"
    words, abstract, where = pick_words(args.site, args.runs)
    words = args.word or words
    runs: list[tuple[float, float, float, float]] = []
    with serve(args.site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for n in range(args.runs):
            word = words[n % len(words)]
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
                "http://127.0.0.1:") else r.abort())
            runs.append(search_once(page, base, word, abstract, where))
            context.close()
            cold, abstract_at, title_ready, abstract_ready = runs[-1]
            print(f"run {n + 1} {word!r} / {abstract!r}: cold {cold / 1000:.2f} s, abstract "
                  f"found {abstract_at / 1000:.2f} s after navigation; index ready: title "
                  f"{title_ready / 1000:.2f} s, abstract {abstract_ready / 1000:.2f} s",
                  file=sys.stderr)
        browser.close()

    def span(values: list[float]) -> str:
        return f"best {min(values) / 1000:.2f} s, worst {max(values) / 1000:.2f} s"

    print(f"{args.site}: search index {index.stat().st_size / 2**20:.1f} MiB, {args.runs} runs")
    print(f"  keystroke -> first result, typing at page load: {span([r[0] for r in runs])}")
    print(f"  navigation -> first result for an abstract word typed at load: "
          f"{span([r[1] for r in runs])}")
    print(f"  full index ready, keystroke -> first result: title word {span([r[2] for r in runs])}"
          f"; abstract word {span([r[3] for r in runs])}")


if __name__ == "__main__":
    main()
