"""What keeps the site bounded at 10,000 papers: pagination, search fields, cheap pages.

Timings live in ``benchmarks/``; these tests check behaviour only and stay offline.
"""

from __future__ import annotations

import json
import posixpath
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.common import urls
from generator.render.frontmatter import front_matter
from tests.helpers import REPO, make_project, mkdocs_build
from tests.test_site import main_content, read


def entries(count: int) -> str:
    """``count`` papers tagged ``t``, added on consecutive days across two months."""
    lines = []
    for n in range(count):
        added = date(2024, 1, 20).toordinal() + n
        lines += [f"- title: Paper number {n:02d}", f"  id: p{n:02d}",
                  f"  added: {date.fromordinal(added).isoformat()}", "  tags: [t]", ""]
    return "\n".join(lines)


@pytest.mark.slow
def test_tag_month_and_home_pages_are_paginated_with_working_links(tmp_path: Path) -> None:
    config = {"plugins": ["search", "tags", {"reading-list": {"home_size": 4, "page_size": 5}}]}
    build = mkdocs_build(make_project(tmp_path, {"list.yaml": entries(23)}, config))
    assert build.returncode == 0, build.output
    site = build.site

    # tag t: 23 papers, 5 a page -> 5 pages; every pager link leads to a built page
    pages = ["tags/t/index.html"] + [f"tags/t/page-{n}/index.html" for n in range(2, 6)]
    assert all((site / p).is_file() for p in pages)
    assert not (site / "tags/t/page-6/index.html").exists()
    seen: list[str] = []
    for number, path in enumerate(pages, start=1):
        html, text, links = read(site, path)
        content = main_content(html)
        titles = re.findall(r'class="rl-card__title"[^>]*>([^<]+)<', content)
        assert len(titles) == (5 if number < 5 else 3), path
        seen += titles
        assert f"Page {number} of 5" in text, path
        for link in links:
            if link.startswith(("http", "#", "mailto")):
                continue
            link = link.partition("#")[0]  # a place in the page (subscribe/#tag-t)
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), link))
            target = target + "/index.html" if not target.endswith(".html") else target
            assert (site / target).is_file() or (site / target.removesuffix("/index.html")
                                                  ).is_file(), (path, link)
    # newest first, each paper once
    assert seen == [f"Paper number {n:02d}" for n in range(22, -1, -1)]

    # month archives: January has 12 papers (20-31) -> 3 pages; February 11 -> 3 pages
    for key, count in (("2024-01", 12), ("2024-02", 11)):
        _, text, _ = read(site, f"archive/{key}/index.html")
        assert f"{count} papers" in text and "Page 1 of 3" in text
        assert (site / f"archive/{key}-page-3/index.html").is_file()
        assert not (site / f"archive/{key}-page-4/index.html").exists()

    # home: the newest 4, and the way on to older papers
    html, _, links = read(site, "index.html")
    assert main_content(html).count('class="rl-card"') == 4
    assert "archive/" in links


@pytest.mark.slow
def test_paper_pages_are_indexed_on_every_searchable_field(tmp_path: Path) -> None:
    listing = (
        "- title: Zanzibar transformers\n"
        "  id: zanzibar\n"
        "  added: 2024-05-01\n"
        "  authors: [Ada Quillfeather, Bo Marchetti, Cy Lindqvist, Dee Okonkwo-Brandt]\n"
        "  org: Thornfield Institute\n"
        "  tags: [glacier-methods]\n"
        "  note: A curator remark about **periwinkle** tokens.\n"
        "  abstract: We study xylophonic attention.\n"
    )
    build = mkdocs_build(make_project(tmp_path, {"list.yaml": listing}))
    assert build.returncode == 0, build.output
    # found by the worker in the papers' own index, by a word of each field
    from tests.test_search import run_worker

    words = ["Zanzibar", "Quillfeather", "Okonkwo", "Brandt", "Thornfield", "glacier",
             "periwinkle", "xylophonic", "zanz"]
    for answer in run_worker(build.site, words):
        assert [r["location"] for r in answer["results"]] == ["papers/zanzibar/"], answer
    # Material's own index holds neither the paper nor the listings (they repeat its text)
    index = json.loads((build.site / "search" / "search_index.json").read_text())
    assert not [d for d in index["docs"] if d["location"].startswith(("papers/", "tags/"))]


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
       st.lists(st.text(max_size=8), max_size=3))
def test_front_matter_reads_back_as_written(title: str, tags: list[str]) -> None:
    text = front_matter(title=title or "x", date=date(2024, 1, 2), tags=tags,
                        search={"exclude": True})
    data = yaml.safe_load(text.removeprefix("---\n").removesuffix("---"))
    assert data["title"] == (title or "x")
    assert data["date"] == date(2024, 1, 2)
    assert data.get("tags", []) == tags
    assert data["search"] == {"exclude": True}


@given(st.lists(st.sampled_from(["a", "b", "tags", "x"]), min_size=0, max_size=3),
       st.lists(st.sampled_from(["a", "b", "tags", "x"]), min_size=0, max_size=3))
def test_relative_links_match_posixpath(here: list[str], target: list[str]) -> None:
    here_uri = "/".join([*here, "index.md"])
    target_uri = "/".join([*target, "page.md"])
    assert urls.relative(here_uri, target_uri) == posixpath.relpath(
        target_uri, posixpath.dirname(here_uri) or ".")


def test_card_links_are_built_page_urls() -> None:
    assert urls.href("tags/t/index.md", "papers/p.md") == "../../papers/p/"
    assert urls.href("tags/t/page-2.md", "tags/u/index.md") == "../../../tags/u/"
    assert urls.href("index.md", "papers/p.md") == "papers/p/"
    assert urls.href("archive/2024-01.md", "papers/p.md", directory_urls=False) == (
        "../papers/p.html")
    assert urls.href("index.md", "index.md") == "./"


def test_the_stage_benchmark_still_names_every_stage_it_times() -> None:
    """``benchmarks/stages.py`` patches the pipeline's functions by name: a function
    renamed or moved must fail here, not when someone next measures."""
    result = subprocess.run([sys.executable, str(REPO / "benchmarks" / "stages.py"), "30"],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "search index" in result.stdout and "core, all stages" in result.stdout
