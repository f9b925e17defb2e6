"""A curator's link to a page of the site (``other-id.md``) that the site does not have is an
error at its line, in ``check`` and in the build alike (``note_links``); a link to a page the
site has passes and works. The golden case ``tests/cases/dead_links`` shows the messages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.load import site_paths
from generator.load.loader import load_content
from generator.load.settings import Settings
from generator.pipeline import build_site
from tests.helpers import make_project, mkdocs_build, run_cli

LIST = """\
- id: first
  title: First paper
  added: 2024-05-01
  tags: [causality]
  note: |
    Read it before [the second](second.md).
- id: second
  title: Second paper
  added: 2024-06-02
  tags: [causality]
  aliases: [old-second]
"""


def project(tmp_path: Path, note: str, **notes: str) -> Path:
    listing = LIST.replace("Read it before [the second](second.md).", note)
    return make_project(tmp_path, {"list.yaml": listing}, notes=notes)


@pytest.mark.parametrize("link", [
    "second.md", "second.md#abstract", "old-second.md", "../tags/causality/index.md",
    "../tags/index.md", "../archive/2024-06.md", "../archive/index.md", "../index.md",
    "../explore/index.md", "../stats/index.md", "../inbox/index.md",
    "https://example.org/elsewhere.md", "#abstract", "../img/figure.png",
])
def test_a_link_to_a_page_the_site_has_passes(tmp_path: Path, link: str) -> None:
    root = project(tmp_path, f"See [it]({link}).")
    content = load_content(root / "content", root, date(2026, 1, 1))
    assert content.problems == []


@pytest.mark.parametrize("link, says", [
    ("no-such-paper.md", "no paper has the id 'no-such-paper'"),
    ("secnod.md", "no paper has the id 'secnod'; did you mean 'second'?"),
    ("Second.md", "no paper has the id 'Second'"),  # GitHub Pages tells case apart
    ("../tags/no-such-tag/index.md", "a page the site does not have"),
    ("../tags/causality/page-2.md", "a page the site does not have"),  # one page of 100
    ("../archive/2024-07.md", "a page the site does not have"),
    ("/papers/second.md", "a page the site does not have"),
    ("../../second.md", "a page the site does not have"),
])
def test_a_link_to_a_page_the_site_lacks_is_an_error_at_its_line(tmp_path: Path, link: str,
                                                                says: str) -> None:
    root = project(tmp_path, f"Fine line.\n    Then [it]({link}).")
    [problem] = load_content(root / "content", root, date(2026, 1, 1)).problems
    assert (problem.path, problem.line, problem.column) == ("content/papers/list.yaml", 7, 15)
    assert (problem.paper, problem.field) == ("first", "note")
    assert says in problem.message


def test_pages_follow_the_page_size(tmp_path: Path) -> None:
    root = project(tmp_path, "The [second page](../tags/causality/page-2.md) of the tag.")
    assert load_content(root / "content", root, date(2026, 1, 1), page_size=1).problems == []
    assert load_content(root / "content", root, date(2026, 1, 1), page_size=2).problems


def test_every_page_the_core_makes_is_one_a_note_may_link(tmp_path: Path) -> None:
    """``site_paths.pages`` lists what the renderers make (the build checks it each time)."""
    root = project(tmp_path, "Plain.")
    for size in (1, 2, 100):
        settings = Settings(site_url="https://example.org/", page_size=size)
        site = build_site(root / "content", settings, root, date(2026, 1, 1))
        loaded = load_content(root / "content", root, date(2026, 1, 1), page_size=size)
        listed = site_paths.pages(loaded.content, loaded.published, size)
        assert {page.uri for page in site.pages} <= listed
        assert ("tags/causality/page-2.md" in listed) == (size == 1)


def test_long_notes_and_the_intro_are_checked_at_their_lines(tmp_path: Path) -> None:
    root = project(tmp_path, "Plain.", first="---\nheading: Notes\n---\n\n\nText.\n\n"
                                              "[gone](gone.md)\n")
    (root / "content" / "intro.md").write_text("Hello.\n\n  [ghost](papers/ghost.md)\n")
    problems = load_content(root / "content", root, date(2026, 1, 1)).problems
    assert sorted((p.path, p.line, p.column, p.field) for p in problems) == [
        ("content/intro.md", 3, 11, "intro"), ("content/notes/first.md", 8, 8, "note")]


def test_check_and_the_build_report_the_same_line(tmp_path: Path) -> None:
    root = project(tmp_path, "Read [the third](third.md).")
    check = run_cli(root, "check")
    assert check.returncode == 2
    line = next(row for row in check.stdout.splitlines() if "third.md" in row)
    assert line.startswith("content/papers/list.yaml:6:22: paper 'first': note: links to")
    build = mkdocs_build(root)
    assert build.returncode != 0 and line in build.output
    # fixed, it builds and the link leads to the page
    (root / "content" / "papers" / "list.yaml").write_text(LIST)
    build = mkdocs_build(root)
    assert build.returncode == 0, build.output
    page = (build.site / "papers" / "first" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../papers/second/">the second</a>' in page
    assert (build.site / "papers" / "second" / "index.html").exists()
