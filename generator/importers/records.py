"""Import: what reference-manager exports (CSL-JSON, RIS) share: names, dates, DOIs, arXiv
ids, keywords. One rule each, so both formats read a record the same way."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from generator.importers.common import DOI, KEYWORDS, Skip, arxiv_in_text, one_line, plain
from generator.load.model import PubDate, arxiv_base, http_url, normalise_arxiv

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
#: ``10.48550/arXiv.2312.00752``: the DOI arXiv gives every paper since 2022.
_ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(\S+)", re.I)
_DOI = re.compile(r"(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)", re.I)
#: ``2017``, ``2017/07/12/``, ``2017-07``, ``2017/07//Summer``: year, then month and day.
_NUMERIC_DATE = re.compile(r"(\d{4})(?:[-/.](\d{1,2})?(?:[-/.](\d{1,2}))?)?")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_MONTH_NAME = re.compile(r"\b(" + "|".join(MONTHS) + r")[a-z]*\.?\b", re.I)


def person(family: str | None, given: str | None = None) -> str:
    """``Given Family``, as the site shows names."""
    return " ".join(part for part in (plain(given), plain(family)) if part)


def inverted_name(name: str) -> str:
    """``Vaswani, Ashish`` (``Last, First``, as RIS writes names) -> ``Ashish Vaswani``;
    ``Smith, John, Jr.`` -> ``John Smith Jr.``; a name without a comma stays as written."""
    parts = [part.strip() for part in plain(name).split(",")]
    if len(parts) < 2 or not parts[0] or not parts[1]:
        return plain(name).strip(", ")
    family, given, *rest = parts
    return " ".join(part for part in (given, family, *rest) if part)


def doi(value: str | None) -> str | None:
    """A DOI (``10.1000/x``) from ``doi:10.1000/x``, a doi.org URL or the DOI itself."""
    match = _DOI.fullmatch(one_line(value)) if value else None
    return match.group(1).rstrip(".,;") if match else None


def doi_key(value: str | None) -> str | None:
    """The DOI as the same-work rule compares it (lower case), or None; arXiv's own DOIs
    name the arXiv id, not another version of the work."""
    found = doi(value)
    return found.lower() if found and not _ARXIV_DOI.fullmatch(found) else None


def doi_url(value: str | None) -> str | None:
    found = doi(value)
    return http_url("https://doi.org/" + quote(found, safe="/:;()._-")) if found else None


def arxiv_of(doi_text: str | None, urls: Iterable[str], texts: Iterable[str | None]) -> str | None:
    """The paper's arXiv id (versionless): from arXiv's DOI, an arXiv URL, or free text such
    as ``arXiv:2305.07922`` in a number, note or journal field."""
    found = doi(doi_text)
    match = _ARXIV_DOI.fullmatch(found) if found else None
    if match and normalise_arxiv(match.group(1)):
        return arxiv_base(match.group(1))
    for url in urls:
        match = _ARXIV_DOI.search(url)
        arxiv = normalise_arxiv(match.group(1) if match else url)
        if arxiv and ("arxiv" in url.lower()):
            return arxiv_base(arxiv)
    for value in texts:
        arxiv = arxiv_in_text(value)
        if arxiv:
            return arxiv
    return None


def day_date(year: int, month: int | None = None, day: int | None = None) -> PubDate:
    """A date of the precision known; ``Skip`` for one that does not exist."""
    iso = f"{year:04d}" + (f"-{month:02d}" if month else "") + (
        f"-{day:02d}" if month and day else "")
    try:
        return PubDate.parse(iso)
    except ValueError:
        raise Skip(f"no such date: {iso}") from None


def date_text(value: str | None) -> PubDate | None:
    """A written date: ``2017/07//``, ``2017-07-12``, ``July 2017``, ``12 Jul 2017``."""
    written = one_line(value)
    numeric = _NUMERIC_DATE.match(written)
    if numeric:
        year, month, day = (int(part) if part else None for part in numeric.groups())
        assert year is not None
        if month is None:
            name = _MONTH_NAME.search(written[numeric.end():])
            month = MONTHS.index(name.group(1).lower()[:3]) + 1 if name else None
        return day_date(year, month, day)
    year_match = _YEAR.search(written)
    if not year_match:
        return None
    name = _MONTH_NAME.search(written)
    month = MONTHS.index(name.group(1).lower()[:3]) + 1 if name else None
    day_match = re.search(r"\b(\d{1,2})\b", written.replace(year_match.group(1), ""))
    day = int(day_match.group(1)) if month and day_match else None
    return day_date(int(year_match.group(1)), month, day)


def keywords(values: Iterable[str | None], separators: str = ";,") -> list[str]:
    """Keywords as written, split on the separators exports use, without repeats."""
    found: list[str] = []
    for value in values:
        for word in re.split(f"[{re.escape(separators)}]", plain(value)):
            word = word.strip()
            if word and word not in found:
                found.append(word)
    return found


def links(arxiv: str | None, urls: Iterable[str], doi_text: str | None) -> dict[str, str]:
    """``paper`` (the record's URL, else its DOI) and ``pdf`` links; none that the arXiv
    id gives already."""
    out: dict[str, str] = {}
    for url in urls:
        if arxiv and "arxiv.org" in url.lower():
            continue
        kind = "pdf" if url.lower().split("?")[0].endswith(".pdf") else "paper"
        out.setdefault(kind, url)
    if "paper" not in out and not arxiv:
        found = doi_url(doi_text)
        if found:
            out["paper"] = found
    return out


def entry(title: str, authors: list[str], arxiv: str | None, published: PubDate | None,
          abstract: str | None, paper_links: dict[str, str], words: list[str],
          doi_text: str | None) -> dict[str, Any]:
    """The entry dict CSL-JSON and RIS return; the keywords become tags only if asked."""
    return {
        "title": title,
        "arxiv": arxiv,
        "authors": authors,
        "published": published,
        "abstract": abstract or None,
        "links": paper_links,
        KEYWORDS: words,
        DOI: doi_key(doi_text),
    }
