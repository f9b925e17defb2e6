"""The same site from both engines: the shipped list built with MkDocs + Material and with
Zensical 0.0.73 (``python -m generator zensical``) gives the same addresses, byte-identical
feeds and BibTeX, the same page titles and articles, and the same first results for ten
kinds of query, each run through its own site's search box protocol. What still differs
is in the README's table (section "Zensical"), and ``ENGINE_FILES`` below."""

from __future__ import annotations

import posixpath
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from playwright.sync_api import expect

from generator.adapters.theme_guard import WORKER
from tests.helpers import copy_repo_project, mkdocs_build, run_cli, serve
from tests.test_search import run_worker

pytestmark = pytest.mark.slow

ZENSICAL = Path(sys.executable).parent / "zensical"

#: Beside the shipped list, papers for the query kinds it has no example of (authors,
#: an arXiv id, an accented and a non-Latin word).
SUPPLEMENT = """\
- id: schrodinger-bridges-for-causal-discovery
  title: Schrödinger bridges for causal discovery
  authors: [Paweł Kowalski, Zoë Müller]
  arxiv: "2401.01234"
  published: 2024-01-03
  added: 2026-11-20
  tags: [causal-discovery]
  abstract: An étude of entropic transport between interventional distributions.
- id: prichinnost-v-yazykovykh-modelyakh
  title: Причинность в языковых моделях
  authors: [Анна Иванова]
  published: 2024-02-01
  added: 2026-11-21
  tags: [survey]
  abstract: Обзор методов причинного вывода для больших языковых моделей.
"""

ABOUT = "# About this list\n\nPapers on causality, from the galaxy to the gene.\n"

#: Query kind -> query; each kind's first three results must agree between the sites.
QUERIES = {
    "a title word": "supermassive",
    "an abstract-only word": "galaxy",
    "an author": "Kowalski",
    "a tag": "speech",
    "an arXiv id": "2401.01234",
    "a phrase": "string diagram surgery",
    "a prefix": "counterfact",
    "an accented word": "Schrödinger",
    "a non-Latin word": "причинность",
    "a word found nowhere": "zyxwvutsrq",
}
#: Kinds the papers' index answers (an arXiv id counts as a word of the title).
FOUND = set(QUERIES) - {"a word found nowhere"}

#: Files only one engine writes: its own scripts, styles and search index (each engine's
#: theme assets; Material's search/search_index.json holds its index of the other pages,
#: Zensical's search.json its index with a short entry per paper for its box to show).
ENGINE_FILES = {
    "mkdocs": re.compile(r"assets/javascripts/(bundle\.|lunr/|workers/search\.)|"
                         r"assets/stylesheets/(main|palette)\.|search/search_index\.json$"),
    "zensical": re.compile(r"assets/javascripts/(bundle\.|LICENSE$|workers/search\.)|"
                           r"assets/stylesheets/(classic|modern)/|search\.json$"),
}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if not ZENSICAL.exists() and not shutil.which("zensical"):
        pytest.fail("zensical is missing: run 'make test' (it installs it from uv.lock)")
    project = copy_repo_project(tmp_path_factory.mktemp("parity"))
    (project / "content/papers/parity.yaml").write_text(SUPPLEMENT, encoding="utf-8")
    # a page of the curator's own, which each engine's own index holds (for the worker's
    # scan of other pages) and renders from Markdown
    (project / "content/about.md").write_text(ABOUT, encoding="utf-8")
    built = mkdocs_build(project, project / "site-mkdocs")
    assert built.returncode == 0, built.output
    done = run_cli(project, "zensical", "site-zensical")
    assert done.returncode == 0, done.stdout + done.stderr
    return {"mkdocs": built.site, "zensical": project / "site-zensical"}


def files(site: Path, engine: str) -> set[str]:
    every = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    return {path for path in every if not ENGINE_FILES[engine].match(path)}


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def test_the_same_urls(sites: dict[str, Path]) -> None:
    mkdocs, zensical = files(sites["mkdocs"], "mkdocs"), files(sites["zensical"], "zensical")
    assert mkdocs == zensical, (sorted(mkdocs - zensical), sorted(zensical - mkdocs))
    assert len(pages(sites["mkdocs"])) > 80


def test_feeds_bibtex_and_every_other_file_byte_for_byte(sites: dict[str, Path]) -> None:
    """Every file but the pages themselves: feeds, .bib files, Explore's data, the papers'
    search index, the sitemap, redirects."""
    common = files(sites["mkdocs"], "mkdocs")
    others = sorted(path for path in common if not path.endswith("index.html")
                    and path != "404.html")
    assert any(path.endswith(".bib") for path in others)
    assert {"feed.xml", "atom.xml", "feed.json", "tags/benchmark/feed.xml"} <= set(others)
    differ = [path for path in others
              if (sites["mkdocs"] / path).read_bytes() != (sites["zensical"] / path).read_bytes()]
    assert differ == []


def _title(page: Path) -> str | None:
    found = lxml.html.parse(str(page)).find(".//title")
    return None if found is None else found.text_content()


def _article(page: Path) -> tuple[str, str]:
    """The article's text, whitespace collapsed, and its HTML (the theme's skip anchor left
    out, whitespace collapsed)."""
    article = lxml.html.parse(str(page)).find(".//article")
    assert article is not None, page
    for anchor in article.xpath(".//a[@id='__skip']"):
        anchor.drop_tree()
    markup = lxml.html.tostring(article, encoding="unicode")
    return " ".join(article.text_content().split()), " ".join(markup.split())


def test_every_page_has_the_same_title(sites: dict[str, Path]) -> None:
    differ = {page: (_title(sites["mkdocs"] / page), _title(sites["zensical"] / page))
              for page in pages(sites["mkdocs"])
              if _title(sites["mkdocs"] / page) != _title(sites["zensical"] / page)}
    assert differ == {}


def test_every_generated_page_has_the_same_article(sites: dict[str, Path]) -> None:
    """Paper pages by their article's text, as the issue asks; and every page the core
    makes (papers, tags, months, the nav's pages) by its article's HTML too: Zensical
    frames the core's HTML without reading it, as MkDocs does."""
    papers = [page for page in pages(sites["mkdocs"]) if page.startswith("papers/")]
    assert len(papers) == 42
    for page in pages(sites["mkdocs"]):
        if page in ("404.html", "about/index.html") or \
                "http-equiv" in (sites["mkdocs"] / page).read_text("utf-8"):
            continue  # the theme's and the curator's; redirects are files compared above
        text, markup = _article(sites["mkdocs"] / page)
        theirs = _article(sites["zensical"] / page)
        assert text == theirs[0], page
        assert markup == theirs[1], page


def test_ten_queries_give_the_same_first_three_results(sites: dict[str, Path]) -> None:
    """Each site's search as its box drives our worker: Material's protocol on the MkDocs
    site, Zensical's (its index, its query objects) on the Zensical site."""
    answers = {engine: {a["query"]: [r["location"] for r in a["results"][:3]]
                        for a in run_worker(site, list(QUERIES.values()))}
               for engine, site in sites.items()}
    for kind, query in QUERIES.items():
        assert answers["mkdocs"][query] == answers["zensical"][query], kind
        assert bool(answers["mkdocs"][query]) == (kind in FOUND), (kind, answers["mkdocs"][query])
    assert answers["zensical"]["galaxy"][-1] == "about/"  # after the papers, as in Material
    assert answers["zensical"]["Kowalski"][0] == "papers/schrodinger-bridges-for-causal-discovery/"
    assert answers["zensical"]["причинность"][0] == "papers/prichinnost-v-yazykovykh-modelyakh/"
    assert answers["zensical"]["2401.01234"] == answers["zensical"]["Kowalski"][:1]


def test_zensical_pages_load_our_worker_and_highlight_their_tab(sites: dict[str, Path]) -> None:
    paper = (sites["zensical"] / "papers/schrodinger-bridges-for-causal-discovery/index.html"
             ).read_text(encoding="utf-8")
    assert f"{WORKER}?v=" in paper and "workers/search." not in paper.replace(
        "material=search.", "")
    active = re.findall(r'md-tabs__item--active">\s*<a href="([^"]*)"', paper)
    assert active == ["../.."], active  # "Papers", the home page
    tag = (sites["zensical"] / "tags/benchmark/index.html").read_text(encoding="utf-8")
    assert re.findall(r'md-tabs__item--active">\s*<a href="([^"]*)"', tag) == ["../"]


def test_internal_links_resolve(sites: dict[str, Path]) -> None:
    site = sites["zensical"]
    broken = []
    for page in site.rglob("*.html"):
        folder = page.parent.relative_to(site).as_posix()
        for href in re.findall(r'href="([^"#?]+)', page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:|//", href) or page.name == "404.html":
                continue
            target = site / posixpath.normpath(posixpath.join(folder, href))
            if not (target.exists() or (target / "index.html").exists()):
                broken.append(f"{page.relative_to(site)}: {href}")
    assert broken == []


@pytest.mark.browser
def test_zensical_search_box_finds_papers(sites: dict[str, Path], page: Any) -> None:
    """In Chromium, under a project path: Zensical's box opens, answers from our index
    (highlighted), and the result opens the paper with ?h= (search.highlight)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    with serve(sites["zensical"], prefix="/reading-list") as base:
        page.goto(base + "/")
        page.get_by_role("button", name="Search").first.click()
        page.get_by_role("combobox", name="Search").press_sequentially("galaxy", delay=30)
        option = page.get_by_role("option").first
        # the box marks the part of each word the query matched: all of "galaxy" once the
        # last key's answer is in
        expect(option.locator("mark").first).to_have_text(re.compile("^galaxy$", re.I))
        assert "Astrophysics" in option.inner_text()
        option.click()
        page.wait_for_url("**/papers/causal-discovery-in-astrophysics-*/?h=galaxy*")
    assert errors == [] and page.outside_requests == []
