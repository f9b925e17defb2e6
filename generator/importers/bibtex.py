"""BibTeX files as entry dicts, read with bibtexparser 2.

LaTeX escapes are decoded (``S{\\'e}bastien`` -> Sébastien), names are turned
from ``Last, First`` into ``First Last``, and the arXiv id is taken from
``eprint``, from ``journal = {arXiv preprint arXiv:...}`` or from the URL.
BibTeX knows only a year, so ``published`` is left for the curator.
"""

from __future__ import annotations

import re
from typing import Any

from bibtexparser import middlewares as mw
from bibtexparser.entrypoint import parse_string

from generator.importers.common import (
    Found,
    Skipped,
    SourceError,
    arxiv_in_text,
    http_url,
    normalise_arxiv,
    one_line,
)
from generator.model import arxiv_base

#: ``{\\'e}``: an accent escaped twice (by a JSON or Markdown export); LaTeX would read a
#: line break there, so it is repaired to ``{\'e}`` before parsing.
_DOUBLE_ESCAPED_ACCENT = re.compile(r"\{\\\\(['\"`^~=.])")


def _field(entry: Any, name: str) -> str:
    field = entry.fields_dict.get(name)
    return one_line(str(field.value)) if field is not None else ""


def _arxiv(entry: Any) -> str | None:
    eprint = _field(entry, "eprint")
    prefix = _field(entry, "archiveprefix").lower()
    if eprint and prefix in ("", "arxiv"):
        found = normalise_arxiv(eprint)
        if found:
            return arxiv_base(found)
    for name in ("journal", "url", "note", "howpublished"):
        found = arxiv_in_text(_field(entry, name))
        if found:
            return found
    return None


def parse_bibtex(text: str, source: str = "BibTeX file") -> Found:
    text = _DOUBLE_ESCAPED_ACCENT.sub(r"{\\\1", text)
    library = parse_string(text, append_middleware=[
        mw.LatexDecodingMiddleware(), mw.SeparateCoAuthors(), mw.SplitNameParts(),
        mw.MergeNameParts("first")])
    if library.failed_blocks:
        block = library.failed_blocks[0]
        reason = one_line(str(getattr(block, "error", "") or "syntax error"))
        raise SourceError(f"{source}:{(block.start_line or 0) + 1}: cannot parse this BibTeX entry "
                          f"({reason})")
    found = Found()
    for entry in library.entries:
        title = one_line(_field(entry, "title").replace("{", "").replace("}", ""))
        if not title:
            line = (entry.start_line or 0) + 1
            found.skipped.append(Skipped(f"{source}:{line} (entry {entry.key!r})", "no title"))
            continue
        author_field = entry.fields_dict.get("author")
        names = author_field.value if author_field is not None else []
        authors = [one_line(str(n)) for n in names if one_line(str(n))] \
            if isinstance(names, list) else [one_line(str(names))]
        arxiv = _arxiv(entry)
        url = http_url(_field(entry, "url"))
        doi = _field(entry, "doi")
        paper_link = None
        if not arxiv:
            paper_link = url or (http_url(f"https://doi.org/{doi}") if doi else None)
        found.append({
            "title": title,
            "arxiv": arxiv,
            "authors": authors,
            "abstract": _field(entry, "abstract") or None,
            "links": {"paper": paper_link} if paper_link else {},
        })
    return found
