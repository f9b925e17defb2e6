"""`mkdocs serve` as a curator uses it: a save that breaks the list shows its problems in
the browser (file:line), and the next good save brings the site back by itself."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import copy_repo_project, free_port

PAPER = "papers/can-large-language-models-infer-causation-from-correlation/"
TITLE = "Can Large Language Models Infer Causation from Correlation?"


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(url: str, expected: str, status: int = 200, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    got: tuple[int, str] = (0, "")
    while time.monotonic() < deadline:
        try:
            got = fetch(url)
        except OSError:
            time.sleep(0.2)
            continue
        if got[0] == status and expected in got[1]:
            return got[1]
        time.sleep(0.2)
    raise AssertionError(f"{url} never gave {status} with {expected!r}; last: {got[0]}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    project = copy_repo_project(tmp_path / "project")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1",
           "SITE_URL": f"http://127.0.0.1:{port}/reading-list/"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload",
         "-a", f"127.0.0.1:{port}"], cwd=project, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}/reading-list/"
        wait_for(base + PAPER, TITLE, timeout=120)
        yield base, project
    finally:
        server.terminate()
        server.wait(timeout=30)


def break_a_date(project: Path) -> tuple[Path, str]:
    path = next(p for p in sorted((project / "content" / "papers").glob("*.yaml"))
                if "added: 2026-11-27" in p.read_text(encoding="utf-8"))
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("added: 2026-11-27", "added: 2026-13-27", 1), encoding="utf-8")
    return path, good


def test_a_broken_save_shows_its_problems_and_a_good_one_brings_the_site_back(
        served: tuple[str, Path]) -> None:
    base, project = served
    path, good = break_a_date(project)
    line = good.splitlines().index(next(
        row for row in good.splitlines() if "added: 2026-11-27" in row)) + 1
    where = f"content/papers/{path.name}:{line}:"
    home = wait_for(base, "The reading list has problems")
    assert where in home and "added" in home
    status, missing = fetch(base + PAPER)  # gone while the list does not load
    assert status == 404 and where in missing
    path.write_text(good, encoding="utf-8")
    wait_for(base + PAPER, TITLE)
    assert "The reading list has problems" not in wait_for(base, TITLE[:20])


def test_a_yaml_mistake_is_shown_at_its_line_and_alone(served: tuple[str, Path]) -> None:
    """A field whose ':' is deleted: the problem names that line (libyaml finds it only at
    the next one), and no "no paper has the id" for the long note of a paper in that file."""
    base, project = served
    path = project / "content" / "papers" / "causality-and-llms.yaml"
    good = path.read_text(encoding="utf-8")
    rows = good.splitlines()
    start = rows.index("- id: can-large-language-models-infer-causation-from-correlation")
    line = next(n for n in range(start, len(rows)) if rows[n].startswith("  added: ")) + 1
    rows[line - 1] = rows[line - 1].replace("added:", "added", 1)
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    home = wait_for(base, "The reading list has problems")
    assert (f"content/papers/causality-and-llms.yaml:{line}:3: YAML syntax: could not find "
            "the &#x27;:&#x27; after this key") in home
    assert "content/notes/" not in home and "no paper has the id" not in home
    path.write_text(good, encoding="utf-8")
    wait_for(base + PAPER, TITLE)


@pytest.mark.browser
def test_the_open_page_follows_the_saves(served: tuple[str, Path], page: Any) -> None:
    """The curator looks at a paper, saves a typo, sees the problem, fixes it, sees the
    paper again: no reload by hand."""
    base, project = served
    page.goto(base + PAPER)
    page.get_by_role("heading", name=TITLE).wait_for()
    path, good = break_a_date(project)
    page.get_by_text("The reading list has problems").first.wait_for(timeout=60_000)
    assert path.name in page.content()
    path.write_text(good, encoding="utf-8")
    page.get_by_role("heading", name=TITLE).wait_for(timeout=60_000)


@pytest.mark.browser
def test_search_answers_under_mkdocs_serve(served: tuple[str, Path], page: Any) -> None:
    """The papers' index is served by `mkdocs serve` as by GitHub Pages: a word found only
    in an abstract is found."""
    base, _ = served
    page.goto(base)
    box = page.get_by_role("textbox", name="Search")
    box.click()
    box.press_sequentially("galaxy", delay=30)
    first = page.locator(".md-search-result__item").first
    first.wait_for(timeout=15_000)
    assert "Astrophysics" in first.inner_text()
    assert page.outside_requests == []
