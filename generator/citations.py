"""How a paper is cited: BibTeX entries, Highwire ``citation_*`` meta tags, schema.org JSON-LD.

BibTeX keys are paper ids (stable forever, like the URLs). Text is escaped for LaTeX
(``& % $ # _ { } ~ ^ \\``), but a formula (``$...$``) whose braces balance is kept as
LaTeX, which is what it is. Zotero's connector and Google Scholar read the meta tags and
the JSON-LD; both hold plain text (formulas as text).
"""

from __future__ import annotations

import json
from functools import partial

from generator import latex_math, urls
from generator.digest import digest
from generator.listing import Listing
from generator.memo import Memo
from generator.model import Paper
from generator.settings import Settings

#: LaTeX's special characters, written as text.
_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "^": r"\^{}", "_": r"\_", "%": r"\%", "~": r"\~{}",
}
_LATEX_TABLE = str.maketrans(_LATEX_SPECIAL)
#: What a URL may not hold raw inside a BibTeX field.
_URL_TABLE = str.maketrans({"{": "%7B", "}": "%7D", " ": "%20", "\\": "%5C"})
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _balanced(latex: str) -> bool:
    depth = 0
    escaped = False
    for char in latex:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0 and not escaped


def latex_text(text: str) -> str:
    """``text`` as a BibTeX field's content: special characters escaped, formulas kept."""
    out: list[str] = []
    last = 0
    for formula in latex_math.formulas(text):
        written = text[formula.start:formula.end]
        if formula.display or not _balanced(formula.latex) or "$" in formula.latex:
            continue  # escaped with the text around it
        out.append(text[last:formula.start].translate(_LATEX_TABLE))
        out.append(written)
        last = formula.end
    out.append(text[last:].translate(_LATEX_TABLE))
    return " ".join("".join(out).split())


def bibtex(paper: Paper, base_url: str) -> str:
    """One ``@misc`` entry (arXiv preprints are cited so), keyed by the paper's id."""
    fields: list[tuple[str, str]] = [("title", "{" + latex_text(paper.title) + "}")]
    if paper.authors:
        # a name with a comma or an "and" in it would split: braces keep it whole
        names = [("{" + latex_text(name) + "}") if ("," in name or " and " in name.lower())
                 else latex_text(name) for name in paper.authors]
        fields.append(("author", " and ".join(names + (["others"] if paper.et_al else []))))
    elif paper.org:
        fields.append(("author", "{" + latex_text(paper.org) + "}"))
    if paper.published:
        fields.append(("year", str(paper.published.first.year)))
        if paper.published.precision != "year":
            fields.append(("month", MONTHS[paper.published.first.month - 1]))
    if paper.arxiv:
        fields += [("eprint", paper.arxiv), ("archivePrefix", "arXiv")]
    links = paper.link_map
    url = links.get("paper") or base_url + urls.public_path(urls.paper(paper.id))
    fields.append(("url", url.translate(_URL_TABLE)))
    body = ",\n".join(f"  {name} = {value if name == 'month' else '{' + value + '}'}"
                      for name, value in fields)
    return f"@misc{{{paper.id},\n{body}\n}}\n"


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


def bib_files(listing: Listing, settings: Settings, memo: Memo | None = None
              ) -> dict[str, str]:
    """``papers.bib`` (the whole list), ``tags/<tag>/papers.bib``, ``papers/<id>.bib``."""
    base = settings.base_url
    memo = memo or Memo()
    context = digest(base)
    entries = {paper.id: memo.get("bibtex", listing.keys[paper.id] + context,
                                  partial(bibtex, paper, base))
               for paper in listing.papers}
    files = {urls.BIBLIOGRAPHY: "\n".join(entries.values())}
    for tag, papers in listing.by_tag.items():
        files[urls.tag_bib(tag)] = "\n".join(entries[paper.id] for paper in papers)
    for paper_id, entry in entries.items():
        files[urls.paper_bib(paper_id)] = entry
    return files
