"""Text-mode LaTeX in a list already written (``na\\"ive``, ``Sch\\"olkopf``,
``(i.\\,i.\\,d)``) reads as Unicode everywhere the site shows text; formulas stay formulas.

The enrich stage decodes each paper once (``listing.readable``, with ``latex_to_text``), so
the page, cards, feeds, search, Explore and citations cannot disagree."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import feedparser

from generator.enrich.listing import build_listing, readable
from generator.load.model import Content, Location, Paper
from tests.helpers import make_project, mkdocs_build
from tests.safety import latex_to_text, person_text, read_bibtex
from tests.test_reading import head
from tests.test_search import run_worker
from tests.test_site import main_content, read


def paper(**fields: object) -> Paper:
    values: dict[str, object] = {"id": "p", "title": "A paper", "added": date(2024, 1, 2),
                                 "source": Location("x.yaml", 1, 1), **fields}
    return Paper(**values)  # type: ignore[arg-type]


def test_title_abstract_authors_and_org_read_as_unicode() -> None:
    decoded = readable(paper(
        title=r'Na\"ive {B}ayes for $\alpha$-stable laws -- a study',
        authors=(r'Bernhard Sch\"olkopf', r"Pawe{\l} Nowak"), org=r"Caf\'e Lab \& co",
        abstract=r"We assume (i.\,i.\,d) data and ``naive'' priors."
                 "\n\n" r"Cost \(O(n^2)\), \emph{not} more."))
    assert decoded.title == "Naïve Bayes for $\\alpha$-stable laws – a study"
    assert decoded.authors == ("Bernhard Schölkopf", "Paweł Nowak")
    assert decoded.org == "Café Lab & co"
    assert decoded.abstract == ("We assume (i. i. d) data and “naive” priors.\n\n"
                                "Cost \\(O(n^2)\\), not more.")
    assert decoded.id == "p"  # the id is the URL: never derived again


def test_plain_text_is_left_as_it_is() -> None:
    same = paper(title="Plain: 50% & <more>, $5M to $10M", abstract="One.\n\nTwo ~10x.")
    assert readable(same) == same


def test_decoding_never_makes_a_formula_check_did_not_see() -> None:
    """``\\textdollar`` and ``\\textbackslash`` decode to characters that would open a
    formula: the text is then shown as written, whose formulas ``check`` bounded."""
    for title in (r"\textdollar x\textdollar", r"\textbackslash(x\textbackslash)",
                  r"Cost \textbackslash$5 and $x$"):
        assert readable(paper(title=title)).title == title


def test_the_listing_holds_the_decoded_papers() -> None:
    listing = build_listing(Content((paper(title=r"Sch\"on", abstract=r"na\"ive"),)))
    assert listing.papers[0].title == "Schön" and listing.by_id["p"].abstract == "naïve"
    assert "na\\" not in listing.prose["p"].abstract[0]


LISTING = r"""- id: naive
  title: 'Na\"ive {B}ayes for $\alpha$-stable laws -- a study'
  authors: ['Bernhard Sch\"olkopf', 'Pawe{\l} Nowak']
  arxiv: '2401.00001'
  published: 2024-01-02
  added: 2024-05-01
  tags: [t]
  abstract: >-
    We assume (i.\,i.\,d) data and ``naive'' priors, cost $O(n^2)$ and \emph{nothing} more.
"""
TITLE = "Naïve Bayes for α-stable laws – a study"
LATEX_SOURCE = re.compile(r'\\["\',]|\\emph|\{\\l\}|--|``')


def test_every_output_reads_the_decoded_text(tmp_path: Path) -> None:
    build = mkdocs_build(make_project(tmp_path, {"list.yaml": LISTING}))
    assert build.returncode == 0, build.output
    site = build.site
    # the page: title with its formula as MathML, authors, abstract; no LaTeX source
    html, text, _ = read(site, "papers/naive/index.html")
    article = main_content(html)
    assert "Naïve Bayes for" in article and "<math" in article and "– a study" in article
    assert "Bernhard Schölkopf, Paweł Nowak" in text
    assert "We assume (i. i. d) data and “naive” priors" in text and "nothing more" in text
    assert f"<title>{TITLE} - " in html
    assert not LATEX_SOURCE.search(text.replace("$O(n^2)$", "")), text
    # cards on the home and tag pages
    for listing_page in ("index.html", "tags/t/index.html"):
        _, card_text, _ = read(site, listing_page)
        assert "Naïve Bayes for" in card_text and "Bernhard Schölkopf" in card_text
        assert "(i. i. d)" in card_text and "Na\\" not in card_text
    # citations for machines: meta tags and JSON-LD hold plain text
    page = head(site / "papers" / "naive" / "index.html")
    meta = dict(page.meta)
    assert meta["citation_title"] == TITLE
    assert ("citation_author", "Bernhard Schölkopf") in page.meta
    ld = json.loads(page.json_ld[0])
    assert ld["name"] == TITLE and ld["author"][0]["name"] == "Bernhard Schölkopf"
    # BibTeX: the encoder writes the Unicode back as LaTeX, which BibTeX reads
    bib = (site / "papers" / "naive.bib").read_text(encoding="utf-8")
    assert 'Sch{\\"o}lkopf' in bib and "Pawe{\\l} Nowak" in bib
    read_back = read_bibtex(bib).entries["naive"]  # as BibTeX (pybtex) reads it
    assert latex_to_text(read_back.fields["title"]) == TITLE.replace("α", "$\\alpha$")
    assert [person_text(p) for p in read_back.persons["author"]] == [
        "Bernhard Schölkopf", "Paweł Nowak"]
    # feeds
    for name in ("feed.xml", "atom.xml"):
        entry = feedparser.parse((site / name).read_bytes()).entries[0]
        assert entry.title == TITLE and "(i. i. d)" in entry.summary, name
    item = json.loads((site / "feed.json").read_text(encoding="utf-8"))["items"][0]
    assert item["title"] == TITLE and item["authors"][0]["name"] == "Bernhard Schölkopf"
    # Explore and search
    explore = json.loads((site / "explore.json").read_text(encoding="utf-8"))
    assert explore["papers"][0][1] == TITLE
    answers = {a["query"]: a["results"] for a in run_worker(site, ["naive", "scholkopf", "iid"])}
    assert [r["location"] for r in answers["naive"]] == ["papers/naive/"]
    assert answers["naive"][0]["title"].replace("<mark>", "").replace("</mark>", "") == TITLE
    assert [r["location"] for r in answers["scholkopf"]] == ["papers/naive/"]
