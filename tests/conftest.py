from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Build, copy_repo_project, mkdocs_build

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The repository's own site, built once per test run with --strict."""
    project = copy_repo_project(tmp_path_factory.mktemp("repo"))
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright; a missing browser fails, it never skips."""
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        pytest.fail("Chromium is missing: run 'make test' (it installs it) or "
                    "'apt-get install chromium'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A page that refuses every request leaving 127.0.0.1, and records them."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.outside_requests = []

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith("http://127.0.0.1:"):
            request_route.continue_()
        else:
            tab.outside_requests.append(url)
            request_route.abort()

    tab.route("**/*", route)
    yield tab
    context.close()


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: Any) -> None:
    """Say at the end, without -rs, why tests were skipped: a newcomer sees at once that
    the ones needing ../shared/ (real files from other projects) did not run here."""
    skipped = terminalreporter.stats.get("skipped", [])
    reasons: dict[str, int] = {}
    for report in skipped:
        longrepr = getattr(report, "longrepr", None)
        reason = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else "skipped"
        reason = str(reason).removeprefix("Skipped: ")
        reasons[reason] = reasons.get(reason, 0) + 1
    for reason, count in sorted(reasons.items(), key=lambda item: -item[1]):
        terminalreporter.write_line(f"{count} skipped: {reason}", yellow=True)


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """A test that drives Chromium is a browser test, marked or not: ``make test`` leaves
    them to ``make test-all``."""
    for item in items:
        if {"page", "browser", "sized"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
