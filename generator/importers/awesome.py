"""Import: an "awesome list" of papers (a README in Markdown) as entry dicts, read with
markdown-it-py: bullets and GitHub tables under headings, never patterns over lines.

A list item or table row is a paper when it links to a paper host (``PAPER_HOSTS``). Its
title is the link's text, or, when that is generic ("[pdf]", "[arXiv 2019]"), the bold
text, a table's title column, or the item's own text before its links. An arXiv id comes
from abs, pdf or Hugging Face paper links; another paper host's link is kept as ``paper``
(``pdf`` for a PDF), a GitHub repository on the same item or row as ``code``. Headings of
levels 2 and 3 become tags; a year written in the item becomes ``published``; the rest of
the item's words (authors, venue, a description) become the note. Sub-items of a paper
are part of it unless they link to a paper host themselves. An item naming several papers
by title ("start with [A](...) and [B](...)") gives each of them.

Titles are read as every importer reads text (``common.plain``). Everything else (badges,
tables of contents, blog posts, videos, tools) is left out and counted by reason
(``Found.left_out``); a paper named twice (the same arXiv id or paper link) is one entry
with the tags and links of both places, and the merge is named as ``append.plan`` names
its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from generator.common import weburl
from generator.importers.common import DOI, NO_TITLE, WHERE, Found, Skipped, plain
from generator.importers.records import doi_key
from generator.load.model import (
    TAG_RE,
    PubDate,
    arxiv_base,
    http_url,
    normalise_arxiv,
    normalise_title,
    slugify,
)

#: Hosts whose links are papers: (host, path prefix). A host matches with its subdomains.
PAPER_HOSTS: tuple[tuple[str, str], ...] = (
    ("arxiv.org", "/abs/"), ("arxiv.org", "/pdf/"), ("arxiv.org", "/html/"),
    ("huggingface.co", "/papers/"), ("openreview.net", "/"), ("aclanthology.org", "/"),
    ("aclweb.org", "/anthology"), ("doi.org", "/"), ("proceedings.neurips.cc", "/"),
    ("papers.nips.cc", "/"), ("papers.neurips.cc", "/"), ("neurips.cc", "/virtual/"),
    ("icml.cc", "/virtual/"), ("proceedings.mlr.press", "/"), ("jmlr.org", "/papers/"),
    ("openaccess.thecvf.com", "/"), ("ecva.net", "/papers/"), ("ojs.aaai.org", "/"),
    ("aaai.org", "/"), ("ijcai.org", "/proceedings/"), ("dl.acm.org", "/"),
    ("ieeexplore.ieee.org", "/"), ("semanticscholar.org", "/"), ("biorxiv.org", "/"),
    ("medrxiv.org", "/"), ("nature.com", "/articles/"), ("science.org", "/doi/"),
    ("link.springer.com", "/"), ("sciencedirect.com", "/science/article/"),
)
_VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "bilibili.com")
_CODE_HOSTS = ("github.com", "gitlab.com")
#: Words a link's text is made of when it says where the paper is, not what it is called.
GENERIC_WORDS = frozenset("""
    paper papers pdf arxiv link links abs abstract html url here website page project
    code github preprint full text download view read official publication version
    openreview anthology acl aclweb semantic scholar s2 doi springer ieee acm dl pmlr
    proceedings proc journal conference conf workshop main findings oral spotlight poster
    supplementary supp slides video blog talk demo dataset data model weights huggingface
    hf biorxiv medrxiv nature science cvf thecvf open access camera ready the a in on at of
    neurips nips icml iclr cvpr iccv eccv aaai ijcai naacl emnlp eacl coling kdd www sigir
    wsdm cikm tacl jmlr tpami tmlr colm uai aistats corl rss icra iros interspeech icassp
    miccai siggraph chi uist tacl arxiv.org pub paper.pdf pdf.
""".split())
_YEAR = re.compile(r"(?<![\w.])((?:19|20)\d\d)(?![\w.]\d|\d)")
_SHORT_YEAR = re.compile(r"(?<=[A-Za-z])\s?'(\d\d)\b")
_URL_IN_TEXT = re.compile(r"https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]")
_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)]?|[IVXLC]+\.)\s+")
_ARXIV_PATH = re.compile(r"/(?:abs|pdf|html|papers)/([^?#]+?)(?:\.pdf)?/?$")
_ARXIV_DOI = re.compile(r"/10\.48550/arxiv\.([^/?#]+)", re.I)
#: Sections whose items are never papers, and headings that are not topics.
_CONTENTS = re.compile(r"(table of )?contents?|toc|index|outline")
_CONTRIBUTING = re.compile(r"contribut\w*|how to contribute|licen[cs]e|licensing")
_NOT_TOPICS = frozenset({"papers", "paper-list", "papers-list", "list-of-papers",
                         "reading-list", "paper", "the-list"})
#: Table headers naming the title, year, and only-link columns.
_TITLE_COLUMN = frozenset({"title", "paper", "papers", "name", "work", "article"})
_YEAR_COLUMN = frozenset({"year", "date", "published", "time"})
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$!{}])")


@dataclass
class _Run:
    """A stretch of an item's text, with what it is inside of."""

    text: str
    strong: bool = False
    link: int | None = None
    """Index of the link it is the text of, in the item's ``links``."""
    image: bool = False


@dataclass
class _Link:
    url: str
    text: str = ""
    images: int = 0

    @property
    def badge(self) -> bool:
        return self.images > 0 and not self.text.strip()


@dataclass
class _Cell:
    runs: list[_Run] = field(default_factory=list)
    links: list[_Link] = field(default_factory=list)

    def add_url(self, url: str, text: str = "", strong: bool = False) -> None:
        self.links.append(_Link(url, text))
        self.runs.append(_Run(text, strong, len(self.links) - 1))

    def plain(self, skip: Iterable[_Run] = ()) -> str:
        skipped = {id(run) for run in skip}
        return " ".join("".join(run.text for run in self.runs
                                if id(run) not in skipped and run.link is None
                                and not run.image).split())


def _inline(node: SyntaxTreeNode, cell: _Cell, strong: bool = False,
            link: int | None = None) -> None:
    """Flatten an inline node into ``cell``: text runs and links, bare URLs as links."""
    for child in node.children:
        kind = child.type
        if kind == "text":
            if link is None:
                _text_with_urls(child.content, cell, strong)
            else:
                cell.runs.append(_Run(child.content, strong, link))
                cell.links[link].text += child.content
        elif kind in ("softbreak", "hardbreak"):
            cell.runs.append(_Run(" ", strong, link))
        elif kind == "code_inline":
            cell.runs.append(_Run(child.content, strong, link))
            if link is not None:
                cell.links[link].text += child.content
        elif kind == "image":
            cell.runs.append(_Run("", strong, link, image=True))
            if link is not None:
                cell.links[link].images += 1
        elif kind == "link":
            cell.links.append(_Link(str(child.attrGet("href") or "")))
            _inline(child, cell, strong, len(cell.links) - 1)
        elif kind == "strong":
            _inline(child, cell, True, link)
        elif child.children:  # em, s
            _inline(child, cell, strong, link)


def _text_with_urls(text: str, cell: _Cell, strong: bool) -> None:
    """Text with bare URLs made links, as GitHub shows them."""
    last = 0
    for match in _URL_IN_TEXT.finditer(text):
        cell.runs.append(_Run(text[last:match.start()], strong))
        cell.add_url(match.group(), match.group(), strong)
        last = match.end()
    cell.runs.append(_Run(text[last:], strong))


def _host(url: str) -> tuple[str, str]:
    parts = weburl.split(url)
    if parts is None:  # not readable as a URL: no host
        return "", ""
    return (parts.hostname or "").lower().removeprefix("www."), parts.path


def _on(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def is_paper(url: str) -> bool:
    host, path = _host(url)
    return any(_on(host, domain) and path.startswith(prefix) for domain, prefix in PAPER_HOSTS)


def arxiv_of(url: str) -> str | None:
    """The versionless arXiv id of an arXiv abs, pdf or html link, or a Hugging Face paper
    page (``huggingface.co/papers/2401.12345``)."""
    host, path = _host(url)
    if _on(host, "doi.org"):
        match = _ARXIV_DOI.fullmatch(path)
    elif _on(host, "arxiv.org") or (_on(host, "huggingface.co") and path.startswith("/papers/")):
        match = _ARXIV_PATH.search(path)
    else:
        return None
    found = normalise_arxiv(match.group(1)) if match else None
    return arxiv_base(found) if found else None


def _code(url: str) -> str | None:
    """A repository (``github.com/owner/repo...``), not a user's page."""
    host, path = _host(url)
    parts = [part for part in path.split("/") if part]
    return url if host in _CODE_HOSTS and len(parts) >= 2 else None


def generic(text: str) -> bool:
    """Whether a link's text says where a paper is ("pdf", "arXiv:2106.07139", "[CVPR
    2021]", a URL) rather than what it is called."""
    words = re.sub(r"[^\w.:/-]+", " ", text.lower()).split()
    if not words or http_url(text.strip()) or normalise_arxiv(text.strip()):
        return True
    for word in words:
        word = word.strip(".:-")
        if word and word not in GENERIC_WORDS and not re.fullmatch(
                r"(?:19|20)?\d\d|v\d+|\d{4}\.\d{4,5}(?:v\d+)?|arxiv:\S+|10\.\d+/\S+", word):
            return False
    return True


def _year(text: str) -> int | None:
    """A publication year written in text: ``NeurIPS 2019``, ``2024/2025`` (the first),
    ``ICML'21``; not the digits of an arXiv id."""
    limit = date.today().year + 1
    for match in _YEAR.finditer(text):
        if 1900 < int(match.group(1)) <= limit:
            return int(match.group(1))
    short = _SHORT_YEAR.search(text)
    if short and 2000 + int(short.group(1)) <= limit:
        return 2000 + int(short.group(1))
    return None


def _tidy(text: str) -> str:
    """Text left when links are taken out: no empty brackets, no leading or trailing
    separators."""
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"\[\s*\]|\(\s*\)|\{\s*\}", "", text)
        text = re.sub(r"\s+([.,;:!?])", r"\1", text)
        text = re.sub(r"([.,;:|/-])(\s+[.,;:|/-](?=\s|$))+", r"\1", text)
        text = " ".join(_balanced(text).split()).strip(" .,;:|/-–—•·")
    return text


def _balanced(text: str) -> str:
    """``text`` without brackets left open or closed by a link taken out of it."""
    pairs = {")": "(", "]": "["}
    stack: list[int] = []
    drop: set[int] = set()
    for index, char in enumerate(text):
        if char in "([":
            stack.append(index)
        elif char in pairs:
            if stack and text[stack[-1]] == pairs[char]:
                stack.pop()
            else:
                drop.add(index)
    drop.update(stack)
    return "".join(char for index, char in enumerate(text) if index not in drop)


def _markdown_text(text: str) -> str:
    """Plain text as Markdown that shows it as written (a note is Markdown)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _title_text(text: str) -> str:
    return " ".join(text.split()).strip(" .,;:|-–—•·\"'“”[]()")


def _strong_spans(cell: _Cell) -> list[list[_Run]]:
    """Runs of bold text outside links, in order."""
    spans: list[list[_Run]] = []
    current: list[_Run] = []
    for run in cell.runs:
        if run.strong and run.link is None and not run.image:
            current.append(run)
        elif current and (run.text.strip() or run.link is not None):
            spans.append(current)
            current = []
    if current:
        spans.append(current)
    return spans


def _column_role(header: str) -> str | None:
    words = set(re.sub(r"[^a-z]+", " ", header.lower()).split())
    if words & _TITLE_COLUMN:
        return "title"
    if words & _YEAR_COLUMN:
        return "year"
    return None


@dataclass
class _Item:
    line: int
    cells: list[_Cell]
    headers: list[str]
    tags: list[str]
    year: int | None
    """A year heading above the item (``### 2023``)."""

    @property
    def links(self) -> list[_Link]:
        return [link for cell in self.cells for link in cell.links]


def _identity(arxiv: str | None, url: str | None, title: str) -> tuple[str, str]:
    if arxiv:
        return ("arxiv", arxiv)
    if url:
        return ("url", url.rstrip("/").lower().removeprefix("https://").removeprefix("http://"))
    return ("title", normalise_title(title))


#: Why two places of a list name one paper, by what ``_identity`` compared.
_SAME = {"arxiv": "the same arXiv id", "url": "the same paper link", "title": "the same title"}


class Listing(Found):
    """The papers of an awesome list; what was left out of it and why is ``left_out``, a
    paper named again is a line of ``merged``."""

    def __init__(self) -> None:
        super().__init__()
        self.items = 0
        """List items and table rows read, papers or not."""


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.found = Listing()
        self.headings: dict[int, str] = {}
        self.seen: dict[tuple[str, str], dict[str, Any]] = {}

    # --- sections ---------------------------------------------------------------------

    def heading(self, level: int, text: str) -> None:
        self.headings = {lvl: t for lvl, t in self.headings.items() if lvl < level}
        self.headings[level] = _NUMBERING.sub("", " ".join(text.split()))

    def excluded(self) -> str | None:
        """The section the current item is in, if its items are never papers."""
        for level in (2, 3):
            name = self.headings.get(level, "")
            bare = re.sub(r"[^a-z ]+", "", name.lower()).strip()
            if _CONTENTS.fullmatch(bare) or _CONTRIBUTING.fullmatch(bare):
                return f"in the '{name}' section"
        return None

    def tags(self) -> list[str]:
        tags = []
        for level in (2, 3):
            slug = slugify(self.headings.get(level, ""))
            if slug and TAG_RE.fullmatch(slug) and slug not in _NOT_TOPICS \
                    and not re.fullmatch(r"(?:19|20)\d\d", slug) and slug not in tags:
                tags.append(slug)
        return tags

    def heading_year(self) -> int | None:
        for level in (4, 3, 2):
            match = re.fullmatch(r"((?:19|20)\d\d)\W*", self.headings.get(level, ""))
            if match:
                return int(match.group(1))
        return None

    # --- blocks ------------------------------------------------------------------------

    def walk(self, node: SyntaxTreeNode, parent: list[dict[str, Any]] | None = None) -> None:
        for child in node.children:
            if child.type == "heading":
                text = _Cell()
                for inline in child.children:
                    _inline(inline, text)
                label = " ".join("".join(run.text for run in text.runs).split())
                self.heading(int(child.tag[1:]), label)
            elif child.type in ("bullet_list", "ordered_list"):
                for item in child.children:
                    self.list_item(item, parent)
            elif child.type == "table":
                self.table(child)
            elif child.type == "blockquote" or (child.children and child.type not in (
                    "paragraph", "inline")):
                self.walk(child, parent)

    def list_item(self, node: SyntaxTreeNode, parent: list[dict[str, Any]] | None) -> None:
        cell = _Cell()
        for block in node.children:
            if block.type == "paragraph":
                for inline in block.children:
                    _inline(inline, cell)
                cell.runs.append(_Run(" "))
        line = (node.map[0] + 1) if node.map else 0
        item = _Item(line, [cell], [], self.tags(), self.heading_year())
        made = self.item(item, parent)
        folded = parent and not any(is_paper(link.url) for link in cell.links)
        self.walk(node, made or (parent if folded else None))

    def table(self, node: SyntaxTreeNode) -> None:
        headers: list[str] = []
        for part in node.children:
            for row in part.children:
                cells = []
                for column in row.children:
                    cell = _Cell()
                    for inline in column.children:
                        _inline(inline, cell)
                    cells.append(cell)
                if part.type == "thead":
                    headers = [cell.plain() for cell in cells]
                    continue
                line = (row.map[0] + 1) if row.map else 0
                self.item(_Item(line, cells, headers, self.tags(), self.heading_year()), None)

    # --- items -------------------------------------------------------------------------

    def item(self, item: _Item, parent: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
        """The papers ``item`` names (recorded, or merged into the entry that named them
        first); none when it is folded into ``parent``, left out or cannot be read."""
        self.found.items += 1
        links = item.links
        papers = [link for link in links if is_paper(link.url)]
        if not papers:
            if parent:
                self.fold(parent[0], links)
                self.found.left_out["read as details of the paper above them"] += 1
                return []
            self.found.left_out[self.excluded() or _why_not(links)] += 1
            return []
        section = self.excluded()
        if section:
            self.found.left_out[section] += 1
            return []
        titled: dict[tuple[str, str], _Link] = {}
        for link in papers:
            if not generic(link.text):
                titled.setdefault(_identity(arxiv_of(link.url), link.url, ""), link)
        if len(titled) >= 2:
            return [self.add(item, _title_text(link.text), [link], None, item.year)
                    for link in titled.values()]
        title, used, tail = _title(item, next(iter(titled.values()), None))
        if not title:
            self.found.skipped.append(Skipped(
                f"{self.source}:{item.line}",
                "links to a paper but names no title (no bold text, no link text, no text "
                "before the link)", NO_TITLE))
            return []
        year = _year(_year_text(item, used)) or _year(tail) or item.year
        return [self.add(item, title, links, _note(item, used, tail), year)]

    def fold(self, paper: dict[str, Any], links: Sequence[_Link]) -> None:
        """A sub-item of a paper: its repository is the paper's code."""
        for link in links:
            code = _code(link.url)
            if code:
                paper.setdefault("links", {}).setdefault("code", code)

    def add(self, item: _Item, title: str, links: Sequence[_Link], note: str | None,
            year: int | None) -> dict[str, Any]:
        """The entry for one paper; when the list named it before, that entry, with this
        place's tags and links added."""
        arxiv = next((found for found in (arxiv_of(link.url) for link in links
                                          if is_paper(link.url)) if found), None)
        paper_links: dict[str, str] = {}
        for link in links:
            url = http_url(link.url)
            if not url:
                continue
            if is_paper(url) and not arxiv_of(url):
                kind = "pdf" if _host(url)[1].lower().endswith(".pdf") else "paper"
                paper_links.setdefault(kind, url)
            elif _code(url) and len(links) > 1:
                paper_links.setdefault("code", url)
            elif not is_paper(url) and re.search(r"project|home ?page|website", link.text,
                                                  re.I):
                paper_links.setdefault("project", url)
        title = plain(title) or title
        where = f"{self.source}:{item.line} ({title[:60]!r})"
        entry: dict[str, Any] = {
            "title": title,
            "arxiv": arxiv,
            "published": PubDate.parse(str(year)) if year else None,
            "tags": list(item.tags),
            "links": paper_links,
            "note": note,
            WHERE: where,
            DOI: doi_key(paper_links.get("paper")),
        }
        key = _identity(arxiv, paper_links.get("paper") or paper_links.get("pdf"), title)
        if key in self.seen:
            first = self.seen[key]
            new_tags = [tag for tag in item.tags if tag not in first["tags"]]
            first["tags"].extend(new_tags)
            for kind, url in paper_links.items():
                first["links"].setdefault(kind, url)
            dates = [d for d in (first["published"], entry["published"]) if d]
            first["published"] = min(dates) if dates else None
            if title.casefold().startswith(first["title"].casefold()):  # the full title
                first["title"] = title
            if note and note not in (first["note"] or ""):
                first["note"] = "\n\n".join(n for n in (first["note"], note) if n)
            first[DOI] = first[DOI] or entry[DOI]
            self.found.merged.append(
                f"{where}: merged into {first[WHERE]}, {_SAME[key[0]]}"
                + (f"; its tags {', '.join(new_tags)} added" if new_tags else ""))
            return first
        self.seen[key] = entry
        self.found.append(entry)
        return entry


def _why_not(links: Sequence[_Link]) -> str:
    """Why an item with no paper link is not a paper."""
    web = [link for link in links if http_url(link.url)]
    if not links:
        return "without a link"
    if not web:
        return "linking only within the repository (a table of contents)"
    if all(link.badge for link in web):
        return "with only badges"
    hosts = [_host(link.url)[0] for link in web]
    if all(host in _CODE_HOSTS for host in hosts):
        return "linking only to repositories (tools, code)"
    if any(_on(host, video) for host in hosts for video in _VIDEO_HOSTS):
        return "linking to videos"
    return "linking to no paper host (blog posts, pages, tools)"


def _venue_tail(text: str) -> tuple[str, str]:
    """``Reformer: The Efficient Transformer, ICLR'20`` -> the title, and ``ICLR'20``."""
    match = re.fullmatch(r"(.*?\w)\s*(?:[,.]\s+|\s\()([^,.(]+?)\)?", text)
    if match and generic(match.group(2)) and (_year(match.group(2)) or len(match.group(2)) < 20):
        return match.group(1), match.group(2)
    return text, ""


def _title(item: _Item, titled: _Link | None) -> tuple[str, list[_Run], str]:
    """The item's title, the runs it was read from (left out of the note), and a venue
    or year written after it (``Title, ICLR'20``)."""
    if titled is not None:
        cell = next(cell for cell in item.cells if titled in cell.links)
        index = cell.links.index(titled)
        return _title_text(titled.text), [run for run in cell.runs if run.link == index], ""
    cells = item.cells
    roles = [_column_role(header) for header in item.headers]
    if "title" in roles and roles.index("title") < len(cells):
        cells = [cells[roles.index("title")]]
    for cell in cells:
        for span in _strong_spans(cell):
            text = _title_text("".join(run.text for run in span))
            if text and not generic(text):
                return text, span, ""
    for cell in cells:
        before: list[_Run] = []
        for run in cell.runs:
            if run.link is not None:
                break
            before.append(run)
        text = _title_text("".join(run.text for run in before))
        if text and not generic(text) and not _YEAR.fullmatch(text):
            title, tail = _venue_tail(text)
            return _title_text(title), before, tail
    return "", [], ""


def _note(item: _Item, used: Sequence[_Run], tail: str = "") -> str:
    """The item's other words (authors, venue, a description), as Markdown; in a table,
    each under its column's name."""
    roles = [_column_role(header) for header in item.headers]
    parts = [tail] if tail else []
    for index, cell in enumerate(item.cells):
        role = roles[index] if index < len(roles) else None
        text = _tidy(cell.plain(used))
        if not text or role == "year":
            continue
        header = item.headers[index] if index < len(item.headers) else ""
        parts.append(f"{header}: {text}" if header and role is None else text)
    note = ". ".join(parts)
    if note and note[-1] not in ".!?":
        note += "."
    return _markdown_text(note)


def _year_text(item: _Item, used: Sequence[_Run]) -> str:
    """Where an item's year is written: its year column, else its words but the title."""
    roles = [_column_role(header) for header in item.headers]
    if "year" in roles and roles.index("year") < len(item.cells):
        return item.cells[roles.index("year")].plain()
    return " ".join(cell.plain(used) for cell in item.cells)


def parse_awesome(text: str, source: str = "README.md") -> Listing:
    markdown = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    tree = SyntaxTreeNode(markdown.parse(text))
    reader = _Reader(source)
    reader.walk(tree)
    for entry in reader.found:
        if not entry["note"]:
            entry["note"] = None
    return reader.found
