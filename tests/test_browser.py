"""The built site in headless Chromium: search works, and nothing leaves 127.0.0.1."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Build, make_project, mkdocs_build, serve

pytestmark = pytest.mark.browser


def search(page: Any, base: str, query: str) -> Any:
    page.goto(base + "/")
    box = page.get_by_role("textbox", name="Search")
    if page.viewport_size["width"] < 960:  # Material's breakpoint: a button opens the box
        page.locator(".md-header label[for=__search]").first.click()
    box.click()
    # Material reacts to key events; fill() would not trigger a search
    box.press_sequentially(query, delay=40)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    return results


def test_search_finds_a_paper_by_a_title_word(repo_site: Build, page: Any) -> None:
    with serve(repo_site.site) as base:
        results = search(page, base, "supermassive")
        first = results.first.locator("h1, h2").first.inner_text()
        assert "Causal Discovery in Astrophysics" in first
        results.first.locator("a").first.click()
        page.wait_for_url(re.compile(r".*/papers/causal-discovery-in-astrophysics-unraveling-"
                                     r"supermassive/(\?h=.*)?$"))
        assert "Causal Discovery in Astrophysics" in page.locator("h1").first.inner_text()
    assert page.outside_requests == []


def test_search_finds_a_paper_by_a_word_of_its_abstract(repo_site: Build, page: Any) -> None:
    with serve(repo_site.site) as base:
        results = search(page, base, "seventeen")
        texts = results.all_inner_texts()
        assert any("Can Large Language Models Infer Causation from Correlation?" in t
                   for t in texts), texts
    assert page.outside_requests == []


@pytest.mark.parametrize("width, height", [(1280, 800), (390, 844)])
def test_a_result_shows_why_it_matched(repo_site: Build, page: Any, width: int,
                                       height: int) -> None:
    """A word found only late in an abstract: the result shows an excerpt around it, the
    word highlighted and visible within the result's clamped lines, on a desktop and a
    phone; "corr2cause" finds the paper whose code it names first."""
    page.set_viewport_size({"width": width, "height": height})
    with serve(repo_site.site) as base:
        first = search(page, base, "tabular").first
        assert "Causal Agent based on Large Language Model" in first.inner_text()
        mark = first.locator("p mark").first
        assert mark.inner_text() == "tabular"
        shown = mark.locator("xpath=ancestor::p[1]").bounding_box()
        box = mark.bounding_box()
        assert shown is not None and box is not None
        assert shown["y"] <= box["y"] and box["y"] + box["height"] <= shown["y"] + shown["height"]
        assert shown["x"] <= box["x"] and box["x"] + box["width"] <= shown["x"] + shown["width"]
        first = search(page, base, "corr2cause").first
        assert "Can Large Language Models Infer Causation from Correlation?" in \
            first.locator("h1, h2").first.inner_text()
    assert page.outside_requests == []


def test_pages_render_without_outside_requests(repo_site: Build, page: Any) -> None:
    with serve(repo_site.site) as base:
        for path in ("/", "/tags/", "/tags/benchmark/", "/archive/",
                     "/papers/can-large-language-models-infer-causation-from-correlation/"):
            response = page.goto(base + path)
            assert response is not None and response.ok, path
            assert page.locator("h1").first.is_visible()
    assert page.outside_requests == []


def test_the_page_config_names_our_worker_and_its_version(repo_site: Build) -> None:
    """Material's page config names the search worker: ours (paper-search.js), with a hash
    of it so a changed worker is fetched at once; Material's own index holds no paper."""
    home = (repo_site.site / "index.html").read_text(encoding="utf-8")
    worker = re.search(r'"search": "(assets/javascripts/workers/paper-search\.js'
                       r'\?v=([0-9a-f]{8})&material=search\.[0-9a-f]+\.min\.js)"', home)
    assert worker, "the page config names our worker and its version"
    ours = (repo_site.site / "assets/javascripts/workers/paper-search.js").read_bytes()
    assert worker.group(2) == hashlib.sha256(ours).hexdigest()[:8]
    index = json.loads((repo_site.site / "search/search_index.json").read_text("utf-8"))
    assert not [doc for doc in index["docs"] if doc["location"].startswith("papers/")]


def test_links_load_in_place_and_search_keeps_its_worker(tmp_path: Path, page: Any) -> None:
    """navigation.instant: a click swaps the page in without a reload, so the search
    worker, and the index it has built, serve the next page too. Material takes over only
    links listed in sitemap.xml, so the site is built for the address it is served at."""
    listing = "".join(
        f"- title: Paper {name}\n  id: {name}\n  added: 2024-05-0{n + 1}\n  tags: [t]\n"
        f"  abstract: An abstract about {word}.\n"
        for n, (name, word) in enumerate([("alpha", "quokkas"), ("beta", "narwhals")]))
    # serve first, build after: the server holds its port from the start, and files are
    # looked up per request
    with serve(tmp_path / "site") as base:
        project = make_project(tmp_path, {"list.yaml": listing}, {"site_url": base + "/"})
        build = mkdocs_build(project)
        assert build.returncode == 0, build.output
        page.goto(base + "/", wait_until="networkidle")
        page.evaluate("window.__stillHere = true")
        page.locator("a.rl-card__title", has_text="Paper beta").click()
        page.wait_for_url(base + "/papers/beta/")
        page.locator(".rl-abstract").first.wait_for()
        assert page.evaluate("window.__stillHere === true"), "the page was reloaded"
        # Material 9.8 closes search once more shortly after a swap (bundle.ts: "Always close
        # drawer and search on navigation"); a click in that second is undone, so wait it out
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)
        box = page.get_by_role("textbox", name="Search")
        box.click()
        page.wait_for_function("document.getElementById('__search').checked")
        box.press_sequentially("quokkas", delay=40)
        page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
        assert "Paper alpha" in page.locator(".md-search-result__item").first.inner_text()
    assert page.outside_requests == []
