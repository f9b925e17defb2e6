"""Every path of the site is reserved once (generator/load/site_paths.py): a second claim is an
error in check naming both entries, and the build writes nothing no entry reserved."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.load.loader import check_paths, load_content
from generator.load.model import Content, Location, Paper
from generator.load.settings import Settings
from generator.load.site_paths import pages, site_path, unclaimed
from generator.pipeline import build_site
from tests.helpers import make_project, mkdocs_build, run_cli


def paper(paper_id: str, line: int, **fields: object) -> Paper:
    return Paper(id=paper_id, title=paper_id, added=date(2024, 5, 1),
                 source=Location("content/papers/a.yaml", line, 3), **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("uri, directory, flat", [
    ("papers/x.md", "papers/x/index.html", "papers/x.html"),
    ("index.md", "index.html", "index.html"),
    ("tags/index.md", "tags/index.html", "tags/index.html"),
    ("notes/README.md", "notes/index.html", "notes/index.html"),
    ("papers/x.bib", "papers/x.bib", "papers/x.bib"),
    ("about.markdown", "about/index.html", "about.html"),
    ("notes/readme.md", "notes/readme/index.html", "notes/readme.html"),
    ("Notes.MD", "Notes.MD", "Notes.MD"),
])
def test_where_mkdocs_writes_each_file(uri: str, directory: str, flat: str) -> None:
    assert site_path(uri, True) == directory
    assert site_path(uri, False) == flat


def test_a_second_claim_names_both_entries_with_their_lines() -> None:
    content = Content((paper("x", 1), paper("x.bib", 5), paper("y", 9, aliases=("x.bib.bib",)),
                       paper("z", 13, tags=("t",))))
    published = [("tags/t/cover.png", "content/tags/t/cover.png"),
                 ("papers/y.bib", "content/papers/y.bib"), ("images/a.png", "content/images/a.png")]
    messages = [str(p) for p in check_paths(content, published, True)]
    assert messages == [
        "content/papers/a.yaml:5:3: paper 'x.bib': id: the page of paper 'x.bib' "
        "(papers/x.bib/index.html) collides in the site with the BibTeX file of paper 'x' at "
        "content/papers/a.yaml:1 (papers/x.bib): give one of them another id",
        "content/papers/a.yaml:9:3: paper 'y': aliases: the redirect page of alias 'x.bib.bib' "
        "of paper 'y' (papers/x.bib.bib/index.html) collides in the site with the BibTeX file "
        "of paper 'x.bib' at content/papers/a.yaml:5 (papers/x.bib.bib): change the alias or "
        "the id",
        "content/tags/t/cover.png:1:1: the file content/tags/t/cover.png (tags/t/cover.png) "
        "collides in the site with the pages and feeds of tag 't' at content/papers/a.yaml:13 "
        "(tags/t/): rename or move the file",
        "content/papers/y.bib:1:1: the file content/papers/y.bib (papers/y.bib) collides in "
        "the site with the BibTeX file of paper 'y' at content/papers/a.yaml:9 (papers/y.bib): "
        "rename or move the file",
    ]


def test_without_directory_urls_pages_are_files_and_clash_as_files() -> None:
    content = Content((paper("x", 1),))
    published = [("papers/x.html", "content/papers/x.html")]
    assert check_paths(content, published, True) == []
    problem, = check_paths(content, published, False)
    assert problem.path == "content/papers/x.html"
    assert "the page of paper 'x' at content/papers/a.yaml:1 (papers/x.html)" in problem.message


def test_paths_differing_only_in_case_clash() -> None:
    content = Content((paper("x", 1),))
    problem, = check_paths(content, [("papers/X.bib", "content/papers/X.bib")], True)
    assert "the BibTeX file of paper 'x'" in problem.message


@pytest.mark.parametrize("directory_urls", [True, False])
def test_every_file_the_core_writes_was_reserved(tmp_path: Path, directory_urls: bool) -> None:
    from tests.helpers import REPO

    settings = Settings(site_url="https://example.org/", directory_urls=directory_urls)
    site = build_site(REPO / "content", settings, REPO, memo=None)
    loaded = load_content(REPO / "content", REPO, directory_urls=directory_urls)
    written = [*(page.uri for page in site.pages), *site.files]
    assert unclaimed(written, loaded.content, loaded.published, directory_urls) == []
    # and every page it makes is one a note may link to (note_links)
    listed = pages(loaded.content, loaded.published, settings.page_size)
    assert [page.uri for page in site.pages if page.uri not in listed] == []
    assert unclaimed(["papers/extra/thing.txt"], loaded.content, loaded.published,
                     directory_urls) == ["papers/extra/thing.txt"]


@pytest.mark.slow
def test_ids_x_and_x_bib_fail_check_write_and_the_build_alike(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"a.yaml": (
        "- id: x\n  title: X\n  added: 2024-05-01\n  tags: [t]\n"
        "- id: x.bib\n  title: X bib\n  added: 2024-05-01\n  tags: [t]\n")})
    check = run_cli(project, "check")
    write = run_cli(project, "write", str(tmp_path / "out"))
    build = mkdocs_build(project)
    line = check.stdout.splitlines()[0]
    assert check.returncode == write.returncode == 2 and build.returncode != 0
    assert line.startswith("content/papers/a.yaml:5:3: paper 'x.bib': id: the page of paper")
    for out in (write.stdout, build.output):
        assert line in out and "Traceback" not in out


def test_a_file_named_as_a_part_of_a_sitemap_index_fails_check() -> None:
    """A large site's ``sitemap.xml`` is an index of ``sitemap-N.xml`` beside it: a
    curator's file of such a name would be replaced, so check says so whatever the size."""
    content = Content((paper("x", 1),))
    published = [("sitemap-1.xml", "content/sitemap-1.xml"),
                 ("notes/sitemap-2.xml", "content/notes/sitemap-2.xml")]
    messages = [str(p) for p in check_paths(content, published, True)]
    assert messages == [
        "content/sitemap-1.xml:1:1: the file content/sitemap-1.xml (sitemap-1.xml) collides "
        "in the site with a page the site makes (sitemap-1.xml): rename or move the file"]
