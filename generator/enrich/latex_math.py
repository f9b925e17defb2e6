"""Enrich: LaTeX math as MathML for pages, and as plain text where markup cannot go.

Formulas are found by the site's one rule (``formulas``). MathML is made at build time by
latex2mathml (no JavaScript, no request to a CDN) with the LaTeX kept as its text
alternative, and cleaned by ``html_policy`` like any HTML from outside. A formula
latex2mathml cannot convert (or converts to something that is not well-formed, or leaves
a command unread: ``formulas.converted``) is shown as its LaTeX, escaped.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable

from generator.enrich import html_policy
from generator.load.formulas import converted, formulas
from generator.load.latex_text import latex_to_text, reader


@functools.lru_cache(maxsize=4096)
def mathml(latex: str, display: bool = False) -> str | None:
    """Clean MathML for ``latex`` with the LaTeX as its annotation, or None when it does not
    convert."""
    made = converted(latex, display)
    if made is None:
        return None
    inner = made[made.index(">") + 1: made.rindex("</math>")]
    annotation = html.escape(latex, quote=False)
    mode = "block" if display else "inline"
    return html_policy.clean(
        f'<math xmlns="http://www.w3.org/1998/Math/MathML" display="{mode}">'
        f"<semantics>{inner}<annotation encoding=\"application/x-tex\" data-search-exclude>"
        f"{annotation}"
        "</annotation></semantics></math>")


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
        return " ".join(reader("text")(latex).split())
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


def plain_text(text: str) -> str:
    """``text`` all as plain text, formulas too (``$\\omega$`` -> ω): for comparing titles
    and for searching by them, where markup means nothing."""
    return to_text(latex_to_text(text))
