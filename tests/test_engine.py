"""One line to switch: ``engine: zensical`` under the plugin's options in mkdocs.yml makes
``make site`` (``python -m generator build``) and so the Pages workflow build with Zensical."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import REPO, copy_repo_project, run_cli


def with_engine(project: Path, line: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    anchor = "  - reading-list:\n"
    assert anchor in text
    config.write_text(text.replace(anchor, anchor + f"      {line}\n", 1), encoding="utf-8")


def test_make_site_and_the_workflow_build_through_the_engine_switch() -> None:
    assert "$(BIN)/python -m generator build site" in (REPO / "Makefile").read_text("utf-8")
    assert "make site" in (REPO / ".github/workflows/pages.yml").read_text("utf-8")


def test_an_unknown_engine_is_named_with_its_line(tmp_path: Path) -> None:
    project = copy_repo_project(tmp_path / "project")
    with_engine(project, "engine: hugo")
    done = run_cli(project, "check")
    assert done.returncode == 2
    line = next(n for n, text in enumerate((project / "mkdocs.yml").read_text().splitlines(), 1)
                if "engine: hugo" in text)
    assert f"mkdocs.yml:{line}:7: engine: expected one of mkdocs, zensical, got 'hugo'" \
        in done.stdout


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_build_uses_the_engine_mkdocs_yml_names(tmp_path: Path, engine: str) -> None:
    project = copy_repo_project(tmp_path / "project")
    if engine == "zensical":
        with_engine(project, "engine: zensical")
    (project / "site").mkdir()
    (project / "site" / "old.txt").write_text("the last site", encoding="utf-8")
    done = run_cli(project, "build", "site")
    assert done.returncode == 0, done.stdout + done.stderr
    site = project / "site"
    assert (site / "index.html").is_file() and not (site / "old.txt").exists()
    assert (site / "search.json").is_file() == (engine == "zensical")
    assert (site / "search/search_index.json").is_file() == (engine == "mkdocs")
    assert (site / "search/papers/manifest.json").is_file()  # our index, either way


@pytest.mark.slow
def test_a_failed_build_leaves_the_last_site(tmp_path: Path) -> None:
    project = copy_repo_project(tmp_path / "project")
    with_engine(project, "engine: zensical")
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("the last site", encoding="utf-8")
    papers = project / "content/papers/causality-and-llms.yaml"
    papers.write_text(papers.read_text(encoding="utf-8").replace(
        "published: 2023-05-13", "published: 2023-13-05", 1), encoding="utf-8")
    done = run_cli(project, "build", "site")
    assert done.returncode == 2
    assert "published: expected a date" in done.stdout
    assert (project / "site/index.html").read_text(encoding="utf-8") == "the last site"
