"""Import: CSL-JSON (Zotero, Mendeley, Paperpile, Manubot, pandoc, Crossref) as entries.

CSL-JSON is a list of items (or ``{"items": [...]}``): ``title`` may carry the HTML
subset CSL defines (``<i>``, ``<b>``, ``<sup>``, ``<sub>``, ``<span class="nocase">``),
made plain text here, with a sub- or superscript of a few letters or digits kept as
math (``Radix-2<sup>k</sup>`` -> ``Radix-2$^{k}$``). Names are ``family``/``given`` or a
``literal``; ``issued`` is ``date-parts`` (year, month, day), or ``raw``/``literal`` text.
The arXiv id is read from arXiv's DOI, the URL, ``number: "arXiv:..."`` or free text.
"""

from __future__ import annotations

import bisect
import json
import re
from html.parser import HTMLParser
from typing import Any

from generator.importers import records
from generator.importers.common import (
    NO_TITLE,
    NOT_A_PAPER,
    WHERE,
    Found,
    Skip,
    Skipped,
    SourceError,
    abstract,
    load_json,
    plain,
)
from generator.load.model import PubDate, http_url

#: Unicode has super- and subscripts for digits and signs: ``CO<sub>2</sub>`` -> CO₂.
_SUP = str.maketrans("0123456789+-=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾")
_SUB = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_MARKUP = ("<i>", "<b>", "<sup>", "<sub>", "<span", "<sc>", "</")
#: Where a paragraph of an abstract's markup ends (Crossref's JATS, HTML).
_PARAGRAPH_END = re.compile(r"</(?:jats:)?(?:p|title|sec)\s*>", re.I)
#: Items that are not papers: a whole proceedings volume or an edited collection.
_VOLUMES = ("book", "collection", "periodical")


class _Title(HTMLParser):
    """CSL's rich-text subset as text; ``sup``/``sub`` as math or Unicode."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.script: str | None = None
        self.held: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("sup", "sub"):
            self.script, self.held = tag, []

    def handle_endtag(self, tag: str) -> None:
        if tag == self.script:
            self.out.append(_script("".join(self.held), tag))
            self.script = None

    def handle_data(self, data: str) -> None:
        (self.held if self.script else self.out).append(data)


def _script(content: str, tag: str) -> str:
    """A sub- or superscript as it reads in a title: Unicode for digits and signs, math
    for a short run of letters (``2<sup>k</sup>``), plain text for anything longer."""
    content = content.strip()
    if content and all(c in "0123456789+-=()" for c in content):
        return content.translate(_SUP if tag == "sup" else _SUB)
    if 0 < len(content) <= 6 and content.replace("+", "").replace("-", "").isalnum():
        return f"${'^' if tag == 'sup' else '_'}{{{content}}}$"
    return content


def rich_text(value: str) -> str:
    """A CSL title's rich text as one line of text; text without CSL markup is kept as it
    is (a ``<`` in ``x < y`` is a character)."""
    if not any(mark in value.lower() for mark in _MARKUP):
        return plain(value)
    parser = _Title()
    parser.feed(value)
    parser.close()
    if parser.script:  # an unclosed <sup>
        parser.out.append("".join(parser.held))
    return plain("".join(parser.out))


def _abstract(value: str | None) -> str | None:
    """Paragraphs by the rule of every importer (``common.abstract``), markup removed; a
    paragraph of Crossref's ``<jats:p>`` (or HTML's ``<p>``) is one, and Crossref's heading
    "Abstract" is not part of it."""
    if not value:
        return None
    if any(mark in value.lower() for mark in _MARKUP):
        parser = _Title()
        parser.feed(_PARAGRAPH_END.sub("\n\n", value))
        parser.close()
        value = "".join(parser.out)
    text = abstract(value)
    if text and text.partition("\n\n")[0].lower() == "abstract":
        text = text.partition("\n\n")[2] or None
    return text


def _field(item: dict[str, Any], name: str) -> str | None:
    value = item.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise Skip(f"{name}: expected text, got {type(value).__name__}")
    return str(value)


def _name(person: Any) -> str:
    if not isinstance(person, dict):
        raise Skip("author: expected objects with 'family' and 'given', or 'literal'")
    literal = person.get("literal")
    if isinstance(literal, str) and literal.strip():
        return plain(literal)
    family = " ".join(str(person.get(part) or "") for part in
                      ("dropping-particle", "non-dropping-particle", "family")).strip()
    name = records.person(family, str(person.get("given") or ""))
    suffix = plain(str(person.get("suffix") or ""))
    return f"{name} {suffix}".strip()


def _names(item: dict[str, Any], role: str) -> list[str]:
    people = item.get(role) or []
    if not isinstance(people, list):
        raise Skip(f"{role}: expected a list of names")
    return [name for name in (_name(person) for person in people) if name]


def _date(value: Any, field: str) -> PubDate | None:
    """``{"date-parts": [[2017, 6, 12]]}`` (numbers or text), or ``raw``/``literal``."""
    if value is None:
        return None
    if isinstance(value, str):
        return records.date_text(value)
    if not isinstance(value, dict):
        raise Skip(f"{field}: expected an object with 'date-parts'")
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        try:
            numbers = [int(str(part)) for part in parts[0][:3]]
        except ValueError:
            raise Skip(f"{field}: date-parts: expected numbers, got {parts[0]!r}") from None
        year, month, day = [*numbers, 0, 0][:3]
        return records.day_date(year, month or None, day or None)
    for key in ("raw", "literal"):
        if isinstance(value.get(key), str):
            return records.date_text(value[key])
    return None


def _entry(item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise Skip("expected an object (a CSL item)")
    title = rich_text(_field(item, "title") or "")
    if not title:
        raise Skip("no title", NO_TITLE)
    authors = _names(item, "author")
    if not authors and item.get("type") in _VOLUMES and _names(item, "editor"):
        raise Skip("a proceedings volume or edited collection (editors only), not a paper",
                   NOT_A_PAPER)
    published = None
    for name in ("issued", "published-print", "published-online"):
        published = _date(item.get(name), name)
        if published:
            break
    doi = _field(item, "DOI")
    urls = [url for url in [http_url(_field(item, "URL"))] if url]
    arxiv = records.arxiv_of(doi, urls, [
        _field(item, name) for name in ("number", "archive_location", "container-title",
                                        "note", "publisher")])
    words = item.get("keyword")
    return records.entry(
        title, authors, arxiv, published, _abstract(_field(item, "abstract")),
        records.links(arxiv, urls, doi),
        records.keywords(words if isinstance(words, list) else [_field(item, "keyword")]), doi)


def _positions(text: str) -> list[int]:
    """Where each item of the file's list starts (offsets), for line numbers: the top-level
    array, or the array under ``items``; empty if the file is neither."""
    decoder = json.JSONDecoder()
    at = len(text) - len(text.lstrip())
    if text.startswith("{", at):  # walk the object's keys to "items"
        at += 1
        while True:
            at = _space(text, at)
            if not text.startswith('"', at):
                return []
            key, at = decoder.raw_decode(text, at)
            at = _space(text, at) + 1  # the colon
            at = _space(text, at)
            if key == "items":
                break
            _, at = decoder.raw_decode(text, at)
            at = _space(text, at)
            if not text.startswith(",", at):
                return []
            at += 1
    if not text.startswith("[", at):
        return []
    starts: list[int] = []
    at += 1
    while True:
        at = _space(text, at)
        if text.startswith("]", at) or at >= len(text):
            return starts
        starts.append(at)
        _, at = decoder.raw_decode(text, at)
        at = _space(text, at)
        if text.startswith(",", at):
            at += 1


def _space(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at


def parse_csl(data: bytes, source: str = "CSL-JSON file") -> Found:
    parsed = load_json(data, source, "CSL-JSON")
    if isinstance(parsed, dict) and isinstance(parsed.get("items"), list):
        items = parsed["items"]
    elif isinstance(parsed, dict) and "title" in parsed and "type" in parsed:
        items = [parsed]
    elif isinstance(parsed, list):
        items = parsed
    else:
        raise SourceError(f"{source}: not CSL-JSON: expected a list of items (objects with "
                          "'type' and 'title'), or an object with 'items'")
    text = data.decode("utf-8-sig", "replace")
    starts = _positions(text)
    breaks = [match.start() for match in re.finditer("\n", text)] if starts else []
    found = Found()
    for index, item in enumerate(items, start=1):
        key = item.get("id") or item.get("citation-key") if isinstance(item, dict) else None
        line = (f":{bisect.bisect(breaks, starts[index - 1]) + 1}"
                if len(starts) == len(items) else "")
        where = f"{source}{line} (item {index}" + (f", {str(key)!r})" if key else ")")
        try:
            entry = _entry(item)
        except Skip as why:
            found.skipped.append(Skipped(where, str(why), why.kind))
            continue
        entry[WHERE] = where
        found.append(entry)
    return found
