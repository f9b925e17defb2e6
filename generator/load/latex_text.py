"""Load: text-mode LaTeX as Unicode text: the one decoder for titles, names and abstracts.

``latex_to_text(text)`` is what an imported (or hand-written) field means to a reader:

- Formulas are kept exactly as written, so the site renders them: ``$...$``, ``$$...$$``,
  ``\\(...\\)`` and ``\\[...\\]`` found by the site's own rule (``formulas.formulas``),
  and display environments (``\\begin{equation*}...\\end{equation*}``, ``align``, ...).
  A dollar that opens no formula, ``\\$`` and an unclosed ``\\(`` stay as written too.
- Everything else is LaTeX read as text (pylatexenc): accents (``\\"o``, ``{\\"o}``,
  ``\\H{o}``), letters (``{\\l}``, ``\\ss``, ``\\o``), escapes (``\\&``, ``\\%``, ``\\{``,
  ``\\textbackslash``), ligatures (``--``, ``---``, quotes), ``~`` tying a word to the next
  (``D.~E.~Knuth``, ``Fig.~1``) and ``\\,`` as spaces (any other ``~`` is "about" and
  stays: ``~10x``, ``(~ 9 million)``),
  grouping braces dropped, ``\\emph{x}`` as ``x``; an unknown macro is dropped and its
  arguments kept (``\\myname{x}`` -> ``x``). ``\\href{url}{text}`` becomes ``text (url)``,
  ``\\url{url}`` the URL; URLs are kept as written. A bare ``%`` or ``&`` is the
  character (BibTeX and arXiv text use them so), not a comment or an alignment.
- Whitespace outside formulas is collapsed to single spaces; a blank line stays one
  paragraph break (``\\n\\n``). The result has no leading or trailing whitespace.

It never raises, and its time is linear in the text's length: braces or environments
nested past ``MAX_DEPTH`` are read without their grouping, and anything pylatexenc cannot
read falls back to a plainer reading. It decodes once: text that still reads as LaTeX
after decoding (a literal backslash from ``\\textbackslash``) changes if decoded again.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from generator.load.formulas import formulas

#: Nesting of braces and environments pylatexenc reads (it recurses on each level).
MAX_DEPTH = 40
#: Kept spans are stood in for by one private-use character each (plane 15).
_BASE = 0xF0000
_MAX_SPANS = 0xFFFE
_HOLDER = re.compile("[\U000F0000-\U000FFFFD]")
#: Display environments kept as written, like formulas.
_ENV_BEGIN = re.compile(r"\\begin\s*\{((?:equation|align|alignat|flalign|gather|multline|"
                        r"eqnarray|displaymath|math|dmath)\*?)\}")
#: What decides a segment's reading: escapes, specials, URLs, characters standing in.
_TOKEN = re.compile(
    r"\\(?:href|url)\s*\{[^{}]*\}|\\[()\[\]$]|\\(?:[A-Za-z]+|.)|[%&$]|https?://[^\s{}\\<>\"]+"
    r"|(?<![\w.,;:}])~|~(?!\S)|[\U000F0000-\U000FFFFD]", re.S)
_URL_ESCAPE = re.compile(r"\\([%#_&~$])")
#: What text-mode LaTeX needs to mean anything but itself.
_MARKS = ("\\", "{", "}", "~", "--", "``", "''")
_PARAGRAPH = re.compile(r"\n[^\S\n]*\n\s*")
_BRACE_OR_ENV = re.compile(r"\\.|[{}]|\\(?:begin|end)\b", re.S)


def latex_to_text(text: str) -> str:
    """``text`` with its text-mode LaTeX as Unicode and its formulas as written (see the
    module's docstring for the contract)."""
    if not is_latex(text):
        return _collapse(text)
    kept: list[str] = []
    try:
        prepared = _prepare(text, kept)
    except _TooMany:
        return _collapse(_plain(text))
    converted = _convert(prepared)
    out = _collapse(converted)
    return _HOLDER.sub(lambda m: kept[ord(m.group()) - _BASE], out)


def is_latex(text: str) -> bool:
    """Whether ``text`` holds anything ``latex_to_text`` reads as LaTeX (besides its
    whitespace): a few substring tests, faster than one regular expression."""
    return any(mark in text for mark in _MARKS)


class _TooMany(Exception):
    pass


def _hold(kept: list[str], span: str) -> str:
    if len(kept) >= _MAX_SPANS:
        raise _TooMany
    kept.append(span)
    return chr(_BASE + len(kept) - 1)


def _escaped(text: str, at: int) -> bool:
    """Whether the backslash at ``at`` ends a ``\\`` (an odd run of backslashes before
    it): then what follows is text, not a command (``\\begin`` is a line break)."""
    run = at
    while run > 0 and text[run - 1] == "\\":
        run -= 1
    return (at - run) % 2 == 1


def math_spans(text: str) -> list[tuple[int, int]]:
    """Where the formulas and display environments of ``text`` are, in order: the spans
    text-mode decoding (and paragraph splitting) must leave whole."""
    spans: list[tuple[int, int]] = []
    unclosed: set[str] = set()
    last = 0
    for begin in _ENV_BEGIN.finditer(text):
        if begin.start() < last or begin.group(1) in unclosed or _escaped(text, begin.start()):
            continue
        end = text.find(f"\\end{{{begin.group(1)}}}", begin.end())
        if end < 0:
            unclosed.add(begin.group(1))  # none later either: no second search
            continue
        spans.extend((last + f.start, last + f.end) for f in formulas(text[last:begin.start()]))
        last = end + len(begin.group(1)) + 6
        spans.append((begin.start(), last))
    spans.extend((last + f.start, last + f.end) for f in formulas(text[last:]))
    return spans


def _prepare(text: str, kept: list[str]) -> str:
    """``text`` for pylatexenc: formulas, URLs and specials it must not read stand in as
    single characters; a bare ``%`` and ``&`` escaped."""
    out: list[str] = []
    last = 0
    for start, end in math_spans(text):
        out.append(_segment(text[last:start], kept))
        out.append(_hold(kept, text[start:end]))
        last = end
    out.append(_segment(text[last:], kept))
    return "".join(out)


def _segment(text: str, kept: list[str]) -> str:
    def token(match: re.Match[str]) -> str:
        value = match.group()
        if value.startswith(("\\href", "\\url")):
            name, _, url = value.partition("{")
            address = _URL_ESCAPE.sub(r"\1", url[:-1]).strip()
            return f"{name}{{{_hold(kept, address)}}}"
        if value in ("%", "&"):
            return "\\" + value
        if value in ("$", "~") or value in ("\\(", "\\)", "\\[", "\\]", "\\$") \
                or value.startswith("http") or _HOLDER.fullmatch(value):
            return _hold(kept, value)
        return value

    return _TOKEN.sub(token, text)


def _depth(text: str) -> int:
    depth = deepest = 0
    for match in _BRACE_OR_ENV.finditer(text):
        mark = match.group()
        if mark in ("{", "\\begin"):
            depth += 1
            deepest = max(deepest, depth)
        elif mark in ("}", "\\end"):
            depth = max(depth - 1, 0)
    return deepest


_FLATTEN = re.compile(r"\\(?:begin|end)\s*\{[^{}]*\}|(?<!\\)[{}]")


def _convert(prepared: str) -> str:
    """pylatexenc's reading; past ``MAX_DEPTH`` or on its failure, the same without
    grouping; past that, the plain reading."""
    if _depth(prepared) <= MAX_DEPTH:
        try:
            return _reader()(prepared)
        except Exception:  # pylatexenc on hostile input (a RecursionError): read it flat
            pass
    flat = _FLATTEN.sub(" ", prepared)
    try:
        return _reader()(flat)
    except Exception:  # anything else it cannot read: the plain reading
        return _plain(flat)


_PLAIN_ESCAPE = re.compile(r"\\([&%$#_{}~^ ])")
_PLAIN_MACRO = re.compile(r"\\[A-Za-z]+\s*|\\.|[{}]", re.S)


def _plain(text: str) -> str:
    """The last resort: escaped characters kept, macros and braces dropped."""
    text = _PLAIN_ESCAPE.sub(lambda m: "\x00" + m.group(1), text)
    text = _PLAIN_MACRO.sub("", text)
    return text.replace("\x00", "").replace("~", " ")


def _collapse(text: str) -> str:
    """Runs of whitespace as one space; a blank line as one paragraph break."""
    paragraphs = (" ".join(part.split()) for part in _PARAGRAPH.split(text))
    return "\n\n".join(p for p in paragraphs if p)


def _reader() -> Callable[[str], str]:
    return reader("verbatim")


@functools.cache
def reader(math_mode: str = "verbatim") -> Callable[[str], str]:
    """pylatexenc as the project reads LaTeX, set up once per math mode (``verbatim``
    here, ``text`` for a formula's plain text in ``latex_math``): the text of macros it
    would drop that a title means (``\\mbox``, ``\\LaTeX``, ``\\S``), ``\\href`` and
    ``\\url``. An unknown macro is dropped; a braced group after it is text, so kept."""
    from pylatexenc import latexwalker, macrospec
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    text_db = get_default_latex_context_db()
    text_db.add_context_category("reading-list", prepend=True, macros=[
        MacroTextSpec("mbox", "%s"), MacroTextSpec("hbox", "%s"), MacroTextSpec("text", "%s"),
        MacroTextSpec("LaTeX", "LaTeX"), MacroTextSpec("TeX", "TeX"),
        MacroTextSpec("LaTeXe", "LaTeX2e"), MacroTextSpec("BibTeX", "BibTeX"),
        MacroTextSpec("S", "§"), MacroTextSpec("P", "¶"), MacroTextSpec("copyright", "©"),
        MacroTextSpec("textunderscore", "_"), MacroTextSpec("textasciicircum", "^"),
        MacroTextSpec("-", ""), MacroTextSpec("url", "%s"),
        MacroTextSpec("href", "%(2)s (%(1)s)"),
    ])
    walker_db = latexwalker.get_default_latex_context_db()
    walker_db.add_context_category("reading-list", prepend=True, macros=[
        macrospec.std_macro("href", False, 2), macrospec.std_macro("url", False, 1),
        macrospec.std_macro("text", False, 1), macrospec.std_macro("hbox", False, 1),
    ])
    converter = LatexNodes2Text(latex_context=text_db, math_mode=math_mode,
                                keep_comments=False, strict_latex_spaces=False)

    def read(text: str) -> str:
        walker = latexwalker.LatexWalker(text, latex_context=walker_db, tolerant_parsing=True)
        result: str = converter.nodelist_to_text(walker.get_latex_nodes()[0])
        return result

    return read
