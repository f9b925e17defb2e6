"""Text-mode LaTeX as Unicode text, math kept as written: the one rule importers use.

``Schr\\"odinger`` -> Schrödinger, ``\\&`` -> &, while ``$O(n^2)$`` and ``\\(x\\)`` stay
for the site to render. A bare ``%`` is a percent sign here, not a comment: imported text
is a field's value, never a LaTeX source file.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from generator.latex_math import formulas

_BARE_PERCENT = re.compile(r"(?<!\\)%")


@functools.cache
def _converter() -> Callable[[str], str]:
    from pylatexenc.latex2text import LatexNodes2Text

    convert: Callable[[str], str] = LatexNodes2Text(math_mode="verbatim").latex_to_text
    return convert


def _text(part: str) -> str:
    if "\\" not in part and "{" not in part:
        return part
    return _converter()(_BARE_PERCENT.sub(r"\\%", part))


def latex_to_text(text: str) -> str:
    """``text`` with LaTeX outside math turned into the characters it stands for."""
    if "\\" not in text and "{" not in text:
        return text
    out: list[str] = []
    last = 0
    for formula in formulas(text):
        out.append(_text(text[last:formula.start]))
        out.append(text[formula.start:formula.end])
        last = formula.end
    out.append(_text(text[last:]))
    return "".join(out)
