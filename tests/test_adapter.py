"""The MkDocs adapter changes how pages are built, never what they say."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.urls import feed_links
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
    config["theme"]["custom_dir"] = str(REPO / "generator" / "theme")
    config["extra_css"] = ["assets/stylesheets/reading-list.css"]
    config["extra_javascript"] = ["assets/javascripts/explore.js"]
    config["plugins"] = ["search"]
    config["extra"] = {"reading_list_feeds": feed_links(config["site_name"])}
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    build = mkdocs_build(plain, strict=False)
    assert build.returncode == 0, build.output

    pages = sorted(p.relative_to(build.site) for p in build.site.rglob("index.html"))
    assert len(pages) >= 40 + 30  # papers, tag pages, home, archive
    for page in pages:
        ours = (repo_site.site / page).read_text(encoding="utf-8")
        theirs = (build.site / page).read_text(encoding="utf-8")
        assert "<!--rl-" not in ours, page
        assert main_content(ours) == main_content(theirs), page


def test_pages_are_typed_blocks_and_their_text_is_the_blocks() -> None:
    """What the adapter relies on: every generated page's text is its front matter and its
    blocks, in order; finished HTML is marked as such (no searching the text for it)."""
    from generator.outputs import build_site
    from generator.page import Html
    from generator.settings import read_project

    project = read_project(REPO / "mkdocs.yml")
    site = build_site(project.content_dir, project.settings, project.root)
    paper_pages = [uri for uri in site.pages if uri.startswith("papers/")]
    assert len(paper_pages) == 40
    assert any(isinstance(block, Html) for block in site.pages["index.md"].blocks)
    for uri, page in site.pages.items():
        assert site.files[uri] == page.text
        assert page.text.startswith(page.front + "\n\n")
