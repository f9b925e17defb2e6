"""A walker over every file a build writes, looking for anything a browser or a feed
reader would run: event handlers, script URLs, scripts and frames we did not write,
and text that broke out of its context.

Hostile test inputs name the word ``pwned``: it may show as text, but never inside a
script, a handler or a URL a browser would run.
"""

from __future__ import annotations

import functools
import html
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

MARKER = "pwned"
#: Attributes holding a URL a browser may follow or load.
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data",
                            "poster", "background", "srcset", "cite", "longdesc", "ping"})
RUNNABLE_SCHEMES = ("javascript:", "vbscript:", "data:")
#: Elements no page of ours needs and that would load or run something.
FORBIDDEN = frozenset({"iframe", "frame", "object", "embed", "applet", "base", "form", "input",
                       "textarea", "button", "select", "portal", "foreignobject", "style"})
#: Material's own page furniture uses these, and our Explore page's filters; nothing
#: made from outside text ever does (the sanitizer drops them all).
MATERIAL_ELEMENTS = frozenset({"input", "button", "form", "style", "select"})
#: JSON whose strings are plain text, shown by the page's script with textContent (the
#: browser test of the hostile site checks that nothing in them runs), or escaped by the
#: search worker before Material shows them (tests/test_search.py checks it).
TEXT_JSON = frozenset({"explore.json"})
TEXT_JSON_FOLDERS = ("search/papers/",)
SCRIPT_TYPES_DATA = ("application/json", "application/ld+json")


def runnable_url(value: str) -> bool:
    """As the WHATWG URL parser reads it: C0 controls and spaces trimmed at both ends,
    tabs and line breaks removed anywhere, the scheme case-insensitive."""
    seen = re.sub(r"[\t\n\r]", "", html.unescape(value).strip("\x00\x01\x02\x03\x04\x05\x06"
                  "\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19"
                  "\x1a\x1b\x1c\x1d\x1e\x1f ")).lower()
    return seen.startswith(RUNNABLE_SCHEMES)


class _Walker(HTMLParser):
    def __init__(self, where: str, page: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.where = where
        self.page = page
        self.found: list[str] = []
        self.script: tuple[str, dict[str, str | None]] | None = None
        self.script_text: list[str] = []

    def fail(self, message: str) -> None:
        self.found.append(f"{self.where}: {message}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if MARKER in name:
                self.fail(f"<{tag} {name}>: hostile text broke out into an attribute name")
            if name.startswith("on"):
                self.fail(f"<{tag} {name}=...>: an event handler")
            if name in URL_ATTRIBUTES and value and runnable_url(value):
                self.fail(f"<{tag} {name}={value[:60]!r}>: a runnable URL")
            if name == "style" and value and ("url(" in value.lower() or "expression" in value):
                self.fail(f"<{tag} style={value[:60]!r}>: a style that loads something")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            content = values.get("content") or ""
            url = content.split("url=", 1)[-1] if "url=" in content.lower() else ""
            if runnable_url(url) or MARKER in content:
                self.fail(f"<meta http-equiv=refresh content={content!r}>")
        if tag in FORBIDDEN and not (self.page and tag in MATERIAL_ELEMENTS):
            self.fail(f"<{tag}>: an element that loads or runs something")
        if tag == "script":
            self.script = (tag, values)
            self.script_text = []
            src = values.get("src")
            if src and (runnable_url(src) or re.match(r"(?i)\s*(?:[a-z]+:)?//", src)):
                self.fail(f"<script src={src!r}>: a script from outside the site")
            if not self.page:
                self.fail("<script> in a fragment (feed item, search result)")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != "script" or self.script is None:
            return
        _, values = self.script
        text = "".join(self.script_text)
        kind = (values.get("type") or "").lower()
        if kind in SCRIPT_TYPES_DATA:
            try:
                json.loads(text)
            except ValueError:
                self.fail(f"<script type={kind}> that is not JSON: something broke out of it")
        elif MARKER in text:
            self.fail(f"<script>: hostile text in a script: {text[:80]!r}")
        self.script = None


def check_html(text: str, where: str, page: bool = True) -> list[str]:
    """Problems in an HTML page (``page``) or a fragment (a feed item, a search result)."""
    walker = _Walker(where, page)
    walker.feed(text)
    walker.close()
    return walker.found


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    return []


def check_feed_xml(data: bytes, where: str) -> list[str]:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return [f"{where}: not well-formed XML ({exc})"]
    found: list[str] = []
    for element in root.iter():
        # titles are text (RSS as feedparser reads it; Atom's type="text")
        if element.text and element.tag.rsplit("}", 1)[-1] in ("description", "content",
                                                                 "summary"):
            found += check_html(element.text, where, page=False)
        for name, value in element.attrib.items():
            if name in ("href", "src") and runnable_url(value):
                found.append(f"{where}: {element.tag} {name}={value!r}")
    return found


def check_json(data: bytes, where: str) -> list[str]:
    """Every string read as HTML (Material's search index shows titles as HTML), but in a
    JSON Feed, where only ``content_html`` is HTML."""
    try:
        value = json.loads(data)
    except ValueError as exc:
        return [f"{where}: not JSON ({exc})"]
    found: list[str] = []
    if isinstance(value, dict) and str(value.get("version", "")).startswith(
            "https://jsonfeed.org/"):
        strings = [item.get("content_html", "") for item in value.get("items", [])]
    else:
        strings = _strings(value)
    for text in strings:
        found += check_html(text, where, page=False)
        if runnable_url(text.strip()):
            found.append(f"{where}: a runnable URL {text[:60]!r}")
    return found


def check_site(site: Path) -> list[str]:
    """Every problem in every file of a built site (HTML, feeds, JSON, BibTeX)."""
    found: list[str] = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        where = path.relative_to(site).as_posix()
        data = path.read_bytes()
        if path.suffix == ".html":
            found += check_html(data.decode("utf-8"), where)
        elif path.suffix == ".xml" and path.name != "sitemap.xml":
            found += check_feed_xml(data, where)
        elif path.suffix == ".json" and (path.name in TEXT_JSON
                                         or where.startswith(TEXT_JSON_FOLDERS)):
            try:
                json.loads(data)
            except ValueError as exc:
                found.append(f"{where}: not JSON ({exc})")
        elif path.suffix == ".json":
            found += check_json(data, where)
        elif path.suffix == ".bib":
            found += check_bibtex(data.decode("utf-8"), where)
    return found


#: The fields our BibTeX entries hold (``citations.bibtex``), in BibTeX's lower case.
BIBTEX_FIELDS = frozenset({"title", "author", "year", "month", "eprint", "archiveprefix",
                           "url"})


def bibtex_braces(text: str) -> str | None:
    """Why ``text``'s braces do not balance as BibTeX counts them (every brace: BibTeX has
    no escape, ``\\}`` closes a group too), or None."""
    depth = 0
    for number, char in enumerate(text):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return f"'}}' at character {number} closes nothing"
    return None if depth == 0 else f"{depth} '{{' never closed"


def read_bibtex(text: str) -> Any:
    """``text`` read by pybtex, which follows BibTeX's grammar, in strict mode (an error
    raises)."""
    import pybtex.database
    import pybtex.errors

    pybtex.errors.set_strict_mode(True)
    return pybtex.database.parse_string(text, "bibtex")


def check_bibtex(text: str, where: str) -> list[str]:
    """Braces balance by BibTeX's count, and pybtex reads exactly the entries we wrote:
    one per line that starts with ``@``, with our fields only (a value that ended early
    would leave the rest to be read as more fields or another entry)."""
    unbalanced = bibtex_braces(text)
    if unbalanced:
        return [f"{where}: {unbalanced}"]
    try:
        data = read_bibtex(text)
    except Exception as exc:  # pybtex's errors have no common base
        return [f"{where}: pybtex cannot read it: {exc}"]
    written = sum(1 for line in text.splitlines() if line.startswith("@"))
    found = [f"{where}: pybtex reads {len(data.entries)} entries, {written} were written"
             ] if len(data.entries) != written else []
    for key, entry in data.entries.items():
        extra = {name.lower() for name in entry.fields} - BIBTEX_FIELDS
        if extra:
            found.append(f"{where}: entry {key!r} has fields we never write: {sorted(extra)}")
    return found


@functools.cache
def _latex_decoder() -> Any:
    """pylatexenc's LaTeX to text, math kept as written, knowing the text commands the
    encoder writes that pylatexenc 2 lacks (``\\textbraceleft``, ``\\textbraceright``) or
    reads as another character (``\\textasciicircum``: LaTeX prints ``^``, not ``ˆ``)."""
    from pylatexenc.latex2text import (
        LatexNodes2Text,
        MacroTextSpec,
        get_default_latex_context_db,
    )

    context = get_default_latex_context_db()
    context.add_context_category("bibtex-text", prepend=True, macros=[
        MacroTextSpec("textbraceleft", "{"), MacroTextSpec("textbraceright", "}"),
        MacroTextSpec("textasciicircum", "^")], environments=[], specials=[])
    return LatexNodes2Text(math_mode="verbatim", latex_context=context)


def person_text(person: Any) -> str:
    """A name pybtex read, in the order it was written (First von Last), as LaTeX prints it."""
    return latex_to_text(" ".join(person.first_names + person.middle_names
                                  + person.prelast_names + person.last_names
                                  + person.lineage_names))


def latex_to_text(latex: str) -> str:
    """A BibTeX value's text as LaTeX prints it, whitespace runs as one space."""
    return " ".join(_latex_decoder().latex_to_text(latex).split())


#: What GitHub acts on in a pull request's body (its docs on autolinked references,
#: mentions and closing keywords), as patterns over the rendered text.
GITHUB_ACTIONS_IN_TEXT = {
    "a mention": re.compile(r"(?<![\w`])@[A-Za-z0-9]"),
    "an issue reference": re.compile(r"#\d|(?i:\bgh-\d)"),
    "a closing keyword": re.compile(
        r"(?i:\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+(?:#\d|[\w.-]+/[\w.-]+#\d|https?:))"),
    "a URL GitHub would link": re.compile(r"(?i:https?://|\bwww\.)"),
}
#: Tags the summaries we write render to.
PULL_REQUEST_TAGS = frozenset({"p", "strong", "em", "code", "pre", "ul", "li", "a", "br"})


class _PullRequestBody(HTMLParser):
    def __init__(self, links: tuple[str, ...]) -> None:
        super().__init__(convert_charrefs=True)
        self.links = links
        self.found: list[str] = []
        self.text: list[str] = []
        self.prose: list[str] = []  # outside code, where GitHub links URLs
        self.code = 0

    def handle_endtag(self, tag: str) -> None:
        self.code -= tag == "code"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.code += tag == "code"
        if tag not in PULL_REQUEST_TAGS:
            self.found.append(f"<{tag}>: HTML we never write")
        href = dict(attrs).get("href")
        if tag == "a" and not (href or "").startswith(self.links):
            self.found.append(f"a link we did not make: {href!r}")

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if not self.code:
            self.prose.append(data)


def check_pull_request_body(markdown_text: str, where: str,
                            links: tuple[str, ...] = ("https://",)) -> list[str]:
    """A pull request's body read as GitHub reads it (GFM, with autolinks, by
    markdown-it-py): only our tags and links, and no mention, issue reference, closing
    keyword or bare URL in its text."""
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("gfm-like", {"linkify": True}).render(markdown_text)
    body = _PullRequestBody(links)
    body.feed(rendered)
    body.close()
    found = [f"{where}: {problem}" for problem in body.found]
    for what, pattern in GITHUB_ACTIONS_IN_TEXT.items():
        # mentions and references are checked in code too, though GitHub leaves code be
        text = "".join(body.prose if what == "a URL GitHub would link" else body.text)
        match = pattern.search(text)
        if match:
            found.append(f"{where}: {what}: {text[max(0, match.start() - 20):match.end() + 20]!r}")
    return found


# --- workflow commands ----------------------------------------------------------------
# The runner (actions/runner ``ActionCommand``) reads a line as a command when, leading
# whitespace trimmed, it starts with ``::``, or when it holds ``##[`` anywhere (the older
# syntax); it splits lines at \n and \r only.

#: Our annotations: ``::error file=...,line=N,col=N::message``, properties escaped.
ANNOTATION = re.compile(r"::(error|warning|notice) file=[^,:\r\n]*,line=\d+,col=\d+::[^\r\n]*")


def runner_lines(output: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", output)


def commands(output: str) -> list[str]:
    """The lines of ``output`` a runner would read as workflow commands."""
    return [text for text in runner_lines(output)
            if text.lstrip().startswith("::") or "##[" in text]


def forged(output: str) -> list[str]:
    """Workflow commands in ``output`` that are not our annotations."""
    return [text for text in commands(output) if not ANNOTATION.fullmatch(text)]
