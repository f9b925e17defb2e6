"""Import: what kind of file a source is, from its first bytes, so the wrong importer for
a file says which one fits, instead of failing on its first entry."""

from __future__ import annotations

import re
from dataclasses import dataclass

HEAD = 16 * 1024
_XML_ROOT = re.compile(r"<\s*([A-Za-z][\w:.-]*)")
_XML_PROLOGUE = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)\s*", re.S | re.I)
_BIBTEX = re.compile(r"(?m)^\s*@\s*(?!string\b|preamble\b|comment\b)[A-Za-z]+\s*[{(]", re.I)
_BIBTEX_ANY = re.compile(r"(?m)^\s*@\s*[A-Za-z]+\s*[{(]")
_HF_DATE = re.compile(r"(?m)^·\s*\n\s*[A-Z][a-z]{2} \d{1,2}, \d{4}")
#: JSON opens with ``[`` or ``{`` and a value; a Markdown badge line (``[![...``) does not.
_JSON = re.compile(r'[\[{]\s*(?:["{\[\]}\d-]|true|false|null)')
_CSL = re.compile(
    r'"(?:issued|container-title|date-parts|citation-key|title-short|collection-title)"\s*:'
    r'|"type"\s*:\s*"(?:article-journal|paper-conference|article|chapter|book|report'
    r'|thesis|manuscript|webpage|post-weblog|dataset|software|speech)"')
#: A RIS record starts ``TY  - JOUR``; Web of Science's own text format starts ``PT J``.
_RIS = re.compile(r"(?m)^TY  - ?\S*\s*$")
_WOS_TEXT = re.compile(r"(?m)\A(?:FN [^\n]*\n)?(?:VR [^\n]*\n)?PT [A-Z]\s*$")
#: Fenced code (a README's ```bibtex example) is not the file's own content.
_FENCE = re.compile(r"(?ms)^[ \t]*(```|~~~).*?^[ \t]*\1")
_MD_LINK = re.compile(r"\]\((?:https?://|#|\.{0,2}/)|^\s*(?:[-*+]|\d+[.)])\s.*https?://",
                      re.M)
_MD_BLOCK = re.compile(r"(?m)^(?:#{1,6}\s+\S|\s*(?:[-*+]|\d+[.)])\s+\S|\s*\|.*\|\s*$)")
_YAML_KEY = re.compile(r"(?m)^\s*(?:-\s+)?[\w-]+:(?:\s|$)")


@dataclass(frozen=True, slots=True)
class Format:
    description: str
    """What a curator would call it: "an arXiv RSS feed"."""
    importer: str | None
    """The importer that reads it, if any."""
    family: str = "text"
    """``xml``, ``json`` or ``text``: a file of an importer's family goes to its parser,
    which says more about a broken file than a guess from its first bytes can."""
    generic: bool = False
    """Known only by its syntax ("an XML file"): its importer's parser judges it."""


UNKNOWN = Format("a file of unknown kind", None)
FAMILY = {"arxiv": "xml", "arxiv-rss": "xml", "hf-daily": "json", "bibtex": "text",
          "hf-page": "text", "csl-json": "json", "ris": "text", "awesome": "text"}
#: What each importer reads, for messages.
READS = {
    "arxiv": "arXiv API answers (Atom)",
    "arxiv-rss": "arXiv announcement feeds (RSS or Atom from rss.arxiv.org)",
    "hf-daily": "Hugging Face daily papers answers (JSON)",
    "bibtex": "BibTeX files",
    "hf-page": "Hugging Face papers pages saved as text",
    "csl-json": "CSL-JSON (Zotero, Mendeley, Paperpile, Manubot, pandoc)",
    "ris": "RIS files (Zotero, EndNote, Mendeley, Web of Science, Scopus)",
    "awesome": "awesome lists of papers in Markdown",
}


def _xml(text: str) -> Format:
    prologue = _XML_PROLOGUE.match(text)
    body = text[prologue.end():] if prologue else text
    while True:  # several comments or instructions in a row
        more = _XML_PROLOGUE.match(body)
        if not more or not more.end():
            break
        body = body[more.end():]
    root = _XML_ROOT.match(body)
    name = root.group(1).lower() if root else ""
    lower = text.lower()
    if name == "html" or lower.lstrip().startswith("<!doctype html"):
        return Format("a web page (HTML)", None, "xml")
    if name == "rss" or name == "rdf:rdf":
        if "arxiv.org" in lower:
            return Format("an arXiv RSS feed", "arxiv-rss", "xml")
        return Format("an RSS feed that is not arXiv's", None, "xml")
    if name == "feed":
        if "opensearch" in lower or "arxiv.org/api" in lower:
            return Format("an arXiv API answer (Atom)", "arxiv", "xml")
        if "rss.arxiv.org" in lower or "oai:arxiv.org:" in lower:
            return Format("arXiv's Atom announcement feed", "arxiv-rss", "xml")
        return Format("an Atom feed that is not arXiv's", None, "xml")
    return Format("an XML file", None, "xml", generic=True)


def sniff(data: bytes) -> Format:
    """The kind of ``data``, from its first bytes (and, for a saved page, all of it)."""
    text = data[:HEAD].decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if text.startswith("<"):
        return _xml(text)
    if _JSON.match(text):
        if '"paper"' in text:
            return Format("a Hugging Face daily papers answer (JSON)", "hf-daily", "json")
        if _CSL.search(text):
            return Format("a CSL-JSON file", "csl-json", "json")
        return Format("a JSON file", None, "json", generic=True)
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    if _RIS.match(lines):
        return Format("a RIS file", "ris")
    if _WOS_TEXT.match(lines):
        return Format("a Web of Science plain-text export (export it as RIS instead)", None)
    unfenced = _FENCE.sub("", lines)
    if _BIBTEX.search(unfenced):
        return Format("a BibTeX file", "bibtex")
    if _BIBTEX_ANY.search(unfenced):
        return Format("a BibTeX file with no entries (only @string, @preamble or @comment)",
                      None)
    full = data.decode("utf-8", "replace")
    if _HF_DATE.search(full.replace("\r\n", "\n")):
        return Format("a Hugging Face papers page saved as text", "hf-page")
    if _RIS.search(lines):
        return Format("a RIS file", "ris")
    links = len(_MD_LINK.findall(unfenced))
    if links and _MD_BLOCK.search(unfenced) and links >= len(_YAML_KEY.findall(unfenced)):
        return Format("a Markdown file", "awesome")
    if re.search(r"(?m)^\s*-\s+\w+:", text) or re.search(r"(?m)^\w+:\s", text):
        return Format("a YAML file", None)
    return UNKNOWN


def other_importer(found: Format, source: str, importer: str) -> str | None:
    """The message for a file another importer reads, or for a file that is not even of
    the importer's family (YAML given to an XML reader), if it is one."""
    if found.importer is None and found is not UNKNOWN and found.family != FAMILY[importer]:
        return no_importer(found, source, importer) or (
            f"{source}: this is {found.description}, not what import {importer} reads "
            f"({READS[importer]})")
    if found.importer is None or found.importer == importer:
        return None
    return (f"{source}: this is {found.description}: use 'import {found.importer}' "
            f"(import {importer} reads {READS[importer]})")


def no_importer(found: Format, source: str, importer: str) -> str | None:
    """The message for a file no importer reads (a blog's feed, a YAML list), if known."""
    if found.importer is not None or found is UNKNOWN or found.generic:
        return None
    return (f"{source}: this is {found.description}, which no importer reads "
            f"(import {importer} reads {READS[importer]})")
