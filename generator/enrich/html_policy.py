"""Enrich: the one HTML policy; every fragment made from outside text passes ``clean``.

Curator Markdown (notes, long notes, the intro) is rendered to HTML first and then
cleaned here, never made safe by patterns over its source: the Markdown parser always
knows one more spelling of a link or a tag. Plain text from outside (titles, abstracts)
is escaped, and where HTML is made from it (links, MathML) that HTML is cleaned here too.

``nh3`` (the Rust ``ammonia`` sanitizer) parses the fragment as a browser would and keeps
only the tags, attributes and URL schemes below. A small pass over its (canonical)
output then applies what an allowlist cannot say: outside links get ``rel``, an image
from outside the site becomes a link to it (the site makes no outside request), a link
or image whose URL cannot be read (``weburl``) keeps only its text, and for feeds,
which are read off the site, relative URLs become absolute.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nh3

from generator.common import weburl

#: What links to another site carries: no ranking credit for spam, no window handle,
#: no referrer.
OUTSIDE_REL = "nofollow noopener noreferrer"
#: Schemes a link may use; anything else (javascript:, data:, vbscript:, file:) is dropped.
URL_SCHEMES = frozenset({"http", "https", "mailto"})

#: MathML elements latex2mathml writes (Presentation MathML), for formulas in titles
#: and abstracts.
MATHML_TAGS = frozenset({
    "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace",
    "msub", "msup", "msubsup", "mfrac", "msqrt", "mroot", "mover", "munder", "munderover",
    "mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom", "menclose", "merror",
    "mmultiscripts", "mprescripts", "none",
})
_MATHML_ATTRIBUTES = frozenset({
    "display", "mathvariant", "stretchy", "fence", "separator", "lspace", "rspace", "form",
    "largeop", "movablelimits", "accent", "accentunder", "symmetric", "minsize", "maxsize",
    "displaystyle", "scriptlevel", "columnalign", "columnspacing", "columnlines", "rowalign",
    "rowspacing", "rowlines", "frame", "framespacing", "width", "height", "depth",
    "linethickness", "notation", "encoding",
})
#: MathML's geometry: what moves or resizes a box. Nothing from a note or an abstract may
#: draw outside its own box, so ``mpadded`` (latex2mathml's ``\smash``, ``\lower``,
#: ``\raise``, ``\moveleft``, ``\moveright``, ``\rlap``, ``\llap``) keeps none of its
#: sizes, ``voffset`` and ``mathsize`` are not allowed at all, and the sizes below are
#: kept only as non-negative lengths up to a bound (``\kern{-5em}``, ``\!`` and
#: ``scriptlevel="-9"`` are dropped); the stylesheet also clips every math box.
_SIZES: dict[str, float] = {  # attribute -> largest length kept, in em
    "width": 3.0, "height": 3.0, "depth": 3.0, "lspace": 1.0, "rspace": 1.0,
    "minsize": 3.0, "maxsize": 3.0, "columnspacing": 2.0, "rowspacing": 2.0,
    "framespacing": 2.0, "linethickness": 0.5,
}
_SIZED_BY_ELEMENT: dict[str, frozenset[str]] = {
    "mspace": frozenset({"width", "height", "depth"}),
    "mo": frozenset({"lspace", "rspace", "minsize", "maxsize"}),
    "mtable": frozenset({"columnspacing", "rowspacing", "framespacing"}),
    "mfrac": frozenset({"linethickness"}),
}
_EM_PER_UNIT = {"em": 1.0, "ex": 0.5, "px": 1 / 16, "pt": 1 / 10, "pc": 1.2, "mu": 1 / 18,
                "mm": 0.24, "cm": 2.4, "in": 6.0, "": 1.0}
_NAMED_SPACES = frozenset({
    "veryverythinmathspace", "verythinmathspace", "thinmathspace", "mediummathspace",
    "thickmathspace", "verythickmathspace", "veryverythickmathspace", "thin", "medium", "thick",
})
_LENGTH = re.compile(r"\+?(\d+(?:\.\d*)?|\.\d+)\s*([a-z]*)")
_SCRIPTLEVEL = re.compile(r"\+?[0-2]")

#: What Python-Markdown (with the extensions ``markup`` uses) writes, and the few tags
#: curators write by hand in notes.
TAGS = frozenset({
    "p", "br", "hr", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small",
    "sub", "sup", "code", "kbd", "samp", "var", "pre", "blockquote", "q", "cite", "abbr",
    "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "a", "img",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "details", "summary",
    "div", "span", "figure", "figcaption",
}) | MATHML_TAGS

ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "ol": {"start", "type"},
    "li": {"value"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "td": {"colspan", "rowspan", "style"},
    "details": {"open"},
    "q": {"cite"},
    **{tag: set(_MATHML_ATTRIBUTES) for tag in MATHML_TAGS},
}
ATTRIBUTES["math"] |= {"xmlns"}
#: The LaTeX of a formula is its text alternative, not text to search.
ATTRIBUTES["annotation"] |= {"data-search-exclude"}

#: Admonitions (``!!! note``) keep Material's look; no other class is kept.
CLASSES: dict[str, set[str]] = {
    "div": {"admonition", "note", "abstract", "info", "tip", "success", "question", "warning",
            "failure", "danger", "bug", "example", "quote"},
    "p": {"admonition-title"},
    "code": {"rl-tex"},  # a formula shown as its LaTeX (latex_math)
}

def _bounded(value: str, limit: float) -> bool:
    """Whether every length in ``value`` (one, or a list for table spacing) is a named
    space or a non-negative length of at most ``limit`` em."""
    for part in value.split():
        if part in _NAMED_SPACES:
            continue
        length = _LENGTH.fullmatch(part)
        if length is None or length.group(2) not in _EM_PER_UNIT:
            return False
        if float(length.group(1)) * _EM_PER_UNIT[length.group(2)] > limit:
            return False
    return bool(value.split())


def _geometry(element: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: MathML sizes kept only where ``_SIZES`` bounds them."""
    if attribute == "scriptlevel":
        return value if _SCRIPTLEVEL.fullmatch(value.strip()) else None
    limit = _SIZES.get(attribute)
    if limit is None or element not in MATHML_TAGS:
        return value
    if attribute not in _SIZED_BY_ELEMENT.get(element, frozenset()):
        return None
    return value if _bounded(value.strip(), limit) else None


_cleaner = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags={"script", "style"},
    attributes=ATTRIBUTES,
    url_schemes=set(URL_SCHEMES),
    link_rel=None,  # set below, on outside links only
    strip_comments=True,
    allowed_classes=CLASSES,
    filter_style_properties={"text-align"},  # Markdown tables align columns with style
    attribute_filter=_geometry,
)


def clean(fragment: str, base: str | None = None) -> str:
    """``fragment`` with only what the policy allows; relative URLs resolved against
    ``base`` when given (feeds)."""
    cleaned = _cleaner.clean(fragment)
    if "<a " in cleaned or "<img " in cleaned:
        cleaned = _rewrite(cleaned, base)
    return cleaned


def absolute(fragment: str, base: str) -> str:
    """A fragment already ``clean`` with its relative URLs resolved against ``base``."""
    if "<a " in fragment or "<img " in fragment:
        return _rewrite(fragment, base)
    return fragment


def link(url: str, text: str) -> str:
    """An ``<a>`` to ``url`` showing ``text`` (plain), by the policy (or the bare text when
    the URL's scheme is not allowed)."""
    return clean(f'<a href="{html.escape(url, quote=True)}">{html.escape(text, quote=False)}</a>')


def _attributes(attrs: list[tuple[str, str | None]]) -> str:
    return "".join(f' {name}="{html.escape(value or "", quote=True)}"' for name, value in attrs)


class _Rewriter(HTMLParser):
    """Re-emits clean HTML as it came, but for links and images (see the module's doc)."""

    def __init__(self, base: str | None) -> None:
        super().__init__(convert_charrefs=False)
        self.base = base
        self.out: list[str] = []

    def _url(self, url: str) -> str:
        return weburl.join(self.base, url) if self.base and not weburl.is_outside(url) else url

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href") is not None:
            href = values["href"] or ""
            if weburl.split(href) is None:  # not a URL: the link's text stays, as text
                del values["href"]
            else:
                values["href"] = self._url(href)
                if weburl.is_outside(href):
                    values["rel"] = OUTSIDE_REL
            self.out.append(f"<a{_attributes(list(values.items()))}>")
        elif tag == "img" and values.get("src"):
            src = values["src"] or ""
            if weburl.split(src) is None:
                self.out.append(html.escape(values.get("alt") or "", quote=False))
            elif weburl.is_outside(src):
                text = values.get("alt") or values.get("title") or "image"
                self.out.append(f'<a href="{html.escape(src, quote=True)}" rel="{OUTSIDE_REL}">'
                                f"{html.escape(text, quote=False)}</a>")
            else:
                values["src"] = self._url(src)
                self.out.append(f"<img{_attributes(list(values.items()))}>")
        else:
            self.out.append(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")


def _rewrite(fragment: str, base: str | None) -> str:
    rewriter = _Rewriter(base)
    rewriter.feed(fragment)
    rewriter.close()
    return "".join(rewriter.out)
