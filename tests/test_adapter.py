"""The MkDocs adapter changes how pages are built, never what they say."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.common.urls import feed_links
from tests.helpers import REPO, Build, mkdocs_build, repo_config, run_cli
from tests.test_site import main_content


@pytest.mark.slow
def test_pages_match_a_plain_mkdocs_build_of_the_written_markdown(repo_site: Build,
                                                                  tmp_path: Path) -> None:
    """The adapter passes the core's finished HTML blocks by Markdown; the pages must come
    out exactly as MkDocs makes them from the same Markdown without our plugin."""
    written = tmp_path / "docs"
    done = run_cli(REPO, "write", str(written))
    assert done.returncode == 0, done.stderr
    config = repo_config()
    config.update(docs_dir=str(written), not_in_nav="/papers/\n")
    config["theme"]["custom_dir"] = str(REPO / "generator" / "adapters" / "theme")
    config["extra_css"] = ["assets/stylesheets/reading-list.css"]
    config["extra_javascript"] = ["assets/javascripts/explore.js"]
    config["plugins"] = ["search"]
    config["extra"] = {"reading_list_feeds": feed_links(config["site_name"])}
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    build = mkdocs_build(plain, strict=False)
    assert build.returncode == 0, build.output

    indent = re.compile(r"[ \t]*\n\s*")
    pages = sorted(p.relative_to(build.site) for p in build.site.rglob("index.html"))
    assert len(pages) >= 40 + 30  # papers, tag pages, home, archive
    for page in pages:
        ours = (repo_site.site / page).read_text(encoding="utf-8")
        theirs = (build.site / page).read_text(encoding="utf-8")
        assert "<!--rl-" not in ours, page
        # pages filled into a shell leave out the theme's indentation (shells.Shell.take)
        assert indent.sub("\n", main_content(ours)) == indent.sub("\n", main_content(theirs)), page


def test_pages_are_finished_html_with_their_head_and_title_apart() -> None:
    """What the adapter relies on: a page is its parts (title, description, head tags,
    article), each final; written as a file it is front matter and one HTML block, and
    its front matter reads back as those parts."""
    from generator.load.settings import read_project
    from generator.pipeline import build_site

    project = read_project(REPO / "mkdocs.yml")
    site = build_site(project.content_dir, project.settings, project.root)
    papers = [page for page in site.pages if page.uri.startswith("papers/")]
    assert len(papers) == 40 and all(page.kind == "paper" for page in papers)
    for page in site.pages:
        front, article = page.text.split("\n---\n\n", 1)
        meta = yaml.safe_load(front.removeprefix("---\n"))
        assert article == page.article.decode() + "\n"
        assert meta.get("title") == (None if page.title is None else
                                     page.title.replace("&", "&amp;").replace("<", "&lt;")
                                     .replace(">", "&gt;"))
        assert meta.get("rl_head", "") == page.head
        assert b"<h1" in page.article
