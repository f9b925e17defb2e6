"""Screenshots of a built site for .github/SCREENSHOTS.md and the README, in light mode.

    .venv/bin/python .github/screenshots.py SITE_DIR OUT_DIR [--more]

Serves SITE_DIR under /reading-list as GitHub Pages would, and saves OUT_DIR/<name>-<size>.png
for the home page, a paper, search results for a title word and for a word only an abstract
holds, and Explore, at 1280x800 (desktop) and 390x844 (phone), in Chromium
(/usr/bin/chromium), light mode; with --more, also Explore with no result, the Subscribe
page, the archive and Stats. Then `pngquant --skip-if-larger --ext .png --force` and
`optipng -o2` make the files a third of their size.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright

from tests.helpers import serve

SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
PAPER = "papers/can-large-language-models-infer-causation-from-correlation/"
#: Query -> the shot's name: a word of a title, a word only an abstract holds.
SEARCHES = {"counterfactual": "search-title", "tabular": "search-abstract"}
PAGES = {"home": "", "paper": PAPER, "explore": "explore/"}
MORE = {"explore-empty": "explore/?title=no-such-title&tag=benchmark",
        "subscribe": "subscribe/", "archive": "archive/", "stats": "stats/"}


def search(tab: Any, base: str, query: str) -> None:
    tab.goto(base + "/")
    tab.wait_for_load_state("networkidle")
    box = tab.get_by_role("textbox", name="Search")
    if tab.viewport_size["width"] >= 960:
        box.click()
    else:  # narrower than Material's 60em, the search box opens from the header's icon
        tab.locator("label.md-header__button[for=__search]").click()
    tab.wait_for_function("document.getElementById('__search').checked")
    tab.keyboard.type(query, delay=40)  # Material reacts to key events, not to fill()
    tab.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    tab.wait_for_timeout(500)


def main(site: Path, out: Path, more: bool = False) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with serve(site, prefix="/reading-list") as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        for size, (width, height) in SIZES.items():
            context = browser.new_context(viewport={"width": width, "height": height},
                                          color_scheme="light")
            tab = context.new_page()
            tab.route("**/*", lambda route: route.continue_()
                      if route.request.url.startswith("http://127.0.0.1:") else route.abort())
            for name, path in {**PAGES, **(MORE if more else {})}.items():
                tab.goto(f"{base}/{path}")
                tab.wait_for_load_state("networkidle")
                tab.wait_for_timeout(300)
                tab.screenshot(path=out / f"{name}-{size}.png")
            for query, name in SEARCHES.items():
                search(tab, base, query)
                tab.screenshot(path=out / f"{name}-{size}.png")
            context.close()
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), "--more" in sys.argv[3:])
