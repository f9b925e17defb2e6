"""Enrich: the curator's note as a card shows it: plain text, cut near ``LIMIT`` characters.

A card is a glance, so the note's formatting (lists, tables, code, links) goes and its
words stay. It is read from the note's clean HTML (``listing.Prose.note``), never from
the curator's Markdown, so what the card says is what the paper's page says: a formula
is its text (``latex_math.formula_text``), an image its alternative text. The card's
template escapes the result.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from generator.enrich import latex_math

#: About how long a card's note may be; a longer note is cut at a sentence or word end.
LIMIT = 300
#: A sentence ending at least this far in is a good place to cut; before it, a word end.
SENTENCE_FROM = 120
#: Elements whose end separates words, as a browser lays them out apart.
_BLOCKS = frozenset({"p", "div", "br", "li", "dt", "dd", "tr", "td", "th", "h1", "h2", "h3",
                     "h4", "h5", "h6", "blockquote", "pre", "table", "figcaption", "caption",
                     "summary", "details", "ul", "ol", "dl", "hr", "figure"})
#: The end of a sentence: its mark (and a closing quote or bracket), then a space and a
#: capital (so "e.g. a" is not one).
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s+[A-Z(\"'“])")


class _Text(HTMLParser):
    """The words of a clean HTML fragment: formulas as text, blocks kept apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.math = 0
        self.latex: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "math":
            self.math += 1
        elif tag == "annotation" and self.math:
            self.latex = []
        elif tag == "img":
            self.parts.append(dict(attrs).get("alt") or "")
        elif tag == "li":
            self.parts.append(" • ")
        elif tag in _BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "annotation" and self.latex is not None:
            self.parts.append(latex_math.formula_text("".join(self.latex)))
            self.latex = None
        elif tag == "math" and self.math:
            self.math -= 1
        elif tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self.latex is not None:
            self.latex.append(data)
        elif not self.math:  # MathML's own text is its layout: the annotation says it
            self.parts.append(data)


def html_text(fragment: str) -> str:
    """The text of a clean HTML fragment, on one line."""
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parser.parts).split()).removeprefix("• ")


def shorten(text: str, limit: int = LIMIT) -> str:
    """``text`` if it is short enough, else cut at its last sentence end within ``limit``
    characters, or at its last word end with an ellipsis."""
    if len(text) <= limit:
        return text
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, limit + 40)
            if SENTENCE_FROM <= m.end() <= limit]
    if ends:
        return text[:ends[-1]]
    cut = text.rfind(" ", 0, limit + 1)
    words = text[:cut] if cut > 0 else text[:limit]
    return words.rstrip(" ,;:–—-•") + " …"


def card_note(note_html: str) -> str:
    """What a card shows of the curator's note (plain text, for the template to escape)."""
    return shorten(html_text(note_html))
