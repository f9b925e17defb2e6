"""Enrich: curator Markdown (notes, long notes, the intro) to clean HTML, and the text of
abstracts and titles as HTML.

Rendered once, here, by the site's Markdown engine (``markdown_engine``) and then cleaned
by ``html_policy``; pages, feeds and the search index all carry this one HTML, so they
cannot disagree.
"""

from __future__ import annotations

import bisect
import html
import itertools
import re

from generator.common import urls, weburl
from generator.enrich import html_policy, latex_math
from generator.enrich.tokenizer import STOP_WORDS
from generator.load.formulas import formulas
from generator.load.markdown_engine import MarkdownEngine


class Markup(MarkdownEngine):
    """The engine with formulas as clean MathML: curator Markdown as a page shows it."""

    def __init__(self, links: urls.Links | None = None) -> None:
        super().__init__(latex_math.mathml, links)

    def html(self, text: str, here: str) -> str:
        """``text`` (Markdown) as clean HTML, its links relative to page ``here``."""
        return html_policy.clean(self._convert(text, here))


#: A bare URL in plain text; trailing punctuation is trimmed by ``_trim``.
_BARE_URL = re.compile(r"https?://[^\s<>\"'`]+")
_TRAILING = ".,;:!?*'\""


_OPENING = {")": "(", "]": "[", "}": "{"}


def _trim(url: str) -> str:
    """A URL without the sentence's punctuation after it; a closing bracket stays when
    the URL opened it (``.../Causal_(statistics)``). Brackets are counted once, not at
    each character cut, so a URL ending in thousands of ``)`` costs linear time."""
    counts = {char: url.count(char) for char in "()[]{}"}
    end = len(url)
    while end:
        last = url[end - 1]
        if last in _TRAILING:
            end -= 1
        elif last in _OPENING and counts[_OPENING[last]] < counts[last]:
            counts[last] -= 1
            end -= 1
        else:
            break
    return url[:end]


def text_html(text: str) -> str:
    """Plain text (an abstract's paragraph) as clean HTML: escaped, bare URLs linked,
    formulas as MathML."""
    if "://" not in text and "$" not in text and "\\" not in text:
        return html.escape(text, quote=False)
    return html_policy.clean(latex_math.to_html(text, _linked))


def title_html(title: str) -> str:
    """A title as clean HTML: escaped, formulas as MathML."""
    if "$" not in title and "\\" not in title:
        return html.escape(title, quote=False)
    return html_policy.clean(latex_math.to_html(title, lambda part: html.escape(part, quote=False)))


def _linked(text: str) -> str:
    """Escaped text with its bare URLs as links (cleaned with the rest by the caller)."""
    if "://" not in text:
        return html.escape(text, quote=False)
    out: list[str] = []
    last = 0
    for match in _BARE_URL.finditer(text):
        url = _trim(match.group())
        parts = weburl.split(url)
        if parts is not None and parts.netloc:
            out.append(html.escape(text[last:match.start()], quote=False))
            out.append(f'<a href="{html.escape(url, quote=True)}">'
                       f"{html.escape(url, quote=False)}</a>")
            last = match.start() + len(url)
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


#: A possible end of a sentence: a full stop, question or exclamation mark (and the quotes
#: or brackets closing on it), then a space and what starts a sentence (a capital, a digit,
#: a bracket, a quote, a formula, or a list item's mark: ``b.``, ``ii)``).
_SENTENCE_END = re.compile(
    r"[.!?][\"'”’)\]]*(?=\s+(?:[A-Z0-9(\[\"'“‘$\\]|[a-z]{1,4}[.)]\s+[A-Z0-9(]))")
#: The word before a full stop (brackets and quotes opening it left out).
_WORD_BEFORE = re.compile(r"[(\[\"'“‘]*([^\s(\[\"'“‘]*)$")
#: Words a full stop follows without ending the sentence (lower case, without the stop).
ABBREVIATIONS = frozenset(
    "al cf vs viz fig figs eq eqs sec secs sect tab tabs ref refs vol pp approx resp dr mr mrs "
    "ms prof jr sr st inc ltd corp thm lem prop cor def alg appx ca nos".split())
#: The word after a full stop, if it is capitalised (or another initial).
_WORD_AFTER = re.compile(r"\s+([A-Z](?:[a-z]+\b|\.))")
#: A single letter and a full stop (``i.`` of ``i. i. d.``, ``M.`` of ``J. M. Robins``).
_LETTER_STOP = re.compile(r"\s+[A-Za-z]\.")
_LETTER_STOP_BEFORE = re.compile(r"(?:^|\s)[A-Za-z]\.\s+$")
#: ``e.g``, ``i.e``, ``U.S``, ``w.r.t``, ``Ph.D``: dotted abbreviations.
_DOTTED = re.compile(r"(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}")
#: What numbers an item of a list: ``1``, ``12``, ``a``, ``iv``.
_MARKER = re.compile(r"\d{1,2}|[A-Za-z]|[ivx]{1,4}")
TEASER_WORDS = 30
#: How far before a stop its word is looked for: longer words are no abbreviation.
_WINDOW = 40


def ends_sentence(text: str, stop: int) -> bool:
    """Whether the ``.``, ``!`` or ``?`` at ``stop`` (followed by a space and a capital, a
    digit or a bracket) ends a sentence: not after an abbreviation (``e.g.``, ``et al.``,
    ``Fig. 1``, ``vs.``, ``cf.``), an initial before a name (``J. Pearl``, where a variable
    ends a sentence before a common word: ``of X. We``), or a list item's number at the
    start of the text or after a colon (``1. We``, ``ways: a. By``). Decimals (3.5) have no
    space after their point, so they are never a candidate."""
    if text[stop] != ".":
        return True
    # a window, not the text before: each stop is then looked at in constant time
    found = _WORD_BEFORE.search(text, max(0, stop - _WINDOW), stop)
    word = found.group(1) if found else ""
    if word.lower() in ABBREVIATIONS or _DOTTED.fullmatch(word):
        return False
    start = stop - len(word)
    if len(word) == 1 and (_LETTER_STOP.match(text, stop + 1) or _LETTER_STOP_BEFORE.search(
            text, max(0, start - _WINDOW), start)):
        return False  # spaced letters: i. i. d., e. g., J. M. Robins
    if _MARKER.fullmatch(word):
        before = text[max(0, start - _WINDOW):start].rstrip(" (")
        if (before == "" and start <= _WINDOW) or before.endswith((":", ";")):
            return False
    if len(word) == 1 and word.isupper():  # an initial, if a name follows (not "X. We")
        following = _WORD_AFTER.match(text, stop + 1)
        return following is None or following.group(1).lower() in STOP_WORDS
    return True


def teaser(abstract: str) -> str:
    """What a paper is about, in a card: the abstract's first sentence (``ends_sentence``),
    or its first ``TEASER_WORDS`` words; never cut inside a formula."""
    first = abstract.split("\n\n", 1)[0]
    spans = [(f.start, f.end) for f in formulas(first)]
    starts = [start for start, _ in spans]

    def inside(at: int) -> bool:
        """In a formula: found by bisection (the spans are in order and apart), so an
        abstract of thousands of formulas is not a quadratic search."""
        index = bisect.bisect_left(starts, at) - 1
        return index >= 0 and at < spans[index][1]

    end = next((m.end() for m in _SENTENCE_END.finditer(first)
                if not inside(m.start()) and ends_sentence(first, m.start())), len(first))
    sentence = first[:end]
    words = list(itertools.islice(re.finditer(r"\S+", sentence), TEASER_WORDS + 1))
    if len(words) <= TEASER_WORDS:
        return sentence
    cut = next((w.end() for w in reversed(words[:TEASER_WORDS]) if not inside(w.end())),
               words[TEASER_WORDS - 1].end())
    return sentence[:cut].rstrip(",;:") + " …"
