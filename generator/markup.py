"""Curator Markdown (notes, long notes, the intro) to clean HTML.

Rendered once, here, by Python-Markdown (the engine MkDocs uses) and then cleaned by
``html_policy``; pages, feeds and the search index all carry this one HTML, so they
cannot disagree. Links to the site's own pages are written the way MkDocs reads them
(``other-paper.md``, ``../tags/x/index.md#top``: relative to the page's source) and
resolved here to the built page's URL, since MkDocs does not rewrite finished HTML.
"""

from __future__ import annotations

import bisect
import html
import itertools
import posixpath
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlunsplit

import markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from generator import html_policy, latex_math, urls, weburl
from generator.tokenizer import STOP_WORDS

#: Python-Markdown extensions for curator text: what a note needs (code blocks, tables,
#: admonitions, definition lists, abbreviations), nothing that runs code or sets
#: attributes (attr_list) that the sanitizer would only strip again.
EXTENSIONS = ("fenced_code", "tables", "sane_lists", "admonition", "def_list", "abbr")


class _SiteLinks(Treeprocessor):
    """Relative links and images, resolved from the page's source to built URLs; each
    link as written is kept in ``written`` (``Markup.links``)."""

    def __init__(self, md: markdown.Markdown, links: urls.Links) -> None:
        super().__init__(md)
        self.site_links = links
        self.here = urls.HOME
        self.written: list[str] = []

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value:
                    self.written.append(value)
                    element.set(attribute, site_url(self.here, value, self.site_links))


def site_target(here: str, url: str) -> str | None:
    """The site path a link written on page ``here`` (a source URI) names, as MkDocs reads
    it: a path with a file extension, relative to the page's source (``x.md`` a page, an
    image under ``content/`` a file); None for any other link (one that leaves the site,
    names only a fragment, a folder, or climbs above the site's root, or cannot be read)."""
    parts = weburl.split(url)
    if (parts is None or parts.scheme or parts.netloc or not parts.path
            or parts.path.startswith("/") or not posixpath.splitext(parts.path.rstrip("/"))[1]
            or parts.path.endswith("/")):
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(here), parts.path))
    return None if target == ".." or target.startswith("../") else target


def site_url(here: str, url: str, links: urls.Links | None = None) -> str:
    """A link written on page ``here`` (a source URI), as a URL relative to the built page:
    a path of the site (``site_target``) as the built page's or file's URL; other links
    (which ``html_policy`` drops if they cannot be read as URLs) as written."""
    target = site_target(here, url)
    if target is None:
        return url
    parts = weburl.split(url)
    assert parts is not None  # site_target read it
    resolved = (links or urls.Links()).href(here, target)
    return urlunsplit(("", "", resolved, parts.query, parts.fragment))


class _Formulas(InlineProcessor):
    """Formulas in a note (``$x^2$``, ``\\(...\\)``, ``$$...$$``, ``\\[...\\]``) as MathML,
    by the rule titles and abstracts follow (``latex_math.formulas``: a ``$`` opens before
    a non-space and closes after one, not before a digit, so "$5 and $10" is text), before
    Markdown reads ``_`` or ``*`` in them as emphasis; code spans come first (a higher
    priority) and keep their text. A formula is at most ``LONGEST`` characters: each mark
    is looked at once within that reach, so a note of thousands of ``$`` stays quick."""

    LONGEST = 2_000

    def __init__(self, md: markdown.Markdown) -> None:
        reach = f"{{1,{self.LONGEST}}}?"
        # a formula's text never holds its own opening mark: each mark's search stops at
        # the next one, so the marks of a hostile note are each read about once
        super().__init__(
            rf"(?s)(?<!\\)(?:\$\$(?P<display>(?:(?!\$\$).){reach})\$\$"
            rf"|\\\[(?P<bracket>(?:(?!\\\[).){reach})\\\]"
            rf"|\\\((?P<paren>(?:(?!\\\().){reach})\\\)"
            rf"|\$(?=\S)(?P<inline>[^$]{reach})(?<![\s\\])\$(?!\d))", md)

    def handleMatch(self, m: re.Match[str], data: str  # type: ignore[override]
                    ) -> tuple[str | None, int | None, int | None]:
        latex = m.group("inline")
        display = latex is None
        if display:
            latex = (m.group("display") or m.group("bracket") or m.group("paren") or "").strip()
            display = m.group("paren") is None
        made = latex_math.mathml(latex, display) if latex else None
        if made is None:
            return None, None, None  # shown as written
        return self.md.htmlStash.store(made), m.start(0), m.end(0)


class Markup:
    """One Markdown engine, reset for every text (building it costs more than a note)."""

    def __init__(self, links: urls.Links | None = None) -> None:
        self.md = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")
        # above backslash escapes (180) and emphasis, below code spans (190)
        self.md.inlinePatterns.register(_Formulas(self.md), "reading-list-formulas", 185)
        self.links = _SiteLinks(self.md, links or urls.Links())
        # after the inline patterns (priority 20) have made the links
        self.md.treeprocessors.register(self.links, "reading-list-site-links", 5)

    def html(self, text: str, here: str) -> str:
        """``text`` (Markdown) as clean HTML, its links relative to page ``here``."""
        return html_policy.clean(self._convert(text, here))

    def written_links(self, text: str) -> list[str]:
        """The links of ``text`` (Markdown) as written, in order: as Python-Markdown reads
        them (reference links, autolinks), not code or text that looks like a link."""
        self._convert(text, urls.HOME)
        return self.links.written

    def _convert(self, text: str, here: str) -> str:
        self.md.reset()
        self.links.here = here
        self.links.written = []
        made: str = self.md.convert(text)
        return made


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
    spans = [(f.start, f.end) for f in latex_math.formulas(first)]
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
