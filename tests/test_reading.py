"""The reading experience: citations a reader can paste, related papers, the Explore page,
the Stats page and the curator's picks, on real builds."""

from __future__ import annotations

import datetime
import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from bibtexparser.entrypoint import parse_string

from tests.helpers import REPO, Build, make_project, mkdocs_build, serve
from tests.safety import latex_to_text, person_text, read_bibtex

CORR2CAUSE = "can-large-language-models-infer-causation-from-correlation"


class Head(HTMLParser):
    """The meta tags and JSON-LD of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.json_ld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and (values.get("name") or "").startswith("citation_"):
            self.meta.append((values["name"] or "", values.get("content") or ""))
        self._in_ld = tag == "script" and values.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.json_ld.append(data)
            self._in_ld = False


def head(html_file: Path) -> Head:
    parser = Head()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return parser


def shipped_papers() -> list[dict[str, Any]]:
    papers: list[dict[str, Any]] = []
    for path in sorted((REPO / "content" / "papers").glob("*.yaml")):
        papers += yaml.safe_load(path.read_text(encoding="utf-8"))
    return papers


# --- cite ----------------------------------------------------------------------------------------

def test_papers_bib_gives_back_every_paper(repo_site: Build) -> None:
    library = parse_string((repo_site.site / "papers.bib").read_text(encoding="utf-8"))
    assert library.failed_blocks == []
    by_key = {entry.key: entry for entry in library.entries}
    papers = shipped_papers()
    assert set(by_key) == {paper["id"] for paper in papers}
    for paper in papers:
        entry = by_key[paper["id"]]
        assert entry.entry_type == "misc"
        fields = {field.key: field.value for field in entry.fields}
        assert fields["year"] == str(paper["published"].year)
        assert fields["url"].startswith("https://")
    # read as BibTeX reads it (pybtex), the text as LaTeX prints it
    data = read_bibtex((repo_site.site / "papers.bib").read_text(encoding="utf-8"))
    for paper in papers:
        read = data.entries[paper["id"]]
        # the text a reader sees: the YAML's own LaTeX decoded (``Deep Learning -- A``)
        assert latex_to_text(read.fields["title"]) == latex_to_text(paper["title"])
        if paper.get("authors"):
            assert [person_text(person) for person in read.persons["author"]] == [
                latex_to_text(name) for name in paper["authors"]]
    tagged = parse_string((repo_site.site / "tags" / "benchmark" / "papers.bib").read_text())
    assert len(tagged.entries) == 8
    one = parse_string((repo_site.site / "papers" / f"{CORR2CAUSE}.bib").read_text())
    assert [entry.key for entry in one.entries] == [CORR2CAUSE]
    # the paper's own BibTeX names its authors, accents as LaTeX writes them
    own = read_bibtex((repo_site.site / "papers" / f"{CORR2CAUSE}.bib").read_text())
    authors = [person_text(person) for person in own.entries[CORR2CAUSE].persons["author"]]
    assert authors[0] == "Zhijing Jin" and authors[-1] == "Bernhard Schölkopf"
    assert "Sch{\\\"o}lkopf" in (repo_site.site / "papers" / f"{CORR2CAUSE}.bib").read_text()


def test_bibtex_escapes_latex_and_keeps_formulas(tmp_path: Path) -> None:
    listing = ("- id: tricky\n  title: 'Cost $\\mathcal{O}(1/k^2)$ of 50% & \\{braces\\} #1_a ~b'\n"
               "  authors: [Ann Author, 'Smith, Jr.', Bo Bee]\n  et_al: true\n"
               "  arxiv: '2401.00001'\n  published: 2024-03\n  added: 2024-05-01\n"
               "  tags: [t]\n")
    build = mkdocs_build(make_project(tmp_path, {"list.yaml": listing}))
    assert build.returncode == 0, build.output
    text = (build.site / "papers" / "tricky.bib").read_text(encoding="utf-8")
    assert text == (
        "@misc{tricky,\n"
        "  title = {{Cost $\\mathcal{O}(1/k^2)$ of 50\\% \\& \\{braces\\} \\#1\\_a "
        "{\\textasciitilde}b}},\n"
        "  author = {Ann Author and {Smith, Jr.} and Bo Bee and others},\n"
        "  year = {2024},\n  month = mar,\n  eprint = {2401.00001},\n"
        "  archivePrefix = {arXiv},\n  url = {https://arxiv.org/abs/2401.00001}\n}\n")
    library = parse_string(text)
    assert library.failed_blocks == [] and len(library.entries) == 1


def test_paper_pages_carry_citation_meta_and_json_ld(repo_site: Build) -> None:
    page = head(repo_site.site / "papers" / CORR2CAUSE / "index.html")
    meta = dict(page.meta)
    assert meta["citation_title"] == "Can Large Language Models Infer Causation from Correlation?"
    assert meta["citation_publication_date"] == "2023/06/09"
    assert meta["citation_abstract_html_url"] == (
        f"https://example.github.io/reading-list/papers/{CORR2CAUSE}/")
    [ld] = page.json_ld
    data = json.loads(ld)
    assert data["@type"] == "ScholarlyArticle" and data["@context"] == "https://schema.org"
    assert data["name"] == meta["citation_title"]
    assert data["datePublished"] == "2023-06-09"
    assert "abstract" not in data  # the page holds it; the head stays small
    assert "<" not in ld


def test_arxiv_papers_give_scholar_what_it_reads(tmp_path: Path) -> None:
    listing = ("- id: p\n  title: A paper\n  authors: [Ann Author, Bo Bee]\n"
               "  arxiv: '2401.00001'\n  published: 2024-01-02\n  added: 2024-05-01\n"
               "  tags: [t]\n")
    build = mkdocs_build(make_project(tmp_path, {"list.yaml": listing}))
    meta = head(build.site / "papers" / "p" / "index.html").meta
    assert ("citation_author", "Ann Author") in meta and ("citation_author", "Bo Bee") in meta
    assert ("citation_arxiv_id", "2401.00001") in meta
    assert ("citation_pdf_url", "https://arxiv.org/pdf/2401.00001") in meta


# --- relate --------------------------------------------------------------------------------------

def test_each_paper_page_lists_related_papers_see_also_first(tmp_path: Path) -> None:
    words = "causal inference language models benchmark"
    entries = []
    for n in range(8):
        topic = words if n < 5 else "speech audio"
        abstract = "We study " + words if n < 5 else "Speech and audio models."
        entries.append(f"- id: p{n}\n  title: Paper {n} on {topic}\n"
                       f"  added: 2024-05-0{n + 1}\n  tags: [{'causal' if n < 5 else 'speech'}]\n"
                       f"  abstract: {abstract}\n")
    entries[0] += "  see_also: [p7]\n"
    build = mkdocs_build(make_project(tmp_path, {"list.yaml": "".join(entries)}))
    assert build.returncode == 0, build.output
    html = (build.site / "papers" / "p0" / "index.html").read_text(encoding="utf-8")
    block = html[html.index('<div class="rl-related"'):]
    block = block[: block.index("</div>")]
    links = re.findall(r'href="\.\./\.\./papers/(p\d)/"', block)
    assert links[0] == "p7" and "the curator’s choice" in block
    assert set(links[1:]) == {"p1", "p2", "p3", "p4"} and len(links) == 5
    assert "data-search-exclude" in block


# --- explore -------------------------------------------------------------------------------------

def test_explore_data_is_compact_and_complete(repo_site: Build) -> None:
    raw = (repo_site.site / "explore.json").read_bytes()
    data = json.loads(raw)
    papers = shipped_papers()
    assert data["version"] == 2 and len(data["papers"]) == len(papers)
    assert {row[0] for row in data["papers"]} == {paper["id"] for paper in papers}
    assert len(gzip.compress(raw)) / len(papers) < 150
    assert not any("abstract" in json.dumps(row) for row in data["papers"][:0])
    assert data["url"] == "papers/{id}/" and data["tag_url"] == "tags/{tag}/"
    # publication dates as precise as known: a day, a month or a year
    published = {row[0]: row[3] for row in data["papers"]}
    for paper in papers:
        when = paper.get("published")
        if when is None:
            assert published[paper["id"]] == 0
        elif isinstance(when, datetime.date):
            assert published[paper["id"]] == when.year * 10000 + when.month * 100 + when.day
        else:  # "2024-05" or 2024
            year, _, month = str(when).partition("-")
            assert published[paper["id"]] == int(year) * 10000 + int(month or 0) * 100


# --- stats ---------------------------------------------------------------------------------------

def test_stats_charts_have_titles_and_their_numbers(repo_site: Build) -> None:
    html = (repo_site.site / "stats" / "index.html").read_text(encoding="utf-8")
    charts = re.findall(r'<figure class="rl-chart".*?</figure>', html, re.S)
    assert len(charts) == 5
    drawn = [chart for chart in charts if "<svg" in chart]  # over time: SVG and a table
    assert len(drawn) == 2
    for chart in drawn:
        assert re.search(r'<svg [^>]*role="group" aria-labelledby="[\w-]+-title"', chart)
        assert "<title id=" in chart and "<table>" in chart and "<details" in chart
    for chart in charts:
        if chart not in drawn:  # named categories: bars as a list of labelled links
            assert re.search(r'<ol class="rl-bars" aria-labelledby="[\w-]+-title">', chart)
    tags = next(c for c in charts if 'id="tags"' in c)
    assert ('<a href="../explore/?tag=causal-reasoning"><span class="rl-bars__label">'
            'causal-reasoning</span>') in tags
    assert re.search(r'--share: 100.0%"></span><span class="rl-bars__value">9</span>', tags)


# --- picks ---------------------------------------------------------------------------------------

def test_picks_are_highlighted_on_home_and_tag_pages(tmp_path: Path) -> None:
    listing = ("- id: chosen\n  title: The chosen one\n  pick: true\n  added: 2024-05-01\n"
               "  tags: [t]\n  status: read\n  rating: 4\n"
               "- id: other\n  title: Another\n  added: 2024-05-02\n  tags: [t]\n")
    build = mkdocs_build(make_project(tmp_path, {"list.yaml": listing}))
    assert build.returncode == 0, build.output
    home = (build.site / "index.html").read_text(encoding="utf-8")
    picks = home[home.index("Curator’s picks"):]
    assert picks.index("The chosen one") < picks.index('id="may-2024"')
    tag = (build.site / "tags" / "t" / "index.html").read_text(encoding="utf-8")
    assert '<article class="rl-card rl-card--pick">' in tag
    assert 'title="rated 4 out of 5">★★★★</span>' in tag and ">read</span>" in tag


# --- in the browser ------------------------------------------------------------------------------

@pytest.mark.browser
def test_copy_bibtex_puts_the_entry_on_the_clipboard(repo_site: Build, browser: Any) -> None:
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    tab = context.new_page()
    tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1")
              else r.abort())
    with serve(repo_site.site, prefix="/reading-list") as base:
        tab.goto(f"{base}/papers/{CORR2CAUSE}/")
        button = tab.get_by_role("button", name="Copy BibTeX")
        button.focus()
        tab.keyboard.press("Enter")  # reachable and usable by keyboard
        tab.get_by_text("Copied to clipboard").wait_for(timeout=5000)
        copied = tab.evaluate("navigator.clipboard.readText()")
    context.close()
    expected = (repo_site.site / "papers" / f"{CORR2CAUSE}.bib").read_text(encoding="utf-8")
    assert copied.strip() == expected.strip()


@pytest.mark.browser
def test_explore_filters_sorts_and_remembers_them_in_the_address(repo_site: Build,
                                                                  page: Any) -> None:
    # titles as readers see them (``Deep Learning -- A`` is a dash)
    papers = [{**p, "title": latex_to_text(p["title"])} for p in shipped_papers()]
    with serve(repo_site.site, prefix="/reading-list") as base:
        page.goto(f"{base}/explore/")
        page.wait_for_selector("#rl-explore[data-ready]")
        count = page.locator(".rl-explore__count")
        items = page.locator(".rl-explore__results > li")
        assert count.inner_text() == f"All {len(papers)} papers"
        assert items.count() == len(papers)

        def expect(predicate: Any) -> None:
            wanted = [p for p in papers if predicate(p)]
            assert count.inner_text() == f"{len(wanted)} of {len(papers)} papers"
            shown = set(items.locator(".rl-explore__title").all_inner_texts())
            assert shown == {p["title"] for p in wanted}

        page.get_by_label("benchmark").check()
        expect(lambda p: "benchmark" in p["tags"])
        page.get_by_label("causal-reasoning").check()
        expect(lambda p: {"benchmark", "causal-reasoning"} <= set(p["tags"]))
        page.get_by_role("search").get_by_role("button", name="Clear filters").click()
        page.get_by_label("Published").select_option("2024")
        expect(lambda p: p["published"].year == 2024)
        page.get_by_label("Status").select_option("read")
        expect(lambda p: p["published"].year == 2024 and p.get("status") == "read")
        page.get_by_role("search").get_by_role("button", name="Clear filters").click()
        page.get_by_label("Rating").select_option("4")
        expect(lambda p: p.get("rating", 0) >= 4)
        page.get_by_role("search").get_by_role("button", name="Clear filters").click()
        page.get_by_label("Title contains").fill("benchmark")
        expect(lambda p: "benchmark" in p["title"].lower())
        page.get_by_label("Title contains").fill("")
        page.get_by_label("Sort by").select_option("published")
        titles = items.locator(".rl-explore__title").all_inner_texts()
        ordered = sorted(papers, key=lambda p: (-p["published"].toordinal()))
        years = [next(p for p in papers if p["title"] == t)["published"].year for t in titles]
        assert years == sorted(years, reverse=True)
        assert titles[0] in {p["title"] for p in ordered[:3]}
        page.get_by_label("Sort by").select_option("upvotes")
        ups = [next(p for p in papers if p["title"] == t).get("upvotes", -1) for t in titles]
        titles = items.locator(".rl-explore__title").all_inner_texts()
        ups = [next(p for p in papers if p["title"] == t).get("upvotes", -1) for t in titles]
        assert ups == sorted(ups, reverse=True)
        # the address holds the view: reload it and get the same
        page.get_by_label("benchmark").check()
        assert "tag=benchmark" in page.url and "sort=upvotes" in page.url
        shared = page.url
        page.goto(f"{base}/")
        page.goto(shared)
        page.wait_for_selector("#rl-explore[data-ready]")
        assert page.get_by_label("benchmark").is_checked()
        assert page.get_by_label("Sort by").input_value() == "upvotes"
        expect(lambda p: "benchmark" in p["tags"])
        first = items.locator(".rl-explore__title").first
        href = first.get_attribute("href")
        first.click()
        page.wait_for_url(re.compile(r".*/papers/[\w.-]+/$"))
        assert href and href.endswith("/") and "/papers/" in href
    assert page.outside_requests == []


@pytest.mark.browser
@pytest.mark.slow
def test_explore_filters_10000_papers(tmp_path: Path, page: Any) -> None:
    """Explore at 10,000 papers: each tag checked narrows the list to exactly the papers
    with every checked tag (how fast is ``benchmarks/explore_latency.py``'s to say)."""
    import sys

    sys.path.insert(0, str(REPO))
    from benchmarks.synthetic import cached_listing

    project = make_project(tmp_path / "big", {})
    cached_listing(project / "content", 10_000)
    done = __import__("subprocess").run(
        [sys.executable, "-m", "generator", "write", str(tmp_path / "out")], cwd=project,
        capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    site = tmp_path / "site"
    (site / "explore").mkdir(parents=True)
    (site / "explore.json").write_bytes((tmp_path / "out" / "explore.json").read_bytes())
    script = (REPO / "generator/adapters/theme/assets/javascripts/explore.js").read_text()
    page_html = (tmp_path / "out" / "explore" / "index.md").read_text(encoding="utf-8")
    body = page_html[page_html.index('<div id="rl-explore"'):]
    (site / "explore" / "index.html").write_text(
        f"<!doctype html><html><body>{body.replace('hidden>', '>', 1)}"
        f"<script>{script}</script></body></html>", encoding="utf-8")
    with serve(site) as base:
        page.goto(f"{base}/explore/")
        page.wait_for_selector("#rl-explore[data-ready]", timeout=20_000)
        data = json.loads((site / "explore.json").read_text(encoding="utf-8"))
        checked: set[int] = set()
        for tag in ("topic-01", "topic-02"):
            before = page.evaluate("document.getElementById('rl-explore').dataset.updated")
            page.get_by_label(tag, exact=False).first.check()
            page.wait_for_function(
                f"document.getElementById('rl-explore').dataset.updated !== '{before}'")
            checked.add(data["tags"].index(tag))
            expected = sum(1 for row in data["papers"] if checked <= set(row[-1]))
            shown = page.locator(".rl-explore__count").inner_text()
            assert f"{expected:,}" in shown, (tag, expected, shown)
