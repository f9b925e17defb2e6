"""Import: BibTeX and BibLaTeX files as entry dicts, read with bibtexparser 2.

Field names and entry types are read in any case (``AUTHOR=``, ``@ARTICLE``). Values
are decoded by ``latex_text.latex_to_text``: text-mode LaTeX becomes Unicode
(``S{\\'e}bastien`` -> Sébastien), formulas stay as written (``$\\mathcal{O}(1/k^2)$``,
``\\({}^{\\mbox{k}}\\)``); LaTeX that a reference manager escaped into a field
(``\\textbackslash emph\\{x\\}``, Zotero's way with an abstract copied from arXiv) is
decoded once more. Names are split and turned from ``Last, First`` into ``First
Last`` on the raw value, so a braced ``{Barack and Michelle}`` stays one name; ``and
others`` marks the list as cut (``et_al``).

BibLaTeX is read as it defines itself: ``date`` (``2015-02-06``, ``2026-02``, ``2018``,
ranges by their start) before ``year`` and ``month``, ``journaltitle`` as ``journal``,
``eprinttype`` as ``archivePrefix``, ``subtitle`` after the title, ``@online`` with its
``url``. The arXiv id is taken from ``eprint``, arXiv's DOI (``10.48550/arXiv.…``), or
``journal``, ``note``, ``url`` and the like (``arXiv preprint arXiv:…``, DBLP's
``abs/…``).

An entry that is not a paper is skipped with that reason: ``@proceedings``, and a
``@book`` or ``@collection`` with editors and no author. An entry that cannot be read
(broken braces, a duplicate key, a field given twice, no title) is skipped and reported
in one line: file, the line where the entry starts, its key, what is wrong. The others
are imported.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bibtexparser.entrypoint import parse_string
from bibtexparser.middlewares.names import (
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry

from generator.importers import records
from generator.importers.common import (
    BROKEN,
    DOI,
    KEYWORDS,
    NO_TITLE,
    NOT_A_PAPER,
    WHERE,
    Found,
    Skipped,
    arxiv_in_text,
    one_line,
    paragraphs,
)
from generator.load.latex_text import latex_to_text
from generator.load.model import PubDate, arxiv_base, http_url, normalise_arxiv

#: ``{\\'e}``: an accent escaped twice (by a JSON or Markdown export); LaTeX would read a
#: line break there, so it is repaired to ``{\'e}`` before parsing.
_DOUBLE_ESCAPED_ACCENT = re.compile(r"\{\\\\(['\"`^~=.])")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
#: Volumes, not papers: skipped always, or when they have editors and no author.
_PROCEEDINGS = frozenset({"proceedings", "mvproceedings"})
_EDITED = frozenset({"book", "mvbook", "collection", "mvcollection", "reference",
                     "mvreference", "periodical"})
#: Fields that may name an arXiv id in free text, in the order they are trusted.
_ARXIV_FIELDS = ("doi", "journal", "url", "note", "howpublished", "addendum", "volume",
                 "booktitle", "number")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_YEAR = re.compile(r"\s*(\d{4})(?!\d)")
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.", re.I)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
#: Characters exporters escape in URLs and DOIs (DBLP: ``10.1007/978-3-642-60831-5\_34``).
_ESCAPED = re.compile(r"\\([_%#&~$])")
_GITHUB = re.compile(r"^https?://(?:www\.)?github\.com/", re.I)


def _address(raw: str | None) -> str:
    """A URL or DOI field as written, without LaTeX's escapes or grouping braces."""
    return _ESCAPED.sub(r"\1", one_line(raw)).replace("{", "").replace("}", "")


def _decoded(raw: str) -> str:
    """A value as text: LaTeX decoded (twice when an export escaped LaTeX into it)."""
    text = latex_to_text(raw)
    if "\\textbackslash" in raw:
        text = latex_to_text(text)
    return one_line(text)


class _Unread(Exception):
    """An entry that is read but is not a paper, or lacks what a paper needs."""

    def __init__(self, why: str, kind: str) -> None:
        super().__init__(why)
        self.kind = kind


def _fields(entry: Entry) -> dict[str, str]:
    """Field name (lower case: BibTeX ignores case) -> its raw value."""
    fields: dict[str, str] = {}
    names: dict[str, str] = {}
    for field in entry.fields:
        key = field.key.lower()
        value = str(field.value)
        if key in fields and fields[key].strip() != value.strip():
            raise _Unread(f"a field given twice ({names[key]!r} and {field.key!r}): which one "
                          "is meant? fix the entry", BROKEN)
        fields.setdefault(key, value)
        names.setdefault(key, field.key)
    if "journaltitle" in fields:  # BibLaTeX's name for it
        fields.setdefault("journal", fields["journaltitle"])
    if "eprinttype" in fields:
        fields.setdefault("archiveprefix", fields["eprinttype"])
    return fields


def _authors(raw: str) -> tuple[list[str], bool]:
    """Named authors as ``First Last``, and whether the list was cut (``and others``)."""
    authors: list[str] = []
    cut = False
    for name in split_multiple_persons_names(raw):
        if name.strip().lower() == "others":
            cut = True
            continue
        try:
            whole = parse_single_name_into_parts(name, strict=False).merge_first_name_first
        except Exception:  # an odd name is kept as written, never a failed import
            whole = name
        text = _decoded(whole)
        if text:
            authors.append(text)
    return authors, cut


def _arxiv(fields: dict[str, str]) -> str | None:
    eprint = one_line(fields.get("eprint"))
    prefix = one_line(fields.get("archiveprefix")).lower()
    if eprint and prefix in ("", "arxiv"):
        found = normalise_arxiv(eprint)
        if found:
            return arxiv_base(found)
    for name in _ARXIV_FIELDS:
        found = arxiv_in_text(fields.get(name))
        if found:
            return found
    return None


def _doi(fields: dict[str, str]) -> str | None:
    """The DOI, lower case and without its prefix; arXiv's own DOIs are ids, not DOIs."""
    doi = _DOI_PREFIX.sub("", _address(fields.get("doi"))).lower()
    return doi if doi.startswith("10.") and not _ARXIV_DOI.match(doi) else None


def _month(text: str) -> int | None:
    text = one_line(text).lower().rstrip(".")
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    return MONTHS.index(text[:3]) + 1 if text[:3] in MONTHS else None


def _published(fields: dict[str, str]) -> PubDate | None:
    """BibLaTeX's ``date`` (its start, if a range), else ``year`` and ``month``, as a
    date of the precision written."""
    when = _DATE.match(one_line(fields.get("date")).split("/")[0])
    if when:
        year, month, day = when.groups()
        for text in (f"{year}-{month}-{day}", f"{year}-{month}", year):
            try:
                return PubDate.parse(text)
            except ValueError:
                continue
    year_match = _YEAR.match(fields.get("year", ""))
    if not year_match:
        return None
    month = _month(fields.get("month", ""))
    year = year_match.group(1)
    try:
        return PubDate.parse(f"{year}-{month:02d}" if month else year)
    except ValueError:
        return None


def _title(fields: dict[str, str]) -> str:
    title = _decoded(fields.get("title", ""))
    subtitle = _decoded(fields.get("subtitle", ""))
    if title and subtitle:
        return f"{title}{'' if title[-1] in '.?!:' else ':'} {subtitle}"
    return title


def _entry(entry: Entry) -> dict[str, Any]:
    """The entry dict, or ``_Unread`` saying why there is none."""
    fields = _fields(entry)
    kind = entry.entry_type.lower()
    authors, cut = _authors(fields["author"]) if "author" in fields else ([], False)
    if kind in _PROCEEDINGS:
        raise _Unread(f"a proceedings volume (@{entry.entry_type}), not a paper", NOT_A_PAPER)
    if kind in _EDITED and not authors and fields.get("editor", "").strip():
        raise _Unread(f"an edited volume (@{entry.entry_type} with editors and no author), "
                      "not a paper", NOT_A_PAPER)
    title = _title(fields)
    if not title:
        raise _Unread("no title", NO_TITLE)
    arxiv = _arxiv(fields)
    doi = _doi(fields)
    url = http_url(_address(fields.get("url")))
    links: dict[str, str] = {}
    if url and _GITHUB.match(url):
        links["code"] = url
    elif url and not arxiv_in_text(url):
        links["paper"] = url
    if doi and not arxiv and "paper" not in links:
        links["paper"] = f"https://doi.org/{doi}"
    abstract = [_decoded(paragraph) for paragraph in paragraphs(fields.get("abstract"))]
    return {
        "title": title,
        "arxiv": arxiv,
        "authors": authors,
        "et_al": True if cut and authors else None,
        "published": _published(fields),
        "abstract": "\n\n".join(p for p in abstract if p) or None,
        "links": links,
        DOI: doi,
        KEYWORDS: records.keywords([fields.get("keywords")]),
    }


#: What an entry's text shows: its type and key, then ``name = value`` fields.
_HEAD = re.compile(r"\s*@\s*(\w+)\s*[{(]\s*([^,\s{}()=\"#]*)\s*(,?)")
_FIELD = re.compile(r"\s*([^\s=,{}()\"#]+)\s*=\s*")
_BARE = re.compile(r"[^\s,{}()\"#=]*")


def _space(raw: str, at: int) -> int:
    """``at`` moved past any whitespace."""
    while at < len(raw) and raw[at].isspace():
        at += 1
    return at


def _value(raw: str, at: int, name: str) -> tuple[int, str | None]:
    """Where the value starting at ``at`` ends, or what is wrong with it. Braces are
    counted as bibtexparser counts them (``\\{`` is not one), so a message agrees with
    what was read."""
    opening = raw[at:at + 1]
    if opening not in ("{", '"'):
        bare = _BARE.match(raw, at)
        end = bare.end() if bare else at
        return (end, None) if end > at else (at, f"no value for {name!r}")
    depth = 1 if opening == "{" else 0
    quote_in_braces = False  # a '"' that would close the value, were its braces balanced
    index = at + 1
    while index < len(raw):
        char = raw[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and opening == "{":
                return index + 1, None
            if depth < 0:  # the entry's own "}" inside a quoted value
                break
        elif char == '"' and opening == '"':
            if depth == 0:
                return index + 1, None
            quote_in_braces = True
        index += 1
    if opening == '"' and not quote_in_braces:
        return index, f"unclosed quote in {name!r}"
    return index, f"unbalanced braces in {name!r}"


def _scan(raw: str) -> tuple[str | None, str | None]:
    """An entry's key, and what is wrong with its text, if anything, in words a curator
    can act on (``unbalanced braces in 'publisher'``, ``no comma after 'title'``): read
    in one pass, so also where bibtexparser quietly read two fields as one."""
    head = _HEAD.match(raw)
    if not head:
        return None, "not a BibTeX entry"
    key = head.group(2) or None
    at = head.end()
    if not head.group(3):
        if raw[_space(raw, at):][:1] in ("}", ")"):
            return key, None  # an entry without fields
        return key, "no comma after the entry's key" if key else "no key"
    name = None
    while True:
        field = _FIELD.match(raw, at)
        if field is None:
            break
        name = field.group(1)
        at, problem = _value(raw, field.end(), name)
        while problem is None:  # a concatenation: "a" # b # {c}
            more = _space(raw, at)
            if not raw.startswith("#", more):
                break
            at, problem = _value(raw, _space(raw, more + 1), name)
        if problem:
            return key, problem
        at = _space(raw, at)
        if raw.startswith(",", at):
            at += 1
            continue
        if raw[at:at + 1] in ("}", ")"):
            return key, None
        if at < len(raw):
            return key, f"no comma after {name!r} (before {raw[at:at + 20]!r})"
        break
    at = _space(raw, at)
    if raw[at:at + 1] in ("}", ")"):
        return key, None
    if at >= len(raw):
        return key, "not closed: no '}' ends the entry"
    after = f" after {name!r}" if name else ""
    return key, f"cannot read {raw[at:at + 20]!r}{after} (expected 'name = value')"


def _reason(block: Any) -> str:
    error = getattr(block, "error", None)
    reason = getattr(error, "abort_reason", None) or str(error or "") or "syntax error"
    reason = one_line(reason)
    return reason[:1].lower() + reason[1:]


@contextmanager
def _quiet() -> Iterator[None]:
    """bibtexparser logs its own two-line account of a broken entry; ours is one line."""
    logger = logging.getLogger("bibtexparser")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _line(block: Any) -> int:
    return (getattr(block, "start_line", None) or 0) + 1


def parse_bibtex(text: str, source: str = "BibTeX file") -> Found:
    text = _DOUBLE_ESCAPED_ACCENT.sub(r"{\\\1", text)
    with _quiet():
        library = parse_string(text)
    found = Found()
    skipped: list[tuple[int, Skipped]] = []
    first_line: dict[str, int] = {}
    for entry in library.entries:
        first_line.setdefault(entry.key, _line(entry))

    def skip(block: Any, key: str | None, why: str, kind: str) -> None:
        named = f" (entry {key!r})" if key else ""
        skipped.append((_line(block), Skipped(f"{source}:{_line(block)}{named}", why, kind)))

    for block in library.failed_blocks:
        if isinstance(block, DuplicateFieldKeyBlock):
            fields = ", ".join(repr(name) for name in sorted(block.duplicate_keys))
            key = getattr(block.ignore_error_block, "key", None)
            skip(block, key, f"a field given twice ({fields}): which one is meant? fix the "
                             "entry", BROKEN)
        elif isinstance(block, DuplicateBlockKeyBlock):
            skip(block, block.key, f"duplicate key {block.key!r}: the entry at line "
                                   f"{first_line.get(block.key, '?')} has it too", BROKEN)
        else:
            key, why = _scan(getattr(block, "raw", "") or "")
            skip(block, key, why or _reason(block), BROKEN)
    for entry in library.entries:
        key, why = _scan(entry.raw or "")
        if why:
            skip(entry, entry.key, why, BROKEN)
            continue
        try:
            made = _entry(entry)
        except _Unread as exc:
            skip(entry, entry.key, str(exc), exc.kind)
            continue
        made[WHERE] = f"{source}:{_line(entry)} (entry {entry.key!r})"
        found.append(made)
    found.skipped = [item for _, item in sorted(skipped, key=lambda pair: pair[0])]
    return found
