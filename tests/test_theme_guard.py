"""The guard against a changed theme: a build stops, with one line, when the installed
Material's or Zensical's own copies of the partials we override are not those ours were
made from, or when a page it renders would not load our search worker."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.adapters import theme_guard
from generator.adapters.theme_guard import ThemeChanged, check_partials, templates_folder
from tests.helpers import copy_repo_project, mkdocs_build, run_cli

#: An override of main.html as a curator might write one: the theme's page, without the
#: config block of generator/adapters/theme/main.html that names our worker.
OWN_MAIN = '{% extends "base.html" %}\n{% block extrahead %}<meta name="x" content="y">' \
           "{% endblock %}\n"


@pytest.mark.parametrize("theme", ["material", "zensical"])
def test_the_installed_themes_are_those_our_copies_were_made_from(theme: str) -> None:
    check_partials(theme)  # the versions uv.lock names


@pytest.mark.parametrize("theme", ["material", "zensical"])
def test_a_changed_partial_stops_the_build_with_one_line(theme: str, tmp_path: Path) -> None:
    installed = templates_folder(theme)
    assert installed is not None
    copy = tmp_path / "templates"
    shutil.copytree(installed / "partials", copy / "partials")
    name = next(iter(theme_guard.THEMES[theme][2]))
    (copy / name).write_text((copy / name).read_text(encoding="utf-8") + "\n<!-- 9.9 -->\n",
                             encoding="utf-8")
    with pytest.raises(ThemeChanged) as raised:
        check_partials(theme, copy)
    message = str(raised.value)
    assert "\n" not in message and name in message and "uv.lock" in message
    (copy / name).unlink()
    with pytest.raises(ThemeChanged, match=name):
        check_partials(theme, copy)  # a partial the release dropped


def test_our_copies_name_the_partials_they_were_made_from() -> None:
    for _, folder, recorded in theme_guard.THEMES.values():
        ours = {f"partials/{p.name}" for p in (Path(theme_guard.__file__).parent
                                               / folder).glob("*.html")}
        assert ours == set(recorded), folder


@pytest.mark.slow
def test_a_page_without_our_worker_fails_the_mkdocs_build(tmp_path: Path) -> None:
    project = copy_repo_project(tmp_path / "project")
    (project / "overrides" / "main.html").write_text(OWN_MAIN, encoding="utf-8")
    build = mkdocs_build(project)
    assert build.returncode != 0
    lines = [line for line in build.output.splitlines()
             if "does not load the reading list's search worker" in line]
    assert len(lines) == 1, build.output
    assert "main.html" in lines[0] and "Traceback" not in build.output
    assert not (build.site / "index.html").exists()


@pytest.mark.slow
def test_a_page_without_our_worker_fails_the_zensical_build(tmp_path: Path) -> None:
    project = copy_repo_project(tmp_path / "project")
    (project / "overrides" / "main.html").write_text(OWN_MAIN, encoding="utf-8")
    done = run_cli(project, "zensical", "site-zensical")
    assert done.returncode == 1
    assert "does not load the reading list's search worker" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (project / "site-zensical").exists()
