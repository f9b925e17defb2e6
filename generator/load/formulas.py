"""Load: where the formulas of a text are, and whether each converts to MathML.

A formula is found as TeX and pandoc find it: ``$...$`` only when no space follows the
opening ``$`` nor precedes the closing one, and no digit follows the closing one (so
``$5M to $10M`` stays text); ``\\(...\\)`` inline; ``$$...$$`` and ``\\[...\\]`` displayed.
Every stage finds formulas by this one rule: validation (their depth, and ``check``'s
notice for a formula latex2mathml cannot convert, ``failed``), text-mode decoding
(``latex_text``), and the MathML and plain text of ``latex_math``, which shows a formula
that does not convert as its LaTeX.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Formula:
    start: int
    end: int
    latex: str
    display: bool


class _Scan:
    """The closing marks of one text, each found once: a search that found nothing (or a
    mark further on) answers every later search from a place before it, so the scan is
    linear in the text however many ``$`` or ``\\(`` stay unmatched (it was quadratic)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: dict[str, int] = {}

    def find(self, mark: str, start: int) -> int:
        """``text.find(mark, start)``, for ``start`` that never decreases between calls."""
        at = self.found.get(mark, -2)
        if at == -1 or at >= start:
            return at
        at = self.text.find(mark, start)
        self.found[mark] = at
        return at

    def closing_dollar(self, start: int) -> int:
        """Where the ``$`` that closes an inline formula opened before ``start`` is, or -1.

        Whether a ``$`` can close depends only on its neighbours, not on the opening one,
        so the first such ``$`` at or after ``start`` is remembered like any mark."""
        at = self.found.get("close$", -2)
        if at == -1 or at >= start:
            return at
        text = self.text
        at = start
        while True:
            at = text.find("$", at)
            if at < 0:
                break
            if text[at - 1] != "\\" and not text[at - 1].isspace() and not (
                    at + 1 < len(text) and text[at + 1].isdigit()):
                break
            at += 1
        self.found["close$"] = at
        return at


_MARK = re.compile(r"[\\$]")


def formulas(text: str) -> Iterator[Formula]:
    """The formulas in ``text``, in order; linear in its length (``_Scan``)."""
    n = len(text)
    scan = _Scan(text)
    i = 0
    while True:
        mark = _MARK.search(text, i)  # jump to the next candidate: most text has none
        if mark is None:
            return
        i = mark.start()
        char = text[i]
        if char == "\\" and i + 1 < n:
            pair = text[i + 1]
            if pair in "[(":
                close = "\\]" if pair == "[" else "\\)"
                end = scan.find(close, i + 2)
                if end > i + 2:
                    yield Formula(i, end + 2, text[i + 2:end].strip(), pair == "[")
                    i = end + 2
                    continue
            i += 2  # an escaped character (\$ is a dollar sign)
            continue
        if char == "$":
            if text.startswith("$$", i):
                end = scan.find("$$", i + 2)
                if end > i + 2 and text[i + 2:end].strip():
                    yield Formula(i, end + 2, text[i + 2:end].strip(), True)
                    i = end + 2
                    continue
                i += 2
                continue
            if i + 1 < n and not text[i + 1].isspace():
                end = scan.closing_dollar(i + 1)
                if end > i + 1:
                    yield Formula(i, end + 1, text[i + 1:end], False)
                    i = end + 1
                    continue
        i += 1


@functools.lru_cache(maxsize=4096)
def converted(latex: str, display: bool = False) -> str | None:
    """latex2mathml's MathML for ``latex``, not yet cleaned (``latex_math.mathml`` cleans
    it), or None when it does not convert: latex2mathml fails, writes what is not
    well-formed, or leaves a command unread."""
    from latex2mathml.converter import convert  # imported when a formula needs it

    try:
        made: str = convert(latex, display="block" if display else "inline")
        root = ET.fromstring(made)  # latex2mathml can emit text with a raw "<"
    except Exception:  # latex2mathml raises many kinds of errors on bad input
        return None
    for element in root.iter():
        if (element.text or "").startswith("\\"):  # a command it did not know, kept as text
            return None
    return made


def failed(text: str) -> list[str]:
    """The formulas in ``text`` that do not convert (for ``check``'s notices)."""
    return [f.latex for f in formulas(text) if converted(f.latex, f.display) is None]
