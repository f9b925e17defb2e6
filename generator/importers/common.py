"""Import: what every source parser shares: one error type and small text helpers."""

from __future__ import annotations

import json
import re
import xml.sax
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.load.latex_text import latex_to_text, math_spans
from generator.load.model import ARXIV_RE, ARXIV_URL, arxiv_base, normalise_arxiv

_ID = r"(\d{4}\.\d{4,5}(?:v\d+)?|[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)(?![\w.])"
#: New-style ids (2401.10000v2) and old-style ids (hep-th/9901001) inside longer text.
_ARXIV_IN_TEXT = re.compile(r"(?<![\w./-])" + _ID)
#: An id after what names it as one: arXiv's DOI (10.48550/arXiv.2312.00752), ``arXiv:``,
#: DBLP's CoRR volume (``abs/1706.03762``).
_ARXIV_NAMED = re.compile(r"(?:10\.48550/arxiv\.|\barxiv:\s*|(?<![\w.])abs/)" + _ID, re.I)


class SourceError(ValueError):
    """A source could not be read or is not what it claims to be: one line for the curator."""


_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf]")


def repair_mojibake(text: str) -> str:
    """UTF-8 that was read as Latin-1 (``RamÃ\u00adrez``) turned back into ``Ramírez``.

    Only text that round-trips exactly is changed, so real Latin-1 text stays as it is.
    """
    if not _MOJIBAKE.search(text):
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def one_line(text: str | None) -> str:
    """Whitespace (including the hard wraps of arXiv's titles) collapsed to single spaces."""
    return repair_mojibake(" ".join((text or "").split()))


def arxiv_in_text(text: str | None) -> str | None:
    """The first arXiv id named in free text (``arXiv preprint arXiv:2311.09735``), version-less."""
    if not text:
        return None
    url = ARXIV_URL.search(text)
    if url and normalise_arxiv(url.group(1)):
        return arxiv_base(url.group(1))
    for pattern in (_ARXIV_NAMED, _ARXIV_IN_TEXT):
        match = pattern.search(text)
        if match and ARXIV_RE.fullmatch(match.group(1)):
            return arxiv_base(match.group(1))
    return None


def check_feed(parsed: Any, source: str) -> None:
    """feedparser accepts broken XML and returns what it got so far: refuse that."""
    exc = parsed.get("bozo_exception")
    if parsed.get("bozo") and isinstance(exc, xml.sax.SAXException):
        raise SourceError(f"{source}: not well-formed XML ({one_line(str(exc))})")


#: Why entries were skipped, as the summary line counts them ("43 without a title").
NO_TITLE = "without a title"
NO_ARXIV = "without an arXiv id"
NOT_A_PAPER = "volumes (not papers)"
BROKEN = "broken"
UNREADABLE = "with unreadable values"
INVALID = "that would not validate"


class Skip(Exception):
    """One entry of a source cannot be read; the message says why, ``kind`` how the
    summary counts it. The entry is reported with where it is, and the others are
    imported."""

    def __init__(self, why: str, kind: str = UNREADABLE) -> None:
        super().__init__(why)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class Skipped:
    where: str
    """``refs.bib:42 (entry 'key')``, ``daily.json: item 3``."""
    why: str
    kind: str = UNREADABLE
    """How the summary line counts it: ``NO_TITLE``, ``BROKEN``, ..."""

    def __str__(self) -> str:
        return f"{self.where}: {self.why}"


#: The key of an entry dict saying where in its source it is (``refs.bib:42 (entry
#: 'key')``): for messages, never written. Keys starting with ``_`` are the importer's own.
WHERE = "_where"
#: The entry's DOI (lower case, no prefix), for the rule that different DOIs never merge.
DOI = "_doi"
#: The source's own keywords (RIS ``KW``, BibTeX ``keywords``, CSL ``keyword``): tags only
#: when the curator asks (``--keywords-as-tags``).
KEYWORDS = "_keywords"


class Found(list[dict[str, Any]]):
    """The entries a source lists, in order, and the entries it skipped, each with why."""

    def __init__(self, entries: Iterable[dict[str, Any]] = (),
                 skipped: Iterable[Skipped] = ()) -> None:
        super().__init__(entries)
        self.skipped: list[Skipped] = list(skipped)
        self.warnings: list[str] = []
        self.nothing_new: str | None = None
        """Set when the source is valid and lists nothing (a feed on a quiet day): saying
        so, where an empty answer would otherwise be an error."""
        self.merged: list[str] = []
        """One line per entry the parser merged into an earlier one (an awesome list naming
        a paper twice), in ``append.plan``'s words."""
        self.left_out: Counter[str] = Counter()
        """Parts of the source that are not entries at all (an awesome list's badges,
        contents, videos), counted by why."""

    def extend_found(self, other: Found) -> None:
        self.extend(other)
        self.skipped.extend(other.skipped)
        self.warnings.extend(other.warnings)
        self.nothing_new = self.nothing_new or other.nothing_new
        self.merged.extend(other.merged)
        self.left_out.update(other.left_out)


def by_reason(counts: Counter[str]) -> str:
    """``7 in the 'Contents' section, 2 without a link``: most first."""
    return ", ".join(f"{count} {why}" for why, count in counts.most_common())


def _kind(value: Any) -> str:
    return {list: "a list", dict: "an object", bool: "true/false"}.get(type(value), "a value")


def json_text(value: Any, field: str) -> str | None:
    """A text field of a JSON source: text (a number reads as text), else ``Skip``."""
    if value is None:
        return None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return one_line(str(value)) or None
    raise Skip(f"{field}: expected text, got {_kind(value)}")


def plain(value: str | None) -> str:
    """A title or a name as the model keeps it: LaTeX outside formulas as Unicode text
    (``Schr\\"odinger`` -> Schrödinger), formulas as written, on one line."""
    return one_line(latex_to_text(repair_mojibake(value))) if value else ""


def load_json(data: bytes | str, source: str, what: str) -> Any:
    """JSON, or a one-line ``SourceError`` (not JSON, or nested too deeply to be ``what``)."""
    try:
        return json.loads(data)
    except RecursionError:
        raise SourceError(f"{source}: JSON nested too deeply to be {what}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise SourceError(f"{source}: not JSON ({exc})") from None


#: A line that continues a sentence: it starts in lower case, or the line before it ends
#: mid-sentence. Such lines show that a block's common indent is layout, not paragraphs.
_LOWER_START = re.compile(r"[a-z(]")
_CONTINUED = re.compile(r"[a-z,;(-]$")


def _inside(lines: list[str]) -> list[bool]:
    """For each line, whether it starts inside a formula or display environment."""
    spans = math_spans("\n".join(lines))
    flags = []
    offset = span = 0
    for line in lines:
        while span < len(spans) and spans[span][1] <= offset:
            span += 1
        flags.append(span < len(spans) and spans[span][0] < offset)
        offset += len(line) + 1
    return flags


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def paragraphs(text: str | None) -> list[str]:
    """The one paragraph rule of every importer, on raw source text; each paragraph is
    returned as written, line breaks included.

    Dedent first: the first line's indent is dropped (it follows the element or field
    that holds it), and the other lines lose their common indent when they read as
    wrapped text (one of them continues a sentence: it starts in lower case, or follows a
    line ending mid-sentence), not as arXiv's marked paragraphs. Then a blank line, or an
    indented line (arXiv's convention: a new paragraph is a line break and an indent; a
    line break alone is a hard wrap), starts a paragraph, except inside a formula or a
    display environment, which stays whole.
    """
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").expandtabs().split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        return []
    lines[0] = lines[0].lstrip()
    inside = _inside(lines)
    body = [n for n in range(1, len(lines)) if lines[n].strip() and not inside[n]]
    margin = min((_indent(lines[n]) for n in body), default=0)
    if margin and any(_indent(lines[n]) == margin and (
            _LOWER_START.match(lines[n].lstrip()) or _CONTINUED.search(lines[n - 1].rstrip()))
            for n in body):
        lines = [line[min(margin, _indent(line)):] for line in lines]
    out: list[list[str]] = [[]]
    blank = False
    for line, within in zip(lines, inside, strict=True):
        if not line.strip():
            blank = not within or blank
            continue
        if out[-1] and not within and (blank or line[:1].isspace()):
            out.append([])
        out[-1].append(line)
        blank = False
    return ["\n".join(chunk) for chunk in out if chunk]


def abstract(raw: str | None) -> str | None:
    """An abstract in the model's form: paragraphs (``paragraphs``) each decoded
    (``plain``) and on one line, joined by a blank line."""
    decoded = (plain(paragraph) for paragraph in paragraphs(raw))
    return "\n\n".join(p for p in decoded if p) or None
