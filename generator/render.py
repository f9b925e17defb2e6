"""Stage 3: render the listing into Markdown pages, as data (``{source URI: text}``).

Pages carry front matter (``title``, ``date``, ``tags``) for MkDocs and Material;
every untrusted string passes through ``escape`` on its way into a template.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import jinja2

from generator import urls
from generator.escape import html_attr, indent, md_text, safe_markdown
from generator.listing import Listing
from generator.model import LINK_LABELS, Note, Paper
from generator.settings import Settings, check_size

T = TypeVar("T")


def _html_text(text: str) -> str:
    """Text for raw HTML: ``<``, ``>``, ``&`` escaped, NUL (not valid HTML) dropped."""
    return html.escape(text.replace("\x00", ""), quote=False)


@functools.lru_cache(maxsize=8192)
def day(value: date) -> str:
    return f"{value:%b} {value.day}, {value.year}"


def month_label(key: str) -> str:
    return f"{date.fromisoformat(key + '-01'):%B %Y}"


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """Pages of ``size`` items; always at least one page, so empty listings still render."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [items[:0]]


#: Characters YAML may not carry raw in a scalar (outside its printable set), and the line
#: breaks it would fold; JSON leaves them raw, so they are escaped as ``\uXXXX`` too.
_NOT_YAML_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


#: One encoder for every string: ``json.dumps(..., ensure_ascii=False)`` builds a new one
#: per call, a fifth of the front matter's cost.
_JSON_STRING = json.JSONEncoder(ensure_ascii=False).encode


def _yaml_printable(quoted: str) -> str:
    return _NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _yaml_flow(value: Any) -> str:
    """``value`` as a YAML flow node: JSON for strings, lists and mappings, ISO dates as is.

    Formatted directly: PyYAML's pure-Python emitter cost ~1 ms per page (10 s at 10,000).
    Characters YAML may not carry raw are left for ``front_matter`` to escape in one pass.
    """
    if isinstance(value, str):
        return _JSON_STRING(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        if all(isinstance(item, str) for item in value):  # tags: one call, not one per tag
            return _JSON_STRING(list(value))
        return "[" + ", ".join(_yaml_flow(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_yaml_flow(str(k))}: {_yaml_flow(v)}"
                               for k, v in value.items()) + "}"
    raise TypeError(f"no front matter form for {type(value).__name__}")


def front_matter(**fields: Any) -> str:
    """YAML front matter; every value is a flow node, so any text reads back as written.

    The characters YAML refuses can stand only inside JSON strings (keys and dates are
    ASCII), so one pass over the whole block escapes them where each string would.
    """
    lines = [f"{key}: {_yaml_flow(value)}\n" for key, value in fields.items()
             if value is not None and value != "" and value != []]
    return _yaml_printable("---\n" + "".join(lines) + "---")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=False,  # Markdown output: escaping is explicit, per context, via filters
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(text=md_text, safe_markdown=safe_markdown, day=day,
                       month_label=month_label)
    env.globals.update(rel=urls.relative, urls=urls)
    return env


_ENV = _environment()


def _one_line(text: str) -> str:
    return _html_text(" ".join(text.split()))


def paper_markdown(front: str, paper: Paper, note: Note | None) -> tuple[str, tuple[str, ...]]:
    """A paper's page, and the raw HTML blocks in it (see ``Page.raw_html``).

    Built with f-strings, not a Jinja template: at 10,000 papers the template's per-page
    overhead (~150 us) was a third of the core's time. Everything but the curator's own
    Markdown (note, long note) and the headings is raw HTML, its text escaped here.
    """
    out = [front, ""]
    raw: list[str] = []

    def block(html_block: str) -> None:
        raw.append(html_block)
        out.append(html_block + "\n")

    if paper.credits:
        block(f'<p class="rl-byline">{_one_line(paper.credits)}</p>')
    dates = []
    if paper.published:
        dates.append(f'Published <time datetime="{paper.published.isoformat()}">'
                     f"{day(paper.published)}</time> · ")
    dates.append(f'Added <time datetime="{paper.added.isoformat()}">{day(paper.added)}</time>')
    if paper.upvotes is not None:
        plural = "" if paper.upvotes == 1 else "s"
        dates.append(f' · <span class="rl-upvotes" title="upvotes">▲ {paper.upvotes} '
                     f"upvote{plural}</span>")
    if paper.arxiv:
        dates.append(f" · arXiv:{_one_line(paper.arxiv)}")
    block(f'<p class="rl-dates">{"".join(dates)}</p>')
    if paper.status or paper.rating:
        parts = []
        if paper.status:
            value = paper.status.value
            parts.append(f'Status: <span class="rl-status rl-status--{value}">{value}</span>')
        if paper.rating:
            stars = "★" * paper.rating + "☆" * (5 - paper.rating)
            parts.append(f'Rating: <span class="rl-rating" title="{paper.rating} out of 5">'
                         f"{stars}</span>")
        block(f'<p class="rl-curation">{" · ".join(parts)}</p>')
    links = paper.link_map
    if links:
        buttons = " ".join(
            f'<a class="md-button{" md-button--primary" if n == 0 else ""}" '
            f'href="{html_attr(url)}" rel="noopener">{LINK_LABELS[kind]}</a>'
            for n, (kind, url) in enumerate(links.items()))
        block(f'<p class="rl-links">{buttons}</p>')
    if paper.note:
        out.append('!!! note "Curator\'s note"\n')
        out.append(indent(safe_markdown(paper.note)) + "\n")
    if paper.abstract:
        out.append("## Abstract\n")
        for paragraph in paper.abstract.split("\n\n"):
            block(f'<p class="rl-abstract">{_html_text(paragraph)}</p>')
    if note:
        out.append(f"## {md_text(note.heading)}\n")
        if note.updated:
            block(f'<p class="rl-dates">Updated <time datetime="{note.updated.isoformat()}">'
                  f"{day(note.updated)}</time></p>")
        out.append(safe_markdown(note.body) + "\n")
        return "\n".join(out), tuple(raw)
    return "\n".join(out) + "\n", tuple(raw)


def paper_page(paper: Paper, note: Note | None, content_root: str = "") -> Page:
    """A paper's page: a function of the paper and its note alone, so it can be made
    wherever the paper was read (``loader.load_content``'s ``prepare``)."""
    uri = urls.paper(paper.id)
    # The abstract's first paragraph, cut, then escaped: Material prints
    # page.meta.description into an HTML attribute without escaping it
    description = (html.escape(paper.abstract.split("\n\n", 1)[0][:300], quote=True)
                   if paper.abstract else None)
    front = front_matter(
        title=html.escape(paper.title),
        date=paper.added,
        published=paper.published,
        tags=list(paper.tags),
        description=description,
    )
    text, raw_html = paper_markdown(front, paper, note)
    return Page(uri, text, source_path(paper.source.path, content_root), raw_html)


def source_path(path: str, content_root: str) -> str:
    """``path`` relative to the content folder: what an edit link points at."""
    prefix = content_root.rstrip("/") + "/" if content_root else ""
    return path[len(prefix):] if prefix and path.startswith(prefix) else path


def card_parts(paper: Paper, directory_urls: bool) -> tuple[str, ...]:
    """A paper's listing card, split where a link needs the path to the site root
    (``Renderer.cards`` joins the parts with it)."""
    def link(target: str) -> str:
        # split point: the caller joins the parts with the path to the root
        return "\x00" + html.escape(urls.page_url(target, directory_urls))

    when, label = ((paper.published, "Published") if paper.published
                   else (paper.added, "Added"))
    meta = [f'{label} <time datetime="{when.isoformat()}">{day(when)}</time>']
    if paper.byline:
        meta.append(_html_text(paper.byline))
    if paper.upvotes is not None:
        meta.append(f'<span class="rl-upvotes" title="upvotes">▲ {paper.upvotes}</span>')
    if paper.status:
        status = html.escape(paper.status.value)
        meta.append(f'<span class="rl-status rl-status--{status}">{status}</span>')
    lines = [
        '<article class="rl-card">',
        f'<p><a class="rl-card__title" href="{link(urls.paper(paper.id))}">'
        f"{_one_line(paper.title)}</a></p>",
        f'<p><span class="rl-card__meta">{" · ".join(meta)}</span></p>',
    ]
    if paper.tags:
        lines.append("<p>" + " ".join(
            f'<a class="md-tag" href="{link(urls.tag(tag))}">{html.escape(tag)}</a>'
            for tag in paper.tags) + "</p>")
    lines.append("</article>")
    # Text is escaped, so NUL appears only where link() put it (escaping drops it).
    return tuple("\n".join(lines).split("\x00"))


@dataclass(frozen=True, slots=True)
class PaperParts:
    """What is made of a paper alone: its page, and its card for listing pages."""

    page: Page
    card: tuple[str, ...]

    def __reduce__(self) -> tuple[type[PaperParts], tuple[Page, tuple[str, ...]]]:
        return PaperParts, (self.page, self.card)


def paper_parts(paper: Paper, note: Note | None, content_root: str = "",
                directory_urls: bool = True) -> PaperParts:
    """A function of the paper and its note alone, so it can be made wherever the paper
    was read (``loader.load_content``'s ``prepare``)."""
    return PaperParts(paper_page(paper, note, content_root), card_parts(paper, directory_urls))


@dataclass(frozen=True, slots=True)
class Page:
    uri: str
    text: str
    source: str | None = None
    """Content-relative path of the file a curator edits to change this page."""
    raw_html: tuple[str, ...] = ()
    """The finished HTML blocks in ``text``, in order: an adapter may pass them by
    Markdown (which would only copy them, at a cost) as long as it puts them back
    where they were."""

    def __reduce__(self) -> tuple[type[Page], tuple[str, str, str | None, tuple[str, ...]]]:
        """Pickled as its fields (paper pages are made in parallel; see ``Paper``)."""
        return Page, (self.uri, self.text, self.source, self.raw_html)


class Renderer:
    def __init__(self, listing: Listing, settings: Settings, content_root: str = "",
                 ready: Mapping[str, PaperParts] | None = None) -> None:
        """``ready``: paper pages and cards already made (``paper_parts``), by paper id."""
        check_size("home_size", settings.home_size, "papers on the home page")
        check_size("page_size", settings.page_size, "papers per listing page")
        self.listing = listing
        self.settings = settings
        self.content_root = content_root
        self.ready = ready or {}
        self._cards: dict[str, tuple[str, ...]] = {}
        self._emitted: list[str] = []

    def render(self, template: str, uri: str, **context: Any) -> Page:
        """A listing page from a template; its raw HTML is the cards made for it since the
        last page (``cards``, called for the template's arguments)."""
        text = _ENV.get_template(template).render(here=uri, settings=self.settings,
                                                  listing=self.listing, **context)
        raw_html, self._emitted = tuple(self._emitted), []
        return Page(uri, text, raw_html=raw_html)

    def cards(self, papers: Sequence[Paper], here: str) -> str:
        """Listing cards, each a raw HTML block followed by a blank line.

        Each card is one raw HTML block (escaped here: HTML, not Markdown, context).
        Listing pages hold 3-4 cards per paper in all; as Markdown with ``md_in_html`` each
        card cost MkDocs ~1 ms of inline processing and link rewriting, as raw HTML almost
        nothing. A paper's card is made once; only the path up to the site root differs
        from page to page. Templates get the cards as one string: a call per card from
        Jinja cost more than the card.
        """
        root = "../" * urls.page_url(here, self.settings.directory_urls).count("/")
        blocks = []
        for paper in papers:
            parts = self._cards.get(paper.id)
            if parts is None:
                ready = self.ready.get(paper.id)
                parts = self._cards[paper.id] = (
                    ready.card if ready is not None
                    else card_parts(paper, self.settings.directory_urls))
            blocks.append(root.join(parts))
        self._emitted.extend(blocks)
        return "".join(block + "\n\n" for block in blocks)

    def pages(self) -> Iterator[Page]:
        yield from self.paper_pages()
        yield self.home()
        yield from self.tag_pages()
        yield from self.archive_pages()

    def paper_pages(self) -> Iterator[Page]:
        for paper in self.listing.papers:
            yield self.paper_page(paper)

    def paper_page(self, paper: Paper) -> Page:
        ready = self.ready.get(paper.id)
        if ready is not None:
            return ready.page
        return paper_page(paper, self.listing.notes.get(paper.id), self.content_root)

    def home(self) -> Page:
        newest = self.listing.papers[: self.settings.home_size]
        groups: dict[str, list[Paper]] = {}
        for paper in newest:
            groups.setdefault(f"{paper.added.year:04d}-{paper.added.month:02d}", []).append(paper)
        front = front_matter(title=html.escape(self.settings.site_name),
                             search={"exclude": True})
        cards = {key: self.cards(papers, urls.HOME) for key, papers in groups.items()}
        return self.render("home.md.j2", urls.HOME, front=front, groups=cards,
                           more=len(self.listing.papers) > len(newest))

    def tag_pages(self) -> Iterator[Page]:
        front = front_matter(title="Tags", search={"exclude": True})
        yield self.render("tags_index.md.j2", urls.TAGS_INDEX, front=front)
        for name, papers in self.listing.by_tag.items():
            pages = chunks(papers, self.settings.page_size)
            for number, items in enumerate(pages, start=1):
                uri = urls.tag(name, number)
                title = f"Tag: {name}" + (f" (page {number})" if number > 1 else "")
                front = front_matter(title=title, search={"exclude": True},
                                     feeds=self.tag_feeds(name))
                yield self.render(
                    "tag.md.j2", uri, front=front, name=name, cards=self.cards(items, uri),
                    total=len(papers),
                    number=number, pages=[urls.tag(name, n) for n in range(1, len(pages) + 1)])

    def tag_feeds(self, name: str) -> list[dict[str, str]]:
        """A tag's own feeds, for ``overrides/main.html`` to announce in the page head."""
        return [{"type": urls.FEED_TYPES[kind], "href": urls.feed(kind, name),
                 "title": f"{self.settings.site_name}: {name} ({urls.FEED_LABELS[kind]})"}
                for kind in urls.FEED_FILES]

    def archive_pages(self) -> Iterator[Page]:
        front = front_matter(title="Archive", search={"exclude": True})
        yield self.render("archive_index.md.j2", urls.ARCHIVE_INDEX, front=front)
        for key, papers in self.listing.by_month.items():
            pages = chunks(papers, self.settings.page_size)
            for number, items in enumerate(pages, start=1):
                uri = urls.month(key, number)
                title = month_label(key) + (f" (page {number})" if number > 1 else "")
                front = front_matter(title=title, search={"exclude": True})
                yield self.render(
                    "month.md.j2", uri, front=front, key=key, cards=self.cards(items, uri),
                    total=len(papers),
                    number=number, pages=[urls.month(key, n) for n in range(1, len(pages) + 1)])
