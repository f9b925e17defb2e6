"""What every source parser shares: one error type and small text helpers."""

from __future__ import annotations

import json
import re
import xml.sax
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.model import ARXIV_RE, ARXIV_URL, arxiv_base, normalise_arxiv

#: New-style ids (2401.10000v2) and old-style ids (hep-th/9901001) inside longer text.
_ARXIV_IN_TEXT = re.compile(
    r"(?<![\w./-])(\d{4}\.\d{4,5}(?:v\d+)?|[a-z][a-z-]*(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)(?![\w.])")


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
    match = _ARXIV_IN_TEXT.search(text)
    return arxiv_base(match.group(1)) if match and ARXIV_RE.fullmatch(match.group(1)) else None


def check_feed(parsed: Any, source: str) -> None:
    """feedparser accepts broken XML and returns what it got so far: refuse that."""
    exc = parsed.get("bozo_exception")
    if parsed.get("bozo") and isinstance(exc, xml.sax.SAXException):
        raise SourceError(f"{source}: not well-formed XML ({one_line(str(exc))})")


class Skip(Exception):
    """One entry of a source cannot be read; the message says why. The entry is reported
    with where it is, and the others are imported."""


@dataclass(frozen=True, slots=True)
class Skipped:
    where: str
    """``refs.bib:42 (entry 'key')``, ``daily.json: item 3``."""
    why: str

    def __str__(self) -> str:
        return f"{self.where}: {self.why}"


class Found(list[dict[str, Any]]):
    """The entries a source lists, in order, and the entries it skipped, each with why."""

    def __init__(self, entries: Iterable[dict[str, Any]] = (),
                 skipped: Iterable[Skipped] = ()) -> None:
        super().__init__(entries)
        self.skipped: list[Skipped] = list(skipped)

    def extend_found(self, other: Found) -> None:
        self.extend(other)
        self.skipped.extend(other.skipped)


def _kind(value: Any) -> str:
    return {list: "a list", dict: "an object", bool: "true/false"}.get(type(value), "a value")


def json_text(value: Any, field: str) -> str | None:
    """A text field of a JSON source: text (a number reads as text), else ``Skip``."""
    if value is None:
        return None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return one_line(str(value)) or None
    raise Skip(f"{field}: expected text, got {_kind(value)}")


def load_json(data: bytes | str, source: str, what: str) -> Any:
    """JSON, or a one-line ``SourceError`` (not JSON, or nested too deeply to be ``what``)."""
    try:
        return json.loads(data)
    except RecursionError:
        raise SourceError(f"{source}: JSON nested too deeply to be {what}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise SourceError(f"{source}: not JSON ({exc})") from None


#: arXiv marks a new paragraph of an abstract with a line break and an indent; a line
#: break alone is a hard wrap (the 2016 API format wraps at 80 columns).
_PARAGRAPH = re.compile(r"\n[ \t]+")


def arxiv_abstract(text: str | None) -> str | None:
    """An arXiv abstract in the model's form: paragraphs joined by a blank line."""
    paragraphs = [one_line(part) for part in _PARAGRAPH.split((text or "").strip())]
    return "\n\n".join(p for p in paragraphs if p) or None
