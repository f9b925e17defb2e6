"""LaTeX math in titles and abstracts: MathML for pages, plain text where markup cannot go.

A formula is found as TeX and pandoc find it: ``$...$`` only when no space follows the
opening ``$`` nor precedes the closing one, and no digit follows the closing one (so
``$5M to $10M`` stays text); ``\\(...\\)`` inline; ``$$...$$`` and ``\\[...\\]`` displayed.
MathML is made at build time by latex2mathml (no JavaScript, no request to a CDN) with
the LaTeX kept as its text alternative, and cleaned by ``html_policy`` like any HTML from
outside. A formula latex2mathml cannot convert (or converts to something that is not
well-formed, or leaves a command unread) is shown as its LaTeX, escaped.
"""

from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from generator import html_policy


def _latex_to_text() -> Callable[[str], str]:
    """pylatexenc as ``latex_text`` sets it up, formulas read as text; imported when a
    formula first needs it (``check`` rarely does)."""
    from generator.latex_text import reader  # latex_text reads formulas with this module

    return reader("text")


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
def mathml(latex: str, display: bool = False) -> str | None:
    """Clean MathML for ``latex`` with the LaTeX as its annotation, or None when it does not
    convert."""
    from latex2mathml.converter import convert  # imported when a formula needs it

    try:
        made = convert(latex, display="block" if display else "inline")
        root = ET.fromstring(made)  # latex2mathml can emit text with a raw "<"
    except Exception:  # latex2mathml raises many kinds of errors on bad input
        return None
    for element in root.iter():
        if (element.text or "").startswith("\\"):  # a command it did not know, kept as text
            return None
    inner = made[made.index(">") + 1: made.rindex("</math>")]
    annotation = html.escape(latex, quote=False)
    mode = "block" if display else "inline"
    return html_policy.clean(
        f'<math xmlns="http://www.w3.org/1998/Math/MathML" display="{mode}">'
        f"<semantics>{inner}<annotation encoding=\"application/x-tex\" data-search-exclude>"
        f"{annotation}"
        "</annotation></semantics></math>")


def failed(text: str) -> list[str]:
    """The formulas in ``text`` that do not convert (for ``check``'s notices)."""
    return [f.latex for f in formulas(text) if mathml(f.latex, f.display) is None]


def _unescape(text: str) -> str:
    """``\\$`` outside a formula is a dollar sign."""
    return text.replace("\\$", "$")


def to_html(text: str, plain: Callable[[str], str]) -> str:
    """``text`` as HTML: its formulas as MathML (or their LaTeX, escaped), the rest through
    ``plain`` (escaping, links)."""
    if "$" not in text and "\\" not in text:
        return plain(text)
    out: list[str] = []
    last = 0
    for formula in formulas(text):
        out.append(plain(_unescape(text[last:formula.start])))
        made = mathml(formula.latex, formula.display)
        out.append(made if made is not None
                   else f'<code class="rl-tex">{html.escape(text[formula.start:formula.end])}'
                        "</code>")
        last = formula.end
    out.append(plain(_unescape(text[last:])))
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def formula_text(latex: str) -> str:
    """A formula's LaTeX as plain text (``\\omega`` -> ``ω``)."""
    try:
        return " ".join(_latex_to_text()(latex).split())
    except Exception:  # pylatexenc reads nearly anything; keep the LaTeX if not
        return latex


def to_text(text: str) -> str:
    """``text`` with each formula as plain text (``$\\omega$Test`` -> ``ωTest``), for
    ``<title>``, feed titles, search and citations."""
    if "$" not in text and "\\" not in text:
        return text
    out: list[str] = []
    last = 0
    for formula in formulas(text):
        out.append(_unescape(text[last:formula.start]))
        # as the page shows it: a formula that does not convert stays as written
        out.append(formula_text(formula.latex) if mathml(formula.latex, formula.display)
                   is not None else text[formula.start:formula.end])
        last = formula.end
    out.append(_unescape(text[last:]))
    return "".join(out)
