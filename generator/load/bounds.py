"""Load: how big and deep a curator's input may be, so no input costs more than its size.

Python-Markdown, latex2mathml and pylatexenc recurse into nested input, and Python-Markdown
reads some of its input again from each mark it meets: a note of 600 list markers on one
line reached Python's recursion limit, and 100 KB of ``[`` took 55 s to render. Each limit
here is far above what a real paper or note needs, and low enough that the worst input
under it renders quickly (``benchmarks/hostile_markdown.py`` builds each hostile family
at the limits). ``check`` and the build apply the same limits (``entries``, ``notes``,
``loader``), so a note ``check`` accepts always builds.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from generator.load.formulas import formulas

#: One nesting limit for everything a curator writes: lists, quotes and brackets in
#: Markdown, groups in a formula, YAML collections, folders under content/. Real input
#: nests a few levels; Python's recursion limit is 1,000 frames.
MAX_NESTING = 16

TITLE_MAX = 1_000
"""Characters in a title (the longest real titles have about 300)."""
ABSTRACT_MAX = 20_000
"""Characters in an abstract (arXiv allows 1,920; long journal abstracts reach 6,000)."""
NAME_MAX = 500
"""Characters in an author's name, an organisation, a note's heading."""
AUTHORS_MAX = 20_000
"""Names in an author list (the longest real one, COVIDSurg 2021, has about 15,000)."""
TAG_MAX = 60
"""Characters in a tag: it is a folder of the site."""
LIST_MAX = 100
"""Tags, aliases or ``see_also`` ids of one paper."""
URL_MAX = 8_192
"""Characters in a link (browsers and servers refuse longer ones)."""
NOTE_MAX = 32_000
"""Characters in a note, a long note or the intro (about 5,000 words)."""
#: What one HTML tag costs Python-Markdown and the sanitizer, in characters reread: a note
#: of 6,400 ``<b>`` took 1.2 s, though each is closed on its line.
TAG_WORK = 500
MARKDOWN_WORK_MAX = 1_500_000
"""Characters Python-Markdown may read again in one note (see ``markdown_problem``); real
notes need a few hundred thousand at most (a 31 KB list of 340 links: 0.9 million)."""


@dataclass(frozen=True, slots=True)
class Excess:
    """Where a text goes past a limit (1-based line within the text) and how."""

    line: int
    message: str


def nesting_message(depth: int, what: str) -> str:
    """``what`` nested ``depth`` levels deep, and the limit: every depth refused says this."""
    return f"{what} nested {depth} levels deep; the limit is {MAX_NESTING} levels"


#: ``\left``/``\begin`` open a group as ``{`` does; ``\right``/``\end`` close it.
_TEX_TOKEN = re.compile(r"\\(?:left|begin)\b|\\(?:right|end)\b|\\[A-Za-z]+|\\.|[{}]|\s+|.",
                        re.S)


def formula_nesting(latex: str) -> int:
    """How deep a formula's groups go: ``{``, ``\\left``, ``\\begin``, and commands in a
    row (``\\sqrt\\sqrt x`` nests without braces). An overestimate, as a limit must be:
    latex2mathml and pylatexenc spend up to eight frames a level."""
    depth = deepest = run = 0
    for token in _TEX_TOKEN.findall(latex):
        if token in ("{", "\\left", "\\begin"):
            depth += 1
            run = 0
        elif token in ("}", "\\right", "\\end"):
            depth = max(depth - 1, 0)
            run = 0
        elif token.startswith("\\") and token[1:2].isalpha():
            run += 1
        elif not token.isspace():
            run = 0
        deepest = max(deepest, depth + run)
    return deepest


def formula_too_deep(latex: str) -> bool:
    return formula_nesting(latex) > MAX_NESTING


_LIST_MARKER = re.compile(r"(?:[-*+]|[0-9]{1,9}[.)])(?=[ \t]|$)")
_TAG_START = re.compile(r"<[A-Za-z/!?]")
#: Lines that split a paragraph where they stand, so the rest of it is read again: a
#: heading, an admonition, an abbreviation or a link definition, a rule or a setext
#: underline (``---``, ``* * *``, ``===``).
_SPLITS = re.compile(r"[ \t]*(?:#|!!!|\*\[|\[[^\]]*\]:|[-=_*][-=_* \t]*$)")


def _containers(line: str) -> tuple[int, int]:
    """How many containers a line opens (``>``, list markers, each four columns of
    indentation) and where its own text starts."""
    depth = i = 0
    n = len(line)
    while True:
        column = 0
        while i < n and line[i] in " \t":
            column += 4 - column % 4 if line[i] == "\t" else 1
            i += 1
        depth += column // 4
        if i < n and line[i] == ">":
            depth += 1
            i += 1
            continue
        marker = _LIST_MARKER.match(line, i)
        if marker is None:
            return depth, i
        depth += 1
        i = marker.end()


@dataclass(slots=True)
class _Work:
    """Characters Python-Markdown reads again, and where most of them came from."""

    total: int = 0
    worst: int = 0
    worst_line: int = 1

    def add(self, amount: int, line: int) -> None:
        self.total += amount
        if amount > self.worst:
            self.worst, self.worst_line = amount, line


def _paragraph(lines: list[str], first: int, work: _Work) -> Excess | None:
    """One run of lines without a blank line (Python-Markdown's inline text never spans
    one): its bracket depth, and the characters its links and block marks read again."""
    text = "\n".join(lines)
    length = len(text)
    breaks = [i for i, char in enumerate(text) if char == "\n"]

    def line_of(at: int) -> int:
        return first + bisect.bisect_right(breaks, at)

    marks = definitions = 0
    for number, line in enumerate(lines, first):
        depth, start = _containers(line)
        if line.startswith((": ", ":\t"), start):
            definitions += 1  # each definition holds the rest of its paragraph
        if depth + definitions > MAX_NESTING:
            return Excess(number, "has " + nesting_message(
                depth + definitions, "lists, quotes, definitions or indentation"))
        if _SPLITS.match(line) or _SPLITS.match(line, start):
            marks += 1
    # a heading, rule or definition in a paragraph splits it: the rest is read again
    work.add(marks * length, first)
    brackets: list[int] = []
    parens: list[int] = []
    links: list[int] = []  # where a "(" follows a "]" that closed a "["
    closes: dict[int, int] = {}
    quotes = [0]
    i = 0
    while i < length:
        char = text[i]
        if char == "\\":  # an escaped character is text to every pattern
            i += 2
            quotes.extend((quotes[-1], quotes[-1]))
            continue
        if char == "[":
            brackets.append(i)
            if len(brackets) > MAX_NESTING:
                return Excess(line_of(i), "has " + nesting_message(len(brackets), "brackets '['"))
        elif char == "]" and brackets:
            brackets.pop()
            if text.startswith("(", i + 1):
                links.append(i + 1)
        elif char == "(":
            parens.append(i)
        elif char == ")" and parens:
            closes[parens.pop()] = i
        quotes.append(quotes[-1] + (char in "\"'"))
        i += 1
    for start in links:
        # a link's address is read to its ")", or to the paragraph's end when the ")" is
        # missing or a quote (a title) comes first
        end = closes.get(start, length)
        if quotes[min(end, len(quotes) - 1)] != quotes[start]:
            end = length
        work.add(end - start, line_of(start))
    return None


def _html_tags(text: str, work: _Work) -> None:
    """Raw HTML is parsed over the whole note: a tag not closed on its line is read on
    to the note's end, from each such tag; and every tag costs ``TAG_WORK``."""
    breaks = [i for i, char in enumerate(text) if char == "\n"]
    for match in _TAG_START.finditer(text):
        start = match.start()
        line = bisect.bisect_right(breaks, start)
        line_end = breaks[line] if line < len(breaks) else len(text)
        close = text.find(">", start, line_end)
        span = text[start:close] if close >= 0 else ""
        if close < 0 or span.count('"') % 2 or span.count("'") % 2:
            work.add(TAG_WORK + len(text) - start, line + 1)
        else:
            work.add(TAG_WORK + close - start, line + 1)


def markdown_problem(text: str) -> Excess | None:
    """Why ``text`` (Markdown) is refused: too long, nested too deep, or so intricate that
    Python-Markdown would read it again and again; else None. Linear in the text."""
    if len(text) > NOTE_MAX:
        return Excess(1, f"is {len(text):,} characters long; the limit is {NOTE_MAX:,} "
                         "characters")
    lines = text.split("\n")
    work = _Work()
    run: list[str] = []
    for number, line in enumerate([*lines, ""], 1):
        if line.strip():
            run.append(line)
            continue
        if run:
            excess = _paragraph(run, number - len(run), work)
            if excess is not None:
                return excess
            run = []
    if "$" in text or "\\" in text:  # formulas become MathML: latex2mathml recurses
        for formula in formulas(text):
            depth = formula_nesting(formula.latex)
            if depth > MAX_NESTING:
                at = text.count("\n", 0, formula.start) + 1
                return Excess(at, "a formula has " + nesting_message(
                    depth, "groups ('{', \\left, \\begin or commands in a row)"))
    _html_tags(text, work)
    if work.total > MARKDOWN_WORK_MAX:
        return Excess(work.worst_line, (
            f"is too intricate to render quickly: Python-Markdown would reread "
            f"{work.total:,} characters of it (the limit is {MARKDOWN_WORK_MAX:,}), most "
            "from the paragraph at this line: close the brackets, parentheses, quotes and "
            "HTML tags left open, or split long paragraphs with blank lines"))
    return None
