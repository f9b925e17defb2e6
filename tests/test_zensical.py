"""The same content built with Zensical, Material's successor: the same pages, links and
feeds as the MkDocs build."""

from __future__ import annotations

import posixpath
import re
import shutil
import sys
from pathlib import Path

import pytest

from tests.helpers import Build, copy_repo_project, run_cli

pytestmark = pytest.mark.slow

ZENSICAL = Path(sys.executable).parent / "zensical"


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not ZENSICAL.exists() and not shutil.which("zensical"):
        pytest.fail("zensical is missing: run 'make test' (it installs '.[zensical]')")
    project = copy_repo_project(tmp_path_factory.mktemp("zensical"))
    done = run_cli(project, "zensical", "site-zensical")
    assert done.returncode == 0, done.stdout + done.stderr
    return project / "site-zensical"


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("index.html")}


def test_the_same_pages_as_the_mkdocs_build(zensical_site: Path, repo_site: Build) -> None:
    assert pages(zensical_site) == pages(repo_site.site)
    for name in ("feed.xml", "atom.xml", "feed.json", "papers.bib", "explore.json",
                 "tags/benchmark/feed.xml", "tags/benchmark/papers.bib"):
        assert (zensical_site / name).read_bytes() == (repo_site.site / name).read_bytes(), name


def test_pages_say_what_they_say_in_the_mkdocs_build(zensical_site: Path) -> None:
    paper = (zensical_site / "papers" / "can-large-language-models-infer-causation-from-"
             "correlation" / "index.html").read_text(encoding="utf-8")
    assert "Can Large Language Models Infer Causation from Correlation?" in paper
    assert "Causal inference is one of the hallmarks of human intelligence." in paper
    assert "Copy BibTeX" in paper and 'name="citation_title"' in paper
    assert 'type="application/rss+xml"' in paper  # feed autodiscovery from main.html
    home = (zensical_site / "index.html").read_text(encoding="utf-8")
    assert home.count('class="rl-card"') == 40
    assert (zensical_site / "search.json").stat().st_size > 10_000  # Zensical's own search


def test_internal_links_resolve(zensical_site: Path) -> None:
    broken = []
    for page in zensical_site.rglob("*.html"):
        folder = page.parent.relative_to(zensical_site).as_posix()
        for href in re.findall(r'href="([^"#?]+)', page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:|//", href) or page.name == "404.html":
                continue
            target = zensical_site / posixpath.normpath(posixpath.join(folder, href))
            if not (target.exists() or (target / "index.html").exists()):
                broken.append(f"{page.relative_to(zensical_site)}: {href}")
    assert broken == []
