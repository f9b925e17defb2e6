"""Import: RIS (Zotero, EndNote, Mendeley, Web of Science, Scopus, EBSCOhost, Lens) as
entries, read with rispy.

Every exporter writes the same tags a little differently: the title is ``TI`` or ``T1``,
authors ``AU`` or ``A1`` (``Last, First``), the date ``PY``, ``Y1`` or ``DA``
(``2017/07//``, ``2017``, ``Jul 2017``), the abstract ``AB`` or ``N2``. Lines may end in
CRLF, start with a byte-order mark, and wrap (a line without a tag continues the one
before). Each record is reported by the line of its ``TY``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import rispy

from generator.importers import records
from generator.importers.common import (
    BROKEN,
    NO_TITLE,
    NOT_A_PAPER,
    WHERE,
    Found,
    Skip,
    Skipped,
    abstract,
    plain,
)
from generator.load.model import PubDate, http_url

#: Tags that may repeat (one value per line); the others keep their first value.
_LIST_TAGS = ["AU", "A1", "A2", "A3", "A4", "ED", "KW", "UR", "L1", "L2", "L4", "LK", "N1"]
#: A whole proceedings volume or book with editors only is not a paper.
_VOLUMES = {"BOOK", "EDBOOK", "CONF", "JFULL", "SER"}


class _Tags(dict[str, str]):
    """Every tag is read under its own name (``TI``, ``AU``), known to rispy or not."""

    def __missing__(self, key: str) -> str:
        return key


class _Parser(rispy.RisParser):  # type: ignore[misc]
    """rispy's parser, noting the line each record starts on and where a record runs into
    the next one (a ``TY`` before the ``ER`` that should end it)."""

    def __init__(self) -> None:
        super().__init__(mapping=_Tags(), list_tags=_LIST_TAGS, delimiter_tags_mapping={"UR": ";"},
                         enforce_list_tags=True)
        self.line = 0
        self.starts: list[int] = []
        self.restarts: dict[int, int] = {}

    def numbered(self, lines: Iterable[str]) -> Iterator[str]:
        for self.line, text in enumerate(lines, start=1):
            yield text

    def _iter_till_start(self, lines: Iterator[str]) -> dict[str, Any]:
        record: dict[str, Any] = super()._iter_till_start(lines)
        self.starts.append(self.line)
        return record

    def _add_tag(self, record: dict[str, Any], tag: str | None, content: str,
                 extend_multiline: bool = False) -> None:
        if tag is None or (extend_multiline and tag not in record):
            return  # a blank or untagged line before the record's first tag after TY
        if tag == "TY" and not extend_multiline:
            self.restarts.setdefault(len(self.starts) - 1, self.line)
        super()._add_tag(record, tag, content, extend_multiline)


def _values(record: dict[str, Any], *tags: str) -> list[str]:
    out: list[str] = []
    for tag in tags:
        value = record.get(tag)
        if isinstance(value, list):
            out.extend(str(v) for v in value if v)
        elif value:
            out.append(str(value))
    return out


def _first(record: dict[str, Any], *tags: str) -> str | None:
    found = _values(record, *tags)
    return found[0] if found else None


def _published(record: dict[str, Any]) -> PubDate | None:
    """The most precise date the record gives for its year: ``DA 2017/07//`` beside
    ``PY 2017`` is July 2017."""
    written = _values(record, "PY", "Y1", "DA")
    years = [found.first.year for found in map(records.date_text, written) if found]
    if not years:
        return None
    year = years[0]
    # Web of Science writes the day without the year (``DA  - JAN 28``)
    known = [found for found in (
        records.date_text(value if re.search(r"\d{4}", value) else f"{value} {year}")
        for value in written) if found]
    same_year = [found for found in known if found.first.year == year]
    order = {"day": 0, "month": 1, "year": 2}
    return min(same_year, key=lambda found: order[found.precision])


def _entry(record: dict[str, Any]) -> dict[str, Any]:
    title = plain(_first(record, "TI", "T1", "CT"))
    if not title:
        raise Skip("no title (TI or T1)", NO_TITLE)
    authors = [records.inverted_name(name) for name in _values(record, "AU", "A1")]
    authors = [name for name in authors if name]
    kind = str(record.get("TY") or "").upper()
    if not authors and kind in _VOLUMES and _values(record, "A2", "A3", "ED"):
        raise Skip("a proceedings volume or edited book (editors only), not a paper",
                   NOT_A_PAPER)
    doi = _first(record, "DO") or next(
        (v for v in _values(record, "M3", "N1") if records.doi(v)), None)
    urls = [url for url in (http_url(v) for v in _values(record, "UR", "L1", "L2", "LK"))
            if url]
    arxiv = records.arxiv_of(doi, urls, _values(record, "AN", "M1", "N1", "JO", "T2", "JF",
                                                  "J2", "VL", "SN"))
    return records.entry(title, authors, arxiv, _published(record),
                         abstract(_first(record, "AB", "N2")), records.links(arxiv, urls, doi),
                         records.keywords(_values(record, "KW"), separators=";"), doi)


def parse_ris(text: str, source: str = "RIS file") -> Found:
    parser = _Parser()
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    parsed = parser.parse_lines(parser.numbered(lines))
    found = Found()
    for index, start in enumerate(parser.starts):
        record_id = None
        if index < len(parsed):
            record_id = _first(parsed[index], "ID", "AN")
        where = f"{source}:{start}" + (f" ({record_id})" if record_id else "")
        if index >= len(parsed):
            found.skipped.append(Skipped(where, "the file ends before this record's 'ER' line "
                                                "(cut short?)", BROKEN))
            continue
        if index in parser.restarts:
            found.skipped.append(Skipped(where, (
                f"no 'ER' line before the next record's 'TY' at line {parser.restarts[index]}: "
                "the two records are run together; add 'ER  - ' between them"), BROKEN))
            continue
        try:
            entry = _entry(parsed[index])
        except Skip as why:
            found.skipped.append(Skipped(where, str(why), why.kind))
            continue
        entry[WHERE] = where
        found.append(entry)
    return found
