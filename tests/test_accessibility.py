"""Accessibility of the built site: axe-core (from npm, pinned in package-lock.json) in
Debian's Chromium, on one page of each kind, in light and dark mode."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import REPO, Build, serve

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ("/", "/tags/", "/tags/benchmark/", "/archive/", "/archive/2026-11/", "/inbox/",
         "/explore/", "/stats/", "/subscribe/#tag-benchmark", "/archive/published-2024/",
         "/explore/?title=no-such-title&year=2024",  # no result; tags of none dimmed
         "/papers/can-large-language-models-infer-causation-from-correlation/")
RUN_AXE = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
  });
  return result.violations.map(v => ({
    rule: v.id, impact: v.impact, nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
  }));
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_pass_axe(repo_site: Build, page: Any, scheme: str) -> None:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run 'make test' (npm ci installs it)")
    page.emulate_media(color_scheme=scheme)
    found = {}
    with serve(repo_site.site) as base:
        for path in PAGES:
            page.goto(base + path)
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(RUN_AXE)
            if violations:
                found[path] = violations
    assert found == {}
    assert page.outside_requests == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_results_pass_axe(repo_site: Build, page: Any, scheme: str) -> None:
    """With search open on results: the results' metadata and highlights have contrast."""
    page.emulate_media(color_scheme=scheme)
    with serve(repo_site.site) as base:
        page.goto(base + "/")
        box = page.get_by_role("textbox", name="Search")
        box.click()
        box.press_sequentially("causal", delay=40)
        page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
        page.wait_for_timeout(500)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(RUN_AXE.replace("axe.run(document,", "axe.run(\".md-search\","))
    # Material's script renders each result's tags as a <nav> of its own: a landmark per
    # result, which no template of ours makes (best-practice rule, not WCAG)
    ours = [v for v in violations if v["rule"] != "landmark-unique"]
    assert ours == []
