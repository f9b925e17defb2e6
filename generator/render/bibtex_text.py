"""Render: the BibTeX encoder: text written so that BibTeX, and LaTeX after it, read it back.

BibTeX has no escape character. It counts every ``{`` and ``}`` in a value, ``\\{`` and
``\\}`` included, and a ``}`` that closes the value early ends the entry there: what
follows would be read as more fields or another ``@entry``. So braces are written to
balance by that count: a pair of braces in the text as ``\\{`` ... ``\\}`` (balanced
for BibTeX, two brace characters for LaTeX), a lone one as ``{\\textbraceleft}`` or
``{\\textbraceright}``.

LaTeX's special characters (``\\ % & # $ _ ^ ~``) are written as text; non-ASCII letters
as LaTeX accents, each braced (``Schr{\\"o}dinger``) so BibTeX's ``purify$`` and sorting
see one letter (pylatexenc's ``latexencode``, kept only where its LaTeX reads back as the
same character; a character without one stays as it is, in UTF-8); runs that LaTeX would
join into a ligature (``--``, ``` `` ```, ``''``, ``?```) are kept apart with ``{}``. A
formula (``$...$``, ``\\(...\\)``) stays as written when it is ASCII, its braces
balance by BibTeX's count and it holds nothing LaTeX reads as a comment or an alignment
(``% # &``); otherwise it is written as text like the rest.

Every value is braced; keys are reduced to the characters BibTeX keys may hold.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Sequence

from generator.load.formulas import formulas

#: ASCII characters LaTeX (or BibTeX) would read as markup, written as text.
_SPECIAL = {
    "\\": r"{\textbackslash}", "%": r"\%", "&": r"\&", "#": r"\#", "$": r"\$", "_": r"\_",
    "^": r"{\textasciicircum}", "~": r"{\textasciitilde}",
}
_LONE_BRACE = {"{": r"{\textbraceleft}", "}": r"{\textbraceright}"}
_PAIRED_BRACE = {"{": r"\{", "}": r"\}"}
#: Two characters LaTeX's fonts join into another (``--`` an en dash, ``?``` ¿).
_LIGATURES = frozenset({"--", "``", "''", "?`", "!`", ",,", "<<", ">>"})
#: What a formula kept as LaTeX may not hold: a comment, a parameter, an alignment tab,
#: another formula's delimiters.
_NOT_IN_FORMULA = re.compile(r"[%#&$]|\\[()\[\]]")
#: Whether an ASCII text needs any of the above (most titles and names do not).
_MARKUP = re.compile(r"[\\%&#$_^~{}]|--|``|''|\?`|!`|,,|<<|>>")
#: Characters a BibTeX key may hold (it ends at a comma, a brace or a space).
_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9_.:+/-]")
#: A URL holds none of these raw (URLs are checked, so this is a second line).
_URL_TABLE = str.maketrans({"{": "%7B", "}": "%7D", " ": "%20", "\\": "%5C", "%": "%25"})


def balanced(latex: str, tex: bool = False) -> bool:
    """Whether ``latex``'s braces balance as BibTeX counts them (every brace, ``\\{`` too)
    or, with ``tex``, its groups as TeX reads them (``\\{`` is a brace, not a group)."""
    depth = 0
    escaped = False
    for char in latex:
        if escaped:
            escaped = False
        elif char == "\\" and tex:
            escaped = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


@functools.cache
def _decoder() -> object:
    """pylatexenc's LaTeX to text, told what LaTeX prints for the text commands this
    module writes that pylatexenc 2 lacks or reads as another character (LaTeX's
    ``\\textasciicircum`` is ``^``, not ``ˆ``): a letter is only written as LaTeX that
    reads back as itself."""
    from pylatexenc.latex2text import (
        LatexNodes2Text,
        MacroTextSpec,
        get_default_latex_context_db,
    )

    # a letter whose LaTeX pylatexenc misreads is kept as it is: its warning is noise
    logging.getLogger("pylatexenc.latex2text").setLevel(logging.ERROR)
    context = get_default_latex_context_db()
    context.add_context_category("bibtex-text", prepend=True, macros=[
        MacroTextSpec("textbraceleft", "{"), MacroTextSpec("textbraceright", "}"),
        MacroTextSpec("textasciicircum", "^")], environments=[], specials=[])
    return LatexNodes2Text(math_mode="verbatim", latex_context=context)


@functools.cache
def _encoder() -> object:
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    return UnicodeToLatexEncoder(non_ascii_only=True, replacement_latex_protection="braces-all",
                                 unknown_char_policy="keep", unknown_char_warning=False)


@functools.lru_cache(maxsize=8192)
def _letter(char: str) -> str:
    """A non-ASCII character as braced LaTeX when that reads back as itself, else as is."""
    latex: str = _encoder().unicode_to_latex(char)  # type: ignore[attr-defined]
    if latex == char or not latex.startswith("{") or not balanced(latex) or "%" in latex:
        return char
    try:
        back: str = _decoder().latex_to_text(latex)  # type: ignore[attr-defined]
    except Exception:  # pylatexenc reads nearly anything; keep the character if not
        return char
    return latex if back == char else char


def _kept(formula: str) -> bool:
    inner = formula[1:-1] if formula.startswith("$") else formula[2:-2]
    return (formula.isascii() and balanced(formula) and balanced(inner, tex=True)
            and not _NOT_IN_FORMULA.search(inner) and not inner.endswith("\\"))


def _pieces(text: str) -> list[tuple[bool, str]]:
    """``text`` cut into formulas kept as LaTeX (True) and text (False)."""
    pieces: list[tuple[bool, str]] = []
    last = 0
    for formula in formulas(text):
        written = text[formula.start:formula.end]
        if formula.display or not _kept(written):
            continue  # written as text with what is around it
        pieces.append((False, text[last:formula.start]))
        pieces.append((True, written))
        last = formula.end
    pieces.append((False, text[last:]))
    return [piece for piece in pieces if piece[1]]


def _paired(pieces: Sequence[tuple[bool, str]]) -> set[tuple[int, int]]:
    """The braces of the text (not the formulas) that pair up, by piece and position."""
    opened: list[tuple[int, int]] = []
    pairs: set[tuple[int, int]] = set()
    for number, (formula, piece) in enumerate(pieces):
        if formula:
            continue
        for at, char in enumerate(piece):
            if char == "{":
                opened.append((number, at))
            elif char == "}" and opened:
                pairs.add(opened.pop())
                pairs.add((number, at))
    return pairs


def text(value: str) -> str:
    """``value`` (plain text, formulas as ``$...$``) as the content of a braced field,
    on one line: whitespace runs become one space."""
    value = " ".join(value.split())
    if value.isascii() and not _MARKUP.search(value):
        return value
    pieces = _pieces(value)
    pairs = _paired(pieces)
    out: list[str] = []
    previous = ""
    for number, (formula, piece) in enumerate(pieces):
        if formula:
            out.append(piece)
            previous = ""
            continue
        for at, char in enumerate(piece):
            if char in _SPECIAL:
                written = _SPECIAL[char]
            elif char in _LONE_BRACE:
                written = (_PAIRED_BRACE if (number, at) in pairs else _LONE_BRACE)[char]
            elif not char.isascii():
                written = _letter(char)
            else:
                written = char
            if previous + written in _LIGATURES:
                out.append("{}")
            out.append(written)
            previous = written if len(written) == 1 else ""
    return "".join(out)


#: A ``~`` BibTeX reads as a tie between parts of a name: not an accent's (``{\~n}``).
_TIE = re.compile(r"(?<!\\)~")


def names(people: Iterable[str], et_al: bool = False) -> str:
    """An ``author`` value: names joined by ``and``; a name BibTeX would split (a comma,
    an "and" of its own, a ``~`` kept in a formula, which BibTeX reads as a space between
    parts of a name) or read as "et al." (``others``) is braced whole."""
    written: list[str] = []
    for name in people:
        one = " ".join(name.split())
        if not one:
            continue
        encoded = text(one)
        words = one.lower().split(" ")
        if ("," in one or "and" in words or one.lower() == "others"
                or _TIE.search(encoded)):
            encoded = "{" + encoded + "}"
        written.append(encoded)
    return " and ".join(written + (["others"] if et_al else []))


def key(value: str) -> str:
    """A citation key: paper ids already are; anything a key cannot hold becomes ``-``."""
    return _KEY_UNSAFE.sub("-", value) or "-"


def url(value: str) -> str:
    return value.translate(_URL_TABLE)


def entry(kind: str, citation_key: str, fields: Sequence[tuple[str, str]],
          macros: frozenset[str] = frozenset()) -> str:
    """``@kind{key, name = {value}, ...}``: each value braced, except a field named in
    ``macros`` (``month = mar``), whose value is one of BibTeX's own macro names."""
    body = ",\n".join(f"  {name} = {value if name in macros else '{' + value + '}'}"
                      for name, value in fields)
    return f"@{kind}{{{key(citation_key)},\n{body}\n}}\n"
