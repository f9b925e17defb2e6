"""Load: curator Markdown read as the site reads it, by one Python-Markdown engine.

The engine MkDocs uses, with the extensions a note needs, formulas kept whole (by the rule
titles follow) and links to the site's own pages: written the way MkDocs reads them
(``other-paper.md``, ``../tags/x/index.md#top``: relative to the page's source) and
resolved to the built page's URL, since MkDocs does not rewrite finished HTML. ``check``
reads a note's links with it (``note_links``); ``markup`` renders notes with it, so the
two agree on what a note links to.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from urllib.parse import urlunsplit

import markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from generator.common import urls, weburl

#: A formula's MathML (LaTeX, displayed?), or None to leave it as written.
MathML = Callable[[str, bool], str | None]

#: Python-Markdown extensions for curator text: what a note needs (code blocks, tables,
#: admonitions, definition lists, abbreviations), nothing that runs code or sets
#: attributes (attr_list) that the sanitizer would only strip again.
EXTENSIONS = ("fenced_code", "tables", "sane_lists", "admonition", "def_list", "abbr")


class _SiteLinks(Treeprocessor):
    """Relative links and images, resolved from the page's source to built URLs; each
    link as written is kept in ``written`` (``MarkdownEngine.links``)."""

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
    by the rule titles and abstracts follow (``formulas.formulas``: a ``$`` opens before
    a non-space and closes after one, not before a digit, so "$5 and $10" is text), before
    Markdown reads ``_`` or ``*`` in them as emphasis; code spans come first (a higher
    priority) and keep their text. A formula is at most ``LONGEST`` characters: each mark
    is looked at once within that reach, so a note of thousands of ``$`` stays quick."""

    LONGEST = 2_000

    def __init__(self, md: markdown.Markdown, mathml: MathML) -> None:
        self.mathml = mathml
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
        made = self.mathml(latex, display) if latex else None
        if made is None:
            return None, None, None  # shown as written
        return self.md.htmlStash.store(made), m.start(0), m.end(0)


class MarkdownEngine:
    """One Markdown engine, reset for every text (building it costs more than a note).
    ``mathml`` makes a formula's MathML, or None to leave the formula as written
    (``formulas.converted`` to read links, ``latex_math.mathml`` for pages)."""

    def __init__(self, mathml: MathML, links: urls.Links | None = None) -> None:
        self.md = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")
        # above backslash escapes (180) and emphasis, below code spans (190)
        self.md.inlinePatterns.register(_Formulas(self.md, mathml), "reading-list-formulas",
                                        185)
        self.links = _SiteLinks(self.md, links or urls.Links())
        # after the inline patterns (priority 20) have made the links
        self.md.treeprocessors.register(self.links, "reading-list-site-links", 5)

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
