"""Load: one YAML file's nodes as validated ``Paper`` values, collecting every problem.

Each field has a converter that reads the scalar's original text and its
resolved YAML tag, so YAML 1.1 surprises (``2401.10000`` as a float, ``no`` as
false) are caught with the curator's own spelling in the message.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from generator.common import weburl
from generator.common.problems import Problem, Severity
from generator.load import bounds, formulas
from generator.load import yaml_source as ys
from generator.load.model import (
    ARXIV_RE,
    ID_MAX,
    ID_RE,
    LINK_KINDS,
    TAG_RE,
    Location,
    Paper,
    PubDate,
    Status,
    fallback_id,
    http_url,
    id_from_arxiv,
    normalise_arxiv,
    slugify,
    windows_reserved,
)
from generator.load.site_paths import mentions_page

ABSTRACT_WARN_CHARS = 5_000
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_DIGITS_RE = re.compile(r"[0-9]+")
#: Longer numbers are refused before ``int`` reads them (CPython refuses 4,300 digits).
_MAX_DIGITS = 18
_PARAGRAPH_BREAK_RE = re.compile(r"\n\s*\n")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_STATUS_CHOICES = ", ".join(s.value for s in Status)
_TYPE_NAMES = {
    ys.STR: "text", ys.INT: "a number", ys.FLOAT: "a number", ys.BOOL: "true/false",
    ys.NULL: "nothing (null)", ys.TIMESTAMP: "a date", ys.SEQ: "a list", ys.MAP: "a mapping",
}


class Invalid(Exception):
    """One field's value is wrong; the message says what was expected."""

    def __init__(self, message: str, node: ys.Node | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.node = node


def _got(node: ys.Node) -> str:
    if isinstance(node, ys.ScalarNode):
        kind = _TYPE_NAMES.get(node.tag, "a value")
        return f"{kind} {node.value!r}" if node.value != "" else "nothing"
    return _TYPE_NAMES.get(node.tag, "a value")


def _scalar(node: ys.Node, expected: str) -> ys.ScalarNode:
    if not isinstance(node, ys.ScalarNode):
        raise Invalid(f"expected {expected}, got {_got(node)}")
    return node


def _check_text(value: str, multiline: bool) -> str:
    if value.isprintable():  # the common case, checked in C
        return value
    bad = _CONTROL_RE.search(value.replace("\t", " ") if multiline else value)
    if bad:
        raise Invalid(f"contains control character U+{ord(bad.group()):04X}: remove it")
    return value


def _single_spaced(value: str) -> bool:
    """No whitespace in ``value`` but single spaces (a printable string has no other
    whitespace than U+0020): collapsing its whitespace would change nothing inside it."""
    return value.isprintable() and "  " not in value


def to_text(node: ys.Node, *, multiline: bool = False, limit: int = bounds.NAME_MAX) -> str:
    """Any scalar that is not null, bool or a date reads as text (``title: 1984`` is fine),
    of at most ``limit`` characters."""
    scalar = _scalar(node, "text")
    value: str = scalar.value
    if len(value) > limit and len(value.strip()) > limit:
        raise Invalid(f"{len(value.strip()):,} characters long; the limit is {limit:,} "
                      "characters")
    if scalar.style is None and len(value) <= 5:  # only short plain words are null or bool
        if value.strip() in ("", "~", "null", "Null", "NULL"):
            raise Invalid("expected text, got nothing")
        if scalar.is_null_or_bool():
            raise Invalid(f"expected text, got {_got(scalar)}; put it in quotes if you mean it")
    if multiline:
        value = value.strip()
    elif not _single_spaced(value):
        value = " ".join(value.split())
    else:
        value = value.strip()
    if not value:
        raise Invalid("expected text, got nothing")
    value = _check_text(value, multiline)
    return value if value.isascii() else unicodedata.normalize("NFC", value)


def _formulas_bounded(value: str) -> str:
    """A title or abstract whose formulas nest no deeper than ``MAX_NESTING``: latex2mathml
    and pylatexenc recurse into every group."""
    if "$" in value or "\\" in value:
        for formula in formulas.formulas(value):
            depth = bounds.formula_nesting(formula.latex)
            if depth > bounds.MAX_NESTING:
                latex = " ".join(formula.latex.split())
                shown = latex if len(latex) <= 40 else latex[:40] + "…"
                raise Invalid(f"formula ${shown}$ has " + bounds.nesting_message(
                    depth, "groups ('{', \\left, \\begin or commands in a row)"))
    return value


def to_title(node: ys.Node) -> str:
    return _formulas_bounded(to_text(node, limit=bounds.TITLE_MAX))


def to_paragraphs(node: ys.Node) -> str:
    """Plain text in the model's form (``Paper.abstract``): paragraphs joined by one blank
    line, each on one line. Done once here, so pages and feeds only split on ``\\n\\n``."""
    value = _formulas_bounded(to_text(node, multiline=True, limit=bounds.ABSTRACT_MAX))
    if _single_spaced(value):  # one paragraph, already on one line
        return value
    return "\n\n".join(" ".join(paragraph.split())
                       for paragraph in _PARAGRAPH_BREAK_RE.split(value) if paragraph.strip())


def to_int(node: ys.Node, low: int, high: int | None = None) -> int:
    scalar = _scalar(node, "a whole number")
    if scalar.tag != ys.INT or not _DIGITS_RE.fullmatch(scalar.value):
        raise Invalid(f"expected a whole number, got {_got(scalar)}")
    if len(scalar.value) > _MAX_DIGITS:
        raise Invalid(f"expected a whole number, got one of {len(scalar.value):,} digits")
    value = int(scalar.value)
    if value < low or (high is not None and value > high):
        span = f"from {low} to {high}" if high is not None else f"{low} or more"
        raise Invalid(f"expected a whole number {span}, got {value}")
    return value


#: The first day ``added`` may name: the list's own history starts no earlier (a typo like
#: 0024-05-01 would make the Stats page 24,000 months long).
EARLIEST_ADDED = date(1970, 1, 1)


def latest_date(today: date) -> date:
    """The last day any date may name: a year after ``today`` (later is a typo)."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today + timedelta(days=365)


def date_problem(day: date | PubDate, today: date, earliest: date | None = None
                 ) -> str | None:
    """Why ``day`` cannot be right, or None."""
    first = day.first if isinstance(day, PubDate) else day
    if earliest is not None and first < earliest:
        return f"expected a date from {earliest.isoformat()} on, got {day.isoformat()}"
    if first > latest_date(today):
        return (f"date {day.isoformat()} is more than a year after today "
                f"({today.isoformat()}): is the year right?")
    return None


def to_date(node: ys.Node) -> date:
    scalar = _scalar(node, "a date like 2024-08-13")
    text = scalar.value.strip()
    try:
        if not _DATE_RE.fullmatch(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise Invalid(f"expected a date like 2024-08-13, got {text!r}") from None


def to_published(node: ys.Node) -> PubDate:
    """A date of day, month or year precision: ``2024-08-13``, ``2024-08`` or ``2024``."""
    scalar = _scalar(node, "a date like 2024-08-13, 2024-08 or 2024")
    text = scalar.value.strip()
    try:
        published = PubDate.parse(text)
        if published.first.year < 1000:
            raise ValueError(text)
        return published
    except ValueError:
        raise Invalid(f"expected a date like 2024-08-13, 2024-08 or 2024, got {text!r}") from None


def to_bool(node: ys.Node) -> bool:
    scalar = _scalar(node, "true or false")
    if scalar.tag != ys.BOOL or scalar.value.lower() not in ("true", "false"):
        raise Invalid(f"expected true or false, got {_got(scalar)}")
    return scalar.value.lower() == "true"


def to_list(node: ys.Node, item: Callable[[ys.Node], str], what: str,
            limit: int = bounds.LIST_MAX) -> list[str]:
    if isinstance(node, ys.ScalarNode) and node.tag != ys.NULL:
        raise Invalid(f"expected a list of {what} (- item per line, or [a, b]), got {_got(node)}")
    if isinstance(node, ys.ScalarNode):
        return []
    if not isinstance(node, ys.SequenceNode):
        raise Invalid(f"expected a list of {what}, got {_got(node)}")
    if len(node.value) > limit:
        raise Invalid(f"{len(node.value):,} {what}; the limit is {limit:,}")
    values: list[str] = []
    for child in node.value:
        try:
            value = item(child)
        except Invalid as exc:
            exc.node = exc.node or child
            raise
        if value not in values:
            values.append(value)
    return values


def to_tag(node: ys.Node) -> str:
    value = to_text(node, limit=bounds.TAG_MAX)
    if not TAG_RE.fullmatch(value):
        hint = slugify(value, max_length=60)
        suggestion = f"; write {hint!r}" if hint else ""
        raise Invalid(
            f"tag {value!r}: expected lowercase words joined by '-' (it becomes a URL){suggestion}")
    if windows_reserved(value):
        raise Invalid(f"tag {value!r} is a name Windows reserves for devices; the tag's folder "
                      "could not exist there: choose another tag")
    return value


def to_id(node: ys.Node) -> str:
    scalar = _scalar(node, "an id")
    value: str = scalar.value.strip()
    if not ID_RE.fullmatch(value) or len(value) > ID_MAX:
        raise Invalid(
            "expected lowercase ASCII letters, digits, '-', '_' or '.' (no '/', '..', spaces or "
            "final '.'; "
            f"at most {ID_MAX} characters), since the id is the page URL and the feed GUID; "
            f"got {value!r}")
    if windows_reserved(value):
        raise Invalid(f"{value!r} is a name Windows reserves for devices; the page's folder "
                      "could not exist there: choose another id")
    return value


def to_arxiv(node: ys.Node) -> str:
    scalar = _scalar(node, "an arXiv id")
    if scalar.tag in (ys.FLOAT, ys.INT) and scalar.style is None:
        raise Invalid(
            f"expected an arXiv id in quotes, got the number {scalar.value}; YAML reads "
            f"unquoted ids as numbers (2401.10000 becomes 2401.1): write arxiv: \"{scalar.value}\"")
    value = normalise_arxiv(scalar.value)
    if value is None:
        raise Invalid(f"expected an arXiv id like \"2401.10000\" or \"hep-th/9901001\", "
                      f"got {scalar.value!r}")
    return value


def to_url(node: ys.Node) -> str:
    value = to_text(node, limit=bounds.URL_MAX)
    if http_url(value) != value:
        unreadable = weburl.problem(value)
        raise Invalid(f"expected an http(s) URL, got {value!r}"
                      + (f" ({unreadable})" if unreadable else ""))
    return value


def to_status(node: ys.Node) -> Status:
    scalar = _scalar(node, "a status")
    choices = _STATUS_CHOICES
    if scalar.tag == ys.BOOL and scalar.style is None:
        raise Invalid(f"expected one of {choices}, got {scalar.value!r}, which YAML reads as "
                      "true/false")
    try:
        return Status(scalar.value.strip())
    except ValueError:
        raise Invalid(f"expected one of {choices}, got {scalar.value!r}") from None


def to_note(node: ys.Node) -> str:
    """Markdown, kept as written; ``markup`` renders it and ``html_policy`` cleans it.
    Bounded in size and nesting (``bounds.markdown_problem``), so it renders quickly."""
    value = to_text(node, multiline=True, limit=bounds.NOTE_MAX)
    excess = bounds.markdown_problem(value)
    if excess is not None:
        where = f" (line {excess.line} of the note)" if excess.line > 1 else ""
        raise Invalid(f"the note {excess.message}{where}")
    return value


@dataclass(frozen=True, slots=True)
class FieldSpec:
    convert: Callable[[ys.Node], Any]
    description: str
    schema: dict[str, Any]
    """JSON Schema of the field, for editors (``schema.py``); ``convert`` is the authority."""


_TEXT: dict[str, Any] = {"type": "string", "minLength": 1}
_DATE: dict[str, Any] = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_URL: dict[str, Any] = {"type": "string", "format": "uri", "pattern": "^https?://",
                        "maxLength": bounds.URL_MAX}

FIELDS: dict[str, FieldSpec] = {
    "id": FieldSpec(to_id, "stable id: the page URL and feed GUID; derived from arxiv or title",
                    {"type": "string", "pattern": ID_RE.pattern, "maxLength": ID_MAX}),
    "title": FieldSpec(to_title, "the paper's title",
                       {**_TEXT, "maxLength": bounds.TITLE_MAX}),
    "arxiv": FieldSpec(to_arxiv, "arXiv id, in quotes: \"2401.10000\"",
                       {"type": "string", "pattern": ARXIV_RE.pattern}),
    "authors": FieldSpec(lambda n: to_list(n, to_text, "names", bounds.AUTHORS_MAX),
                         "author names",
                         {"type": "array", "items": {**_TEXT, "maxLength": bounds.NAME_MAX},
                          "maxItems": bounds.AUTHORS_MAX}),
    "et_al": FieldSpec(to_bool, "true when authors names only the first authors (et al.)",
                       {"type": "boolean"}),
    "author_count": FieldSpec(lambda n: to_int(n, 1), "number of authors, when names are unknown",
                              {"type": "integer", "minimum": 1}),
    "org": FieldSpec(to_text, "organisation", {**_TEXT, "maxLength": bounds.NAME_MAX}),
    "published": FieldSpec(to_published, "publication date: 2024-08-13, or 2024-08 or 2024 "
                                         "when only the month or year is known",
                           {"anyOf": [{"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                                      {"type": "integer", "minimum": 1000, "maximum": 9999}]}),
    "added": FieldSpec(to_date, "the date the paper joined the list, like 2024-08-13 "
                                "(feeds sort on it)", _DATE),
    "upvotes": FieldSpec(lambda n: to_int(n, 0), "upvotes on the source listing",
                         {"type": "integer", "minimum": 0}),
    "tags": FieldSpec(lambda n: to_list(n, to_tag, "tags"), "tags: lowercase-words-with-dashes",
                      {"type": "array", "maxItems": bounds.LIST_MAX,
                       "items": {"type": "string", "pattern": TAG_RE.pattern,
                                 "maxLength": bounds.TAG_MAX}}),
    "abstract": FieldSpec(to_paragraphs, "the paper's abstract",
                          {**_TEXT, "maxLength": bounds.ABSTRACT_MAX}),
    "links": FieldSpec(lambda n: n, "links: " + ", ".join(LINK_KINDS),
                       {"type": "object", "additionalProperties": False,
                        "properties": {kind: _URL for kind in LINK_KINDS}}),
    "note": FieldSpec(to_note, "the curator's note (Markdown)",
                      {**_TEXT, "maxLength": bounds.NOTE_MAX}),
    "status": FieldSpec(to_status, "to-read, reading or read",
                        {"type": "string", "enum": [s.value for s in Status]}),
    "pick": FieldSpec(to_bool, "true for a curator's pick: highlighted on the home and tag "
                               "pages", {"type": "boolean"}),
    "see_also": FieldSpec(lambda n: to_list(n, to_id, "paper ids"),
                          "ids of papers to show first among the related papers",
                          {"type": "array", "maxItems": bounds.LIST_MAX,
                           "items": {"type": "string", "pattern": ID_RE.pattern}}),
    "aliases": FieldSpec(lambda n: to_list(n, to_id, "ids"),
                         "ids this paper had before (oldest first): each old URL redirects "
                         "here, and feeds keep the oldest as the paper's GUID",
                         {"type": "array", "maxItems": bounds.LIST_MAX,
                          "items": {"type": "string", "pattern": ID_RE.pattern}}),
    "rating": FieldSpec(lambda n: to_int(n, 1, 5), "rating from 1 to 5",
                        {"type": "integer", "minimum": 1, "maximum": 5}),
}
REQUIRED = ("title", "added")


def bad_nodes(node: ys.Node) -> list[ys.BadNode]:
    """Aliases and forbidden tags inside ``node``, to be reported with their field."""
    if isinstance(node, ys.BadNode):
        return [node]
    if isinstance(node, ys.SequenceNode):
        return [bad for child in node.value for bad in bad_nodes(child)]
    if isinstance(node, ys.MappingNode):
        return [bad for k, v in node.value for bad in (*bad_nodes(k), *bad_nodes(v))]
    return []


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


class FileReader:
    """Validates the entries of one file; cross-file checks happen in ``loader``."""

    def __init__(self, path: str, today: date, has_bad: bool = True, data: bytes = b"") -> None:
        self.has_bad = has_bad
        self.path = path
        self.today = today
        self.data = data
        self._lines: list[str] | None = None
        self.problems: list[Problem] = []
        self.named_by_place = False
        """Some message names an entry by its place in the file (``#3``)."""

    def problem(self, node: ys.Node, message: str, paper: str | None = None,
                field: str | None = None, severity: Severity = Severity.ERROR) -> None:
        line, column = ys.position(node)
        if paper is not None and paper.startswith("#"):  # ids and slugs start alphanumeric
            self.named_by_place = True
        self.problems.append(Problem(self.path, line, column, message, paper, field, severity))

    def read(self, root: ys.Node | None) -> list[Paper]:
        if root is None or (isinstance(root, ys.ScalarNode) and root.tag == ys.NULL):
            self.problems.append(Problem(
                self.path, 1, 1, "file has no papers: expected a list of entries (- title: ...)",
                severity=Severity.WARNING))
            return []
        if isinstance(root, ys.BadNode):
            self.problem(root, root.message)
            return []
        if not isinstance(root, ys.SequenceNode):
            self.problem(root, f"expected a list of papers (each starting with '- title:'), "
                               f"got {_got(root)}")
            return []
        return self.entries(root)

    def entries(self, root: ys.SequenceNode) -> list[Paper]:
        papers = []
        for index, node in enumerate(root.value, start=1):
            paper = self.read_entry(node, index)
            if paper is not None:
                papers.append(paper)
        return papers

    def _label(self, fields: dict[str, ys.Node], index: int) -> str:
        """The name messages use for an entry: its id if it has one, else its place."""
        for key in ("id", "arxiv", "title"):
            node = fields.get(key)
            if isinstance(node, ys.ScalarNode) and node.value.strip():
                value: str = node.value.strip()
                if key == "id":
                    return value
                if key == "arxiv":
                    return id_from_arxiv(value)
                return slugify(value) or f"#{index}"
        return f"#{index}"

    def read_entry(self, node: ys.Node, index: int) -> Paper | None:
        if isinstance(node, ys.BadNode):
            self.problem(node, node.message)
            return None
        if not isinstance(node, ys.MappingNode):
            self.named_by_place = True
            self.problem(node, f"entry #{index}: expected a mapping of fields (title: ..., "
                               f"added: ...), got {_got(node)}")
            return None
        fields: dict[str, ys.Node] = {}
        keys: dict[str, ys.Node] = {}
        pending: list[tuple[ys.Node, str]] = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, ys.ScalarNode):
                message = (key_node.message if isinstance(key_node, ys.BadNode)
                           else "field names must be plain words")
                pending.append((key_node, message))
                continue
            key = key_node.value
            if key in fields:
                first = ys.position(keys[key])
                pending.append((key_node, f"{key}: duplicate key (first at line {first[0]}); "
                                          "YAML would silently keep only the last one"))
                continue
            fields[key] = value_node
            keys[key] = key_node
        label = self._label(fields, index)
        for key_node, message in pending:
            self.problem(key_node, message, label)

        values: dict[str, Any] = {}
        failed = False
        for key, value_node in fields.items():
            spec = FIELDS.get(key)
            if spec is None:
                hint = did_you_mean(key, tuple(FIELDS))
                self.problem(keys[key], f"unknown field{hint}", label, key)
                failed = True
                continue
            bad = bad_nodes(value_node) if self.has_bad else []
            if bad:
                for node_ in bad:
                    self.problem(node_, node_.message, label, key)
                failed = True
                continue
            try:
                if key == "links":
                    values[key] = self.read_links(value_node, label)
                else:
                    values[key] = spec.convert(value_node)
                if key == "note" and mentions_page(values[key]):  # its links' place
                    values["note_at"] = self.text_start(value_node)
            except Invalid as exc:
                self.problem(exc.node or value_node, exc.message, label, key)
                failed = True
        for key, earliest in (("added", EARLIEST_ADDED), ("published", None)):
            day = values.get(key)
            wrong = date_problem(day, self.today, earliest) if day is not None else None
            if wrong is not None:
                self.problem(fields[key], wrong, label, key)
                failed = True
        for key in REQUIRED:
            if key not in fields:
                self.problem(node, f"required field is missing: {FIELDS[key].description}",
                             label, key)
                failed = True
        if pending or failed:
            return None
        return self.build(node, values, label)

    def text_start(self, node: ys.Node) -> Location:
        """Where a text field's value starts: its first line that is not blank, for a block
        (``note: |``), whose node is its indicator; the node itself otherwise."""
        line, column = ys.position(node)
        style = node.style if isinstance(node, ys.ScalarNode) else None
        if style not in ("|", ">"):
            return Location(self.path, line, column + (style in ("'", '"')))
        if self._lines is None:
            self._lines = self.data.decode("utf-8-sig", "replace").splitlines()
        for number in range(line, len(self._lines)):  # the lines after the indicator's
            text = self._lines[number]
            if text.strip():
                return Location(self.path, number + 1, len(text) - len(text.lstrip()) + 1)
        return Location(self.path, line + 1, 1)

    def read_links(self, node: ys.Node, label: str) -> tuple[tuple[str, str], ...]:
        if isinstance(node, ys.ScalarNode) and node.tag == ys.NULL:
            return ()
        if not isinstance(node, ys.MappingNode):
            raise Invalid(f"expected a mapping like 'code: https://...', got {_got(node)}")
        links: dict[str, str] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ys.ScalarNode) else "?"
            if key not in LINK_KINDS:
                raise Invalid(f"unknown link kind {key!r}{did_you_mean(key, LINK_KINDS)} "
                              f"(known: {', '.join(LINK_KINDS)})", key_node)
            if key in links:
                raise Invalid(f"duplicate link {key!r}", key_node)
            try:
                links[key] = to_url(value_node)
            except Invalid as exc:
                raise Invalid(f"{key}: {exc.message}", value_node) from None
        return tuple(links.items())

    def build(self, node: ys.Node, values: dict[str, Any], label: str) -> Paper | None:
        line, column = ys.position(node)
        explicit = "id" in values
        if explicit:
            paper_id = values.pop("id")
        elif values.get("arxiv"):
            paper_id = id_from_arxiv(values["arxiv"])
        else:
            paper_id = slugify(values["title"]) or fallback_id(values["title"])
            if windows_reserved(paper_id):
                self.problem(node, f"the title gives the id {paper_id!r}, a name Windows "
                                   "reserves for devices: give the paper an explicit id",
                             paper_id, "id")
                return None
        for key in ("authors", "tags", "aliases", "see_also"):
            if key in values:
                values[key] = tuple(values[key])
        paper = Paper(id=paper_id, source=Location(self.path, line, column),
                      id_is_explicit=explicit, **values)
        self.warn(node, paper)
        return paper

    def warn(self, node: ys.Node, paper: Paper) -> None:
        if paper.added > self.today:
            self.problem(node, f"date {paper.added.isoformat()} is in the future", paper.id,
                         "added", Severity.WARNING)
        for field, text in (("title", paper.title), ("abstract", paper.abstract or "")):
            if ("$" in text or "\\" in text):
                for latex in dict.fromkeys(formulas.failed(text)):  # each formula once
                    self.problem(node, f"formula ${latex}$ does not convert to MathML; it is "
                                       "shown as LaTeX", paper.id, field, Severity.NOTICE)
        if paper.abstract and len(paper.abstract) > ABSTRACT_WARN_CHARS:
            self.problem(node, f"abstract has {len(paper.abstract)} characters (more than "
                               f"{ABSTRACT_WARN_CHARS}): is it the whole paper?",
                         paper.id, "abstract", Severity.WARNING)


def read_file(path: str, data: bytes, today: date) -> tuple[list[Paper], list[Problem]]:
    parsed = ys.parse(path, data)
    if parsed.problems:
        return [], list(parsed.problems)
    reader = FileReader(path, today, parsed.has_bad, data)
    papers = reader.read(parsed.node)
    return papers, reader.problems
