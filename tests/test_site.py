"""The real site, built with --strict into a temporary folder, read as HTML."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from tests.helpers import Build, make_project, mkdocs_build

CORR2CAUSE = "can-large-language-models-infer-causation-from-correlation"


class _Text(HTMLParser):
    """Visible text and links of an HTML page, as a reader sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "svg"):
            self._skip += 1
        if tag == "a":
            self.links.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "svg"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def read(site: Path, path: str) -> tuple[str, str, list[str]]:
    html = (site / path).read_text(encoding="utf-8")
    parser = _Text()
    parser.feed(html)
    return html, " ".join(" ".join(parser.text).split()), parser.links


def main_content(html: str) -> str:
    start = html.index('<article class="md-content__inner')
    return html[start: html.index("</main>", start)]


def test_paper_page_shows_every_field(repo_site: Build) -> None:
    html, text, links = read(repo_site.site, f"papers/{CORR2CAUSE}/index.html")
    assert "<title>Can Large Language Models Infer Causation from Correlation? - " in html
    assert ("<h1 data-search-exclude>Can Large Language Models Infer Causation from "
            "Correlation?</h1>") in html
    assert ("Zhijing Jin, Jiarui Liu, Zhiheng Lyu, Spencer Poff, Mrinmaya Sachan, Rada Mihalcea, "
            "Mona Diab, Bernhard Schölkopf") in text
    assert {"https://arxiv.org/abs/2306.05836", "https://arxiv.org/pdf/2306.05836"} <= set(links)
    assert "Published Jun 9, 2023" in text and "Added Nov 27, 2026" in text
    assert "▲ 1 upvote" in text
    assert "Status: read" in text and 'title="5 out of 5"' in html
    assert "https://github.com/causalNLP/corr2cause" in links
    # tags link to our own (newest-first) tag pages
    assert "../../tags/causal-reasoning/" in links and "../../tags/benchmark/" in links
    # the curator's note is set apart from the abstract, and comes before it
    note = html.index('class="admonition note rl-note"')
    abstract = html.index('id="abstract"')
    assert note < abstract
    assert "<em>pure</em> causal inference" in html
    assert "Causal inference is one of the hallmarks of human intelligence." in text
    assert "Reading notes" in text
    assert "The seventeen models evaluated score close to random" in text


def test_paper_pages_are_not_in_the_navigation(repo_site: Build) -> None:
    html, _, _ = read(repo_site.site, f"papers/{CORR2CAUSE}/index.html")
    nav = html[html.index('<nav class="md-nav md-nav--primary'):]
    nav = nav[: nav.index('<nav class="md-nav md-nav--secondary')]
    assert "papers/" not in nav
    pages = list((repo_site.site / "papers").glob("*/index.html"))
    assert len(pages) == 40


def test_home_page_lists_newest_additions_by_month_with_tag_links(repo_site: Build) -> None:
    html, text, links = read(repo_site.site, "index.html")
    content = main_content(html)
    assert '<h2 id="november-2026">November 2026' in content
    assert content.count('class="rl-card"') == 40
    # newest first: same added date, so the newest publication leads
    first = content.index("Large Causal Models from Large Language Models")
    assert first < content.index("Causal Inference by String Diagram Surgery")
    # a card names the first three authors; a paper known only by its count says so
    assert "Sirui Chen, Bo Peng, Meiqi Chen et al." in text and "3 authors" in text
    assert "▲ 2" in text
    tag_dirs = sorted(p.name for p in (repo_site.site / "tags").iterdir() if p.is_dir())
    for tag in tag_dirs:
        assert f"tags/{tag}/" in links, tag
    assert f"papers/{CORR2CAUSE}/" in links


def test_tag_page_lists_its_papers_newest_first(repo_site: Build) -> None:
    html, text, _ = read(repo_site.site, "tags/benchmark/index.html")
    content = main_content(html)
    titles = re.findall(r'class="rl-card__title"[^>]*>([^<]+)<', content)
    assert len(titles) == 8
    published = re.findall(r'Published <time datetime="([0-9-]+)"', content)
    assert published == sorted(published, reverse=True)
    assert "Tag: benchmark" in text and "8 papers" in text
    index_html, index_text, _ = read(repo_site.site, "tags/index.html")
    assert "benchmark 8" in index_text and 'href="../tags/benchmark/"' in index_html


def test_search_index_holds_paper_pages_not_listings(repo_site: Build) -> None:
    """Every paper is in the papers' own index (search/papers/), and no listing page is in
    Material's index (their cards repeat the papers' text)."""
    papers = repo_site.site / "search" / "papers"
    manifest = json.loads((papers / "manifest.json").read_text())
    shown = [doc[0] for chunk in sorted((papers / "d").glob("*.json"))
             for doc in json.loads(chunk.read_text())]
    assert manifest["count"] == len(shown) == 40 and f"papers/{CORR2CAUSE}/" in shown
    index = json.loads((repo_site.site / "search" / "search_index.json").read_text())
    locations = {doc["location"] for doc in index["docs"]}
    assert "" not in locations and "tags/benchmark/" not in locations
    assert not any(loc.startswith(("archive/", "papers/")) for loc in locations)


def test_no_page_asks_for_anything_outside_the_site(repo_site: Build) -> None:
    for path in repo_site.site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, path
        for match in re.finditer(r'<(?:script|link|img)[^>]+(?:src|href)="(https?:[^"]+)"', html):
            url = match.group(1)
            assert url.startswith("https://example.github.io/"), (path, url)


HOSTILE_TITLE = "<script>alert(1)</script> | pipe # hash [x](http://evil.test) --- & done"
HOSTILE_ABSTRACT = ("Line one <img src=x onerror=alert(2)>\n\n# Not a heading\n\n"
                    "| a | b |\n|---|---|\n\n---\n\n* not a list\n\n[link](javascript:alert(3))")


def test_untrusted_text_renders_as_literal_text(tmp_path: Path) -> None:
    listing = (
        "- title: " + json_quote(HOSTILE_TITLE) + "\n"
        "  id: hostile\n"
        "  added: 2024-05-01\n"
        "  tags: [safety]\n"
        "  org: " + json_quote("<b>Org</b> & co") + "\n"
        "  abstract: " + json_quote(HOSTILE_ABSTRACT) + "\n"
    )
    build = mkdocs_build(make_project(tmp_path, {"list.yaml": listing}))
    assert build.returncode == 0, build.output
    for path in ("papers/hostile/index.html", "index.html", "tags/safety/index.html"):
        html, text, links = read(build.site, path)
        content = main_content(html)
        assert "<script>alert" not in html, path
        assert "<img src=x" not in content and "<b>Org" not in content, path
        assert "<table" not in content and "<hr" not in content, path
        assert "http://evil.test" not in links and not any("javascript:" in x for x in links)
        # markup stays text; LaTeX's ligature --- is an em dash (``latex_to_text``)
        assert HOSTILE_TITLE.replace("---", "—") in text, path
    _, text, _ = read(build.site, "papers/hostile/index.html")
    assert "Line one <img src=x onerror=alert(2)>" in text
    assert "# Not a heading" in text and "| a | b |" in text and "* not a list" in text
    html, _, _ = read(build.site, "papers/hostile/index.html")
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title and "<script>" not in title.group(1)


def json_quote(text: str) -> str:
    return json.dumps(text)
