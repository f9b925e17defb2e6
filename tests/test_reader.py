"""What a reader sees, in Chromium at desktop and phone width: no failing request, the right
tab lit, nothing wider than the screen, every paper linked somewhere, cards that say what
a paper is about."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.helpers import Build, serve
from tests.test_site import read

pytestmark = pytest.mark.browser

CORR2CAUSE = "papers/can-large-language-models-infer-causation-from-correlation/"
PAGES = ["", CORR2CAUSE, "tags/", "tags/causal-reasoning/", "archive/", "archive/2026-11/",
         "inbox/", "explore/", "stats/", "no/such/page/"]
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.fixture(params=list(WIDTHS))
def sized(request: pytest.FixtureRequest, browser: Any) -> Any:
    width, height = WIDTHS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    tab.failed = []
    tab.outside = []
    tab.requests = []

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith("http://127.0.0.1:"):
            request_route.continue_()
        else:
            tab.outside.append(url)
            request_route.abort()

    tab.route("**/*", route)
    tab.on("requestfinished", lambda r: tab.requests.append(r.url))
    tab.on("response", lambda r: r.status >= 400 and tab.failed.append((r.status, r.url)))
    tab.on("requestfailed", lambda r: tab.failed.append(("failed", r.url)))
    tab.width = width
    yield tab
    context.close()


def test_no_page_makes_a_failing_or_outside_request(repo_site: Build, sized: Any) -> None:
    with serve(repo_site.site, prefix="/reading-list") as base:
        for path in PAGES:
            sized.goto(f"{base}/{path}")
            # every request settled (the search worker fetches its manifest at start: a
            # fixed wait let the next page cut it short on a busy machine)
            sized.wait_for_load_state("networkidle")
            expected_404 = [(404, f"{base}/{path}")] if path.startswith("no/") else []
            assert sized.failed == expected_404, path
            sized.failed.clear()
            sitemaps = [url for url in sized.requests if url.endswith("sitemap.xml")]
            assert len(sitemaps) <= 1, (path, sitemaps)
            sized.requests.clear()
    assert sized.outside == []


def test_nothing_is_wider_than_the_screen(repo_site: Build, sized: Any) -> None:
    with serve(repo_site.site, prefix="/reading-list") as base:
        for path in PAGES:
            sized.goto(f"{base}/{path}")
            wide = sized.evaluate("document.scrollingElement.scrollWidth")
            assert wide <= sized.width, (path, wide)


def test_pages_outside_the_nav_light_their_tab(repo_site: Build, page: Any) -> None:
    expected = {CORR2CAUSE: "Papers", "inbox/": "Papers", "tags/causal-reasoning/": "Tags",
                "tags/": "Tags", "archive/2026-11/": "Archive", "": "Papers"}
    with serve(repo_site.site, prefix="/reading-list") as base:
        for path, tab in expected.items():
            page.goto(f"{base}/{path}")
            active = page.locator(".md-tabs__item--active").all_inner_texts()
            assert [t.strip() for t in active] == [tab], path


def test_badges_and_counts_never_break_at_phone_width(repo_site: Build, sized: Any) -> None:
    with serve(repo_site.site, prefix="/reading-list") as base:
        sized.goto(f"{base}/")
        heights = sized.eval_on_selector_all(
            ".rl-status, .rl-upvotes, .rl-card__meta time",
            "els => els.map(e => new Set([...e.getClientRects()].map(r => Math.round(r.top)))"
            ".size)")
        assert heights and max(heights) == 1  # one line each: no line break inside


def test_the_404_page_offers_a_way_back_and_a_search_for_an_old_paper(
        repo_site: Build, page: Any) -> None:
    # served as GitHub Pages serves the project site: its 404 page links from the root
    with serve(repo_site.site, prefix="/reading-list") as base:
        page.goto(f"{base}/papers/causal-agents-old-name/")
        assert page.get_by_role("heading", name="Page not found").is_visible()
        for name in ("the newest papers", "all tags", "the archive, month by month"):
            assert page.get_by_role("link", name=name).is_visible()
        assert page.outside_requests == [] and page.evaluate(
            "getComputedStyle(document.querySelector('.md-header')).position") != "static"
        hint = page.locator("#rl-moved")
        assert hint.is_visible() and "causal agents old name" in hint.inner_text()
        assert page.locator("#rl-moved-search").get_attribute("href").endswith(
            "?q=causal%20agents%20old%20name")
        assert page.locator(".md-search__input").is_visible() or page.locator(
            "label[for=__search]").first.is_visible()


def test_no_invisible_tab_stop_with_search_closed(repo_site: Build, page: Any) -> None:
    with serve(repo_site.site, prefix="/reading-list") as base:
        page.goto(f"{base}/{CORR2CAUSE}")
        for _ in range(40):
            page.keyboard.press("Tab")
            # a focused control is visible, or is shown by its label (Material's toggles)
            visible = page.evaluate("""() => {
              const e = document.activeElement;
              if (!e || e === document.body) return true;
              const shown = n => {
                const r = n.getBoundingClientRect();
                return r.width > 0 && r.height > 0 && getComputedStyle(n).visibility !== 'hidden';
              };
              const label = e.id && document.querySelector(`label[for="${e.id}"]`);
              const next = e.nextElementSibling;  // Material's palette: the label after it
              return shown(e) || Boolean(label && shown(label))
                || Boolean(next && next.tagName === "LABEL" && shown(next));
            }""")
            focused = page.evaluate("document.activeElement.className")
            assert visible, focused


def test_cards_show_names_a_teaser_and_the_whole_abstract_a_click_away(
        repo_site: Build) -> None:
    """A card is a teaser: the whole abstract is on the paper's page, one click away (the
    cards of every listing page repeating each abstract were most of the site's bytes)."""
    html, _, _ = read(repo_site.site, "index.html")
    cards = re.findall(r'<article class="rl-card">.*?</article>', html, re.S)
    assert len(cards) == 40
    for card in cards:  # the curator's note, else the abstract's first sentence
        assert '<p class="rl-card__teaser">' in card or '<p class="rl-card__note">' in card
        [target] = re.findall(r'<a class="rl-card__title" href="(papers/[^"]+/)"', card)
        paper = (repo_site.site / target / "index.html").read_text(encoding="utf-8")
        assert '<div class="rl-abstract" id="abstract">' in paper
        assert "Added" not in card  # the month's heading says it
    assert "<title>Causality and language models</title>" in html
