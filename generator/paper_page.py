"""A paper's own page, and its card for listing pages.

Built with f-strings, not a template: at 10,000 papers a template's per-page overhead
was a third of the core's time. Everything is finished HTML (``Html`` blocks) but the
headings, which stay Markdown for the table of contents. Text from the paper is
escaped here; its prose arrives as clean HTML (``listing.Prose``).
"""

from __future__ import annotations

import functools
import html
from datetime import date
from urllib.parse import urlencode

from generator import citations, latex_math, urls
from generator.escape import md_text
from generator.frontmatter import front_matter
from generator.listing import Listing, Prose
from generator.model import LINK_LABELS, Paper, PubDate
from generator.page import Block, Html, Markdown, Page
from generator.settings import Settings


def text(value: str) -> str:
    """Plain text for HTML: ``<``, ``>``, ``&`` escaped, NUL (not valid HTML) dropped."""
    return html.escape(value.replace("\x00", ""), quote=False)


def one_line(value: str) -> str:
    return text(" ".join(value.split()))


@functools.lru_cache(maxsize=8192)
def day(value: date) -> str:
    return f"{value:%b} {value.day}, {value.year}"


def time(value: date) -> str:
    return f'<time datetime="{value.isoformat()}">{day(value)}</time>'


def published_time(value: PubDate) -> str:
    """A publication date as precise as it is known: a year, a month or a day."""
    return f'<time datetime="{value.iso()}">{value.label()}</time>'


def source_path(path: str, content_root: str) -> str:
    """``path`` relative to the content folder: what an edit link points at."""
    prefix = content_root.rstrip("/") + "/" if content_root else ""
    return path[len(prefix):] if prefix and path.startswith(prefix) else path


def find_links(title: str) -> dict[str, str]:
    """Searches by the exact title, for a paper that links nowhere: no page is a dead end."""
    query = latex_math.to_text(title)
    return {
        "Find on arXiv": "https://arxiv.org/search/?" + urlencode(
            {"query": f'"{query}"', "searchtype": "title"}),
        "Find on Hugging Face": "https://huggingface.co/papers?" + urlencode({"q": query}),
    }


def paper_page(paper: Paper, listing: Listing, settings: Settings,
               content_root: str = "") -> Page:
    """A paper's page: front matter (with its citation meta tags and JSON-LD for the page
    head), the title, byline and links, the note, the abstract, the long note, how to cite
    it and the related papers."""
    prose = listing.prose[paper.id]
    note = listing.notes.get(paper.id)
    here = urls.paper(paper.id)
    # The abstract's first paragraph, cut, then escaped: Material prints
    # page.meta.description into an HTML attribute without escaping it
    description = (html.escape(latex_math.to_text(paper.abstract.split("\n\n", 1)[0])[:300],
                               quote=True) if paper.abstract else None)
    front = front_matter(
        title=html.escape(latex_math.to_text(paper.title)),
        date=paper.added,
        published=paper.published.iso() if paper.published else None,
        tags=list(paper.tags),
        description=description,
        hide=["navigation", "toc"],  # one heading at most: the page is its own contents
        # found through the papers' own index (search_index), not the builder's
        search={"exclude": True} if settings.search_index else None,
        citation=citations.highwire(paper, settings.base_url),
        jsonld=citations.json_ld(paper, settings.base_url),
    )
    # the title is the search result's own title: not its text again
    hrefs = {tag: html.escape(settings.links.href(here, urls.tag(tag))) for tag in paper.tags}
    chips = "".join(f'<a class="md-tag" href="{hrefs[tag]}">{html.escape(tag)}</a>'
                    for tag in paper.tags)
    nav = '<nav class="md-tags" aria-label="Tags" data-search-exclude>'
    tags = f"{nav}{chips}</nav>\n" if chips else ""
    blocks: list[Block] = [Html(f"{tags}<h1 data-search-exclude>{prose.title}</h1>\n"
                                f"{_header(paper)}")]
    if prose.note:
        blocks.append(Html('<div class="admonition note">\n'
                           '<p class="admonition-title" data-search-exclude>Curator’s note</p>\n'
                           f"{prose.note}\n</div>"))
    if prose.abstract:
        # no id on the heading: Material's search would start a section there, and a
        # result's teaser would lose the abstract; the anchor is on the block instead
        paragraphs = "\n".join(f"<p>{paragraph}</p>" for paragraph in prose.abstract)
        blocks.append(Html(f'<div class="rl-abstract" id="abstract">\n'
                           f"<h2 data-search-exclude>Abstract</h2>\n{paragraphs}\n</div>"))
    if note is not None and prose.long_note:
        blocks.append(Markdown(f"## {md_text(note.heading)}"))
        if note.updated:
            blocks.append(Html(f'<p class="rl-dates" data-search-exclude>Updated '
                               f"{time(note.updated)}</p>"))
        blocks.append(Html(f'<div class="rl-long-note">\n{prose.long_note}\n</div>'))
    blocks.append(Html(_cite(paper, here, settings)))
    related = _related(paper, listing, here, settings.links)
    if related:
        blocks.append(Html(related))
    return Page(here, front, tuple(blocks), source_path(paper.source.path, content_root))


def _cite(paper: Paper, here: str, settings: Settings) -> str:
    """Copy BibTeX (Material's clipboard, which confirms it), the .bib file, the entry."""
    entry = citations.bibtex(paper, settings.base_url)
    bib = html.escape(settings.links.href(here, urls.paper_bib(paper.id)))
    return ('<div class="rl-cite" data-search-exclude>\n'
            '<h2 id="cite">Cite</h2>\n'
            '<p><button class="md-button md-button--primary rl-cite__copy" type="button" '
            f'data-clipboard-text="{html.escape(entry, quote=True)}">Copy BibTeX</button> '
            f'<a class="md-button" href="{bib}" download>Download .bib</a></p>\n'
            '<details class="rl-cite__bibtex"><summary>BibTeX</summary>'
            f"<pre><code>{html.escape(entry, quote=False)}</code></pre></details>\n</div>")


def _related(paper: Paper, listing: Listing, here: str, links: urls.Links) -> str:
    """Up to five related papers: the curator's see_also, then the nearest by words and tags;
    left out of search, where their titles would find this page."""
    items = []
    for other_id in listing.related.get(paper.id, ()):
        other = listing.by_id[other_id]
        shared = [tag for tag in other.tags if tag in paper.tags]
        why = ("the curator’s choice" if other_id in paper.see_also
               else f"tags: {', '.join(shared)}" if shared else "similar words")
        href = html.escape(links.href(here, urls.paper(other_id)))
        items.append(f'<li><a href="{href}">{listing.prose[other_id].title}</a> '
                     f'<span class="rl-related__why">{html.escape(why)}</span></li>')
    if not items:
        return ""
    return ('<div class="rl-related" data-search-exclude>\n<h2 id="related">Related papers</h2>'
            f"\n<ul>\n{chr(10).join(items)}\n</ul>\n</div>")


def upvotes(count: int, long: bool = False) -> str:
    label = (" upvote" + ("" if count == 1 else "s")) if long else ""
    return f'<span class="rl-upvotes" title="upvotes">▲\u00a0{count}{label}</span>'


def status_badge(paper: Paper) -> str:
    value = paper.status.value if paper.status else ""
    return f'<span class="rl-status rl-status--{value}">{value}</span>' if value else ""


def _header(paper: Paper) -> str:
    """Byline and dates (one paragraph: one line in a search result), curation and links
    (left out of search: neither searched for nor useful in a result)."""
    meta = []
    if paper.credits:
        # on the page the byline is a line of its own; in a search result, where tags are
        # gone, the separator keeps it apart from the dates
        meta.append(f'<span class="rl-byline">{one_line(paper.credits)}</span>'
                    '<span class="rl-sep"> · </span>')
    dates = []
    if paper.published:
        dates.append(f"Published {published_time(paper.published)}")
    dates.append(f"Added {time(paper.added)}")
    if paper.upvotes is not None:
        dates.append(upvotes(paper.upvotes, long=True))
    if paper.arxiv:
        dates.append(f"arXiv:{one_line(paper.arxiv)}")
    meta.append(f'<span class="rl-dates">{" · ".join(dates)}</span>')
    out = [f'<p class="rl-meta">{"".join(meta)}</p>']
    if paper.status or paper.rating:
        parts = []
        if paper.status:
            parts.append(f"Status: {status_badge(paper)}")
        if paper.rating:
            stars = "★" * paper.rating + "☆" * (5 - paper.rating)
            parts.append(f'Rating: <span class="rl-rating" title="{paper.rating} out of 5">'
                         f"{stars}</span>")
        out.append(f'<p class="rl-curation" data-search-exclude>{" · ".join(parts)}</p>')
    links = paper.link_map
    buttons = [(LINK_LABELS[kind], url) for kind, url in links.items()] if links \
        else list(find_links(paper.title).items())
    out.append('<p class="rl-links" data-search-exclude>' + " ".join(
        f'<a class="md-button{" md-button--primary" if n == 0 else ""}" '
        f'href="{html.escape(url, quote=True)}" rel="noopener">{label}</a>'
        for n, (label, url) in enumerate(buttons)) + "</p>")
    return "\n".join(out)


def card_parts(paper: Paper, prose: Prose, links: urls.Links) -> tuple[str, ...]:
    """A paper's listing card, split where a link needs the path to the site root
    (``listings.Listings.cards`` joins the parts with it)."""
    def link(target: str) -> str:
        # split point: the caller joins the parts with the path to the root
        return "\x00" + html.escape(links.url(target))

    meta = []
    if paper.byline:
        meta.append(f'<span class="rl-byline">{text(paper.byline)}</span>')
    meta.append(f'<span class="rl-nowrap">Added {time(paper.added)}</span>')
    if paper.published:
        meta.append(f'<span class="rl-nowrap">Published {published_time(paper.published)}'
                    "</span>")
    if paper.upvotes is not None:
        meta.append(upvotes(paper.upvotes))
    if paper.status:
        meta.append(status_badge(paper))
    if paper.rating:
        meta.append(f'<span class="rl-rating" title="rated {paper.rating} out of 5">'
                    f"{'★' * paper.rating}</span>")
    if paper.pick:
        meta.append('<span class="rl-pick">Curator’s pick</span>')
    lines = [
        f'<article class="rl-card{" rl-card--pick" if paper.pick else ""}">',
        f'<p><a class="rl-card__title" href="{link(urls.paper(paper.id))}">{prose.title}</a></p>',
        f'<p class="rl-card__meta">{" · ".join(meta)}</p>',
    ]
    if paper.abstract:
        lines.append(f'<p class="rl-card__teaser">{prose.teaser}</p>')
        paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in prose.abstract)
        lines.append(f'<details class="rl-card__abstract"><summary>Abstract</summary>'
                     f"{paragraphs}</details>")
    if paper.tags:
        lines.append('<p class="rl-card__tags">' + " ".join(
            f'<a class="md-tag" href="{link(urls.tag(tag))}">{html.escape(tag)}</a>'
            for tag in paper.tags) + "</p>")
    lines.append("</article>")
    # Text is escaped, so NUL appears only where link() put it (escaping drops it).
    return tuple("\n".join(lines).split("\x00"))
