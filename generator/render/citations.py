"""Render: how a paper is cited: BibTeX, Highwire ``citation_*`` meta tags, schema.org JSON-LD.

BibTeX keys are paper ids (stable forever, like the URLs). Values are written by the
BibTeX encoder (``bibtex_text``): braces balanced as BibTeX counts them, LaTeX's special
characters and non-ASCII letters as LaTeX, formulas kept. Zotero's connector and Google
Scholar read the meta tags and the JSON-LD; both hold plain text (formulas as text).
"""

from __future__ import annotations

import json
from functools import partial

from generator.common import urls
from generator.common.digest import digest
from generator.common.memo import Memo
from generator.enrich import latex_math
from generator.enrich.listing import Listing
from generator.load.model import Paper
from generator.load.settings import Settings
from generator.render import bibtex_text

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def bibtex(paper: Paper, base_url: str) -> str:
    """One ``@misc`` entry (arXiv preprints are cited so), keyed by the paper's id, written
    by the BibTeX encoder (``bibtex_text``)."""
    # the title braced twice: styles keep its capitals as written
    fields: list[tuple[str, str]] = [("title", "{" + bibtex_text.text(paper.title) + "}")]
    if paper.authors:
        fields.append(("author", bibtex_text.names(paper.authors, paper.et_al)))
    elif paper.org:
        fields.append(("author", "{" + bibtex_text.text(paper.org) + "}"))
    if paper.published:
        fields.append(("year", str(paper.published.first.year)))
        if paper.published.precision != "year":
            fields.append(("month", MONTHS[paper.published.first.month - 1]))
    if paper.arxiv:
        fields += [("eprint", bibtex_text.text(paper.arxiv)), ("archivePrefix", "arXiv")]
    links = paper.link_map
    url = links.get("paper") or base_url + urls.public_path(urls.paper(paper.id))
    fields.append(("url", bibtex_text.url(url)))
    return bibtex_text.entry("misc", paper.id, fields, macros=frozenset({"month"}))


def highwire(paper: Paper, base_url: str) -> list[list[str]]:
    """``citation_*`` meta tags as name/content pairs (Google Scholar's inclusion rules)."""
    tags = [["citation_title", latex_math.to_text(paper.title)]]
    tags += [["citation_author", name] for name in paper.authors]
    if paper.published:
        first = paper.published.first
        tags.append(["citation_publication_date", {
            "year": f"{first.year}", "month": f"{first.year}/{first.month:02d}",
            "day": f"{first.year}/{first.month:02d}/{first.day:02d}"}[paper.published.precision]])
    if paper.arxiv:
        tags.append(["citation_arxiv_id", paper.arxiv])
    pdf = paper.link_map.get("pdf")
    if pdf:
        tags.append(["citation_pdf_url", pdf])
    tags.append(["citation_abstract_html_url",
                 base_url + urls.public_path(urls.paper(paper.id))])
    return tags


def json_ld(paper: Paper, base_url: str) -> str:
    """schema.org ScholarlyArticle, safe inside ``<script>``: ``<``, ``>`` and ``&`` are
    escaped in the JSON, so no text can end the script."""
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": latex_math.to_text(paper.title)[:110],
        "name": latex_math.to_text(paper.title),
        "url": base_url + urls.public_path(urls.paper(paper.id)),
    }
    if paper.authors:
        data["author"] = [{"@type": "Person", "name": name} for name in paper.authors]
    elif paper.org:
        data["author"] = {"@type": "Organization", "name": paper.org}
    if paper.published:
        data["datePublished"] = paper.published.iso()
    if paper.tags:
        data["keywords"] = list(paper.tags)
    if paper.arxiv:
        data["identifier"] = f"arXiv:{paper.arxiv}"
        data["sameAs"] = f"https://arxiv.org/abs/{paper.arxiv}"
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def bib_entries(listing: Listing, settings: Settings, memo: Memo | None = None
                ) -> dict[str, str]:
    """Paper id -> its BibTeX entry (made once: its page and every .bib file hold it)."""
    base = settings.base_url
    memo = memo or Memo()
    context = digest(base)
    return {paper.id: memo.get("bibtex", listing.keys[paper.id] + context,
                               partial(bibtex, paper, base))
            for paper in listing.papers}


def bib_files(listing: Listing, entries: dict[str, str]) -> dict[str, str]:
    """``papers.bib`` (the whole list), ``tags/<tag>/papers.bib``, ``papers/<id>.bib``."""
    files = {urls.BIBLIOGRAPHY: "\n".join(entries.values())}
    for tag, papers in listing.by_tag.items():
        files[urls.tag_bib(tag)] = "\n".join(entries[paper.id] for paper in papers)
    for paper_id, entry in entries.items():
        files[urls.paper_bib(paper_id)] = entry
    return files
