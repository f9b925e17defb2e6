"""BibTeX files as entry dicts, read with bibtexparser 2.

LaTeX is decoded to text (``S{\\'e}bastien`` -> Sébastien, ``{\\em x}`` -> x), but math
stays as written (``$\\mathcal{O}(1/k^2)$``), for the site to render. Field names and
entry types are read in any case. Names are turned from ``Last, First`` into ``First
Last``; ``and others`` marks the list as cut (``et_al``). The arXiv id is taken from
``eprint``, from ``journal = {arXiv preprint arXiv:...}`` or from the URL; ``year``
and ``month`` give a publication date of that precision.

An entry that cannot be read (a syntax error, a duplicate key, no title) is skipped
and reported with its line; the others are imported.
"""

from __future__ import annotations

import re
from typing import Any

from bibtexparser import middlewares as mw
from bibtexparser.entrypoint import parse_string
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry

from generator.importers import records
from generator.importers.common import (
    Found,
    Skipped,
    arxiv_in_text,
    one_line,
)
from generator.model import PubDate, arxiv_base, http_url, normalise_arxiv

#: ``{\\'e}``: an accent escaped twice (by a JSON or Markdown export); LaTeX would read a
#: line break there, so it is repaired to ``{\'e}`` before parsing.
_DOUBLE_ESCAPED_ACCENT = re.compile(r"\{\\\\(['\"`^~=.])")
#: Inline math as TeX reads it; braces inside are LaTeX, outside they are only grouping.
_MATH = re.compile(r"(?<!\\)\$(?:[^$\\]|\\.)+\$")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _fields(entry: Entry) -> dict[str, str]:
    """Field name (lower case: BibTeX ignores case) -> its value as one line of text."""
    fields: dict[str, str] = {}
    for field in entry.fields:
        value = field.value
        if isinstance(value, list):
            continue  # authors and editors: read by _authors
        fields.setdefault(field.key.lower(), one_line(str(value)))
    return fields


def _text(value: str) -> str:
    """Stray grouping braces removed outside math (``{B}ayes`` was decoded already; a
    ``{`` left over is one LaTeX decoding could not read), math kept as written."""
    out: list[str] = []
    last = 0
    for match in _MATH.finditer(value):
        out.append(value[last:match.start()].replace("{", "").replace("}", ""))
        out.append(match.group())
        last = match.end()
    out.append(value[last:].replace("{", "").replace("}", ""))
    return one_line("".join(out))


def _authors(entry: Entry) -> tuple[list[str], bool]:
    """Named authors, and whether the list was cut (``and others``)."""
    field = next((f for f in entry.fields if f.key.lower() == "author"), None)
    if field is None:
        return [], False
    names = field.value if isinstance(field.value, list) else [field.value]
    authors: list[str] = []
    cut = False
    for name in names:
        text = _text(str(name))
        if text.lower() == "others":
            cut = True
        elif text:
            authors.append(text)
    return authors, cut


def _arxiv(fields: dict[str, str]) -> str | None:
    eprint = fields.get("eprint", "")
    prefix = fields.get("archiveprefix", "").lower()
    if eprint and prefix in ("", "arxiv"):
        found = normalise_arxiv(eprint)
        if found:
            return arxiv_base(found)
    for name in ("journal", "url", "note", "howpublished", "volume", "booktitle"):
        found = arxiv_in_text(fields.get(name))
        if found:
            return found
    return None


def _published(fields: dict[str, str]) -> PubDate | None:
    """``year`` (and ``month``, as a macro, a name or a number) as a date of that precision."""
    year = fields.get("year", "").strip()
    if not re.fullmatch(r"\d{4}", year):
        return None
    month_text = fields.get("month", "").strip().lower().rstrip(".")
    month = None
    if month_text.isdigit() and 1 <= int(month_text) <= 12:
        month = int(month_text)
    elif month_text[:3] in MONTHS:
        month = MONTHS.index(month_text[:3]) + 1
    if month is None:
        return PubDate.parse(year)
    return PubDate.parse(f"{year}-{month:02d}")


def _line(block: Any) -> int:
    return (getattr(block, "start_line", None) or 0) + 1


def _entry(entry: Entry) -> dict[str, Any] | str:
    """The entry dict, or why it cannot be read."""
    fields = _fields(entry)
    title = _text(fields.get("title", ""))
    if not title:
        return "no title"
    authors, cut = _authors(entry)
    arxiv = _arxiv(fields)
    url = http_url(fields.get("url"))
    doi = fields.get("doi", "").removeprefix("https://doi.org/")
    paper_link = None
    if not arxiv:
        paper_link = url or (http_url(f"https://doi.org/{doi}") if doi else None)
    abstract = _text(fields.get("abstract", ""))
    return {
        "title": title,
        "arxiv": arxiv,
        "authors": authors,
        "et_al": True if cut and authors else None,
        "published": _published(fields),
        "abstract": abstract or None,
        "links": {"paper": paper_link} if paper_link else {},
        "keywords": records.keywords([fields.get("keywords")]),
    }


def parse_bibtex(text: str, source: str = "BibTeX file") -> Found:
    text = _DOUBLE_ESCAPED_ACCENT.sub(r"{\\\1", text)
    library = parse_string(text, append_middleware=[
        mw.LatexDecodingMiddleware(keep_math_mode=True), mw.SeparateCoAuthors(),
        mw.SplitNameParts(), mw.MergeNameParts("first")])
    found = Found()
    skipped: list[tuple[int, Skipped]] = []
    first_line: dict[str, int] = {}
    for entry in library.entries:
        first_line.setdefault(entry.key, _line(entry))
    for block in library.failed_blocks:
        key = getattr(block, "key", None) or getattr(
            getattr(block, "ignore_error_block", None), "key", None)
        named = f" (entry {key!r})" if key else ""
        if isinstance(block, DuplicateFieldKeyBlock):
            fields = ", ".join(repr(name) for name in sorted(block.duplicate_keys))
            why = f"a field given twice ({fields}): which one is meant? fix the entry"
        elif isinstance(block, DuplicateBlockKeyBlock):
            why = (f"duplicate key {block.key!r}: the entry at line "
                   f"{first_line.get(block.key, '?')} has it too")
        else:
            why = "cannot parse this entry (" + one_line(
                str(getattr(block, "error", "") or "syntax error")) + ")"
        skipped.append((_line(block), Skipped(f"{source}:{_line(block)}{named}", why)))
    for entry in library.entries:
        made = _entry(entry)
        if isinstance(made, str):
            skipped.append((_line(entry), Skipped(f"{source}:{_line(entry)} (entry "
                                                  f"{entry.key!r})", made)))
        else:
            found.append(made)
    found.skipped = [item for _, item in sorted(skipped, key=lambda pair: pair[0])]
    return found
