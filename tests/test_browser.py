"""The built site in headless Chromium: search works, and nothing leaves 127.0.0.1."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.helpers import Build, serve

pytestmark = pytest.mark.browser


def search(page: Any, base: str, query: str) -> Any:
    page.goto(base + "/")
    page.get_by_role("textbox", name="Search").click()
    # Material reacts to key events; fill() would not trigger a search
    page.get_by_role("textbox", name="Search").press_sequentially(query, delay=40)
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


def test_pages_render_without_outside_requests(repo_site: Build, page: Any) -> None:
    with serve(repo_site.site) as base:
        for path in ("/", "/tags/", "/tags/benchmark/", "/archive/",
                     "/papers/can-large-language-models-infer-causation-from-correlation/"):
            response = page.goto(base + path)
            assert response is not None and response.ok, path
            assert page.locator("h1").first.is_visible()
    assert page.outside_requests == []
