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

from generator import urls
from generator.escape import md_text
from generator.frontmatter import front_matter
from generator.listing import Prose
from generator.model import LINK_LABELS, Note, Paper, PubDate
from generator.page import Block, Html, Markdown, Page


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


def paper_page(paper: Paper, prose: Prose, note: Note | None, content_root: str = "") -> Page:
    # The abstract's first paragraph, cut, then escaped: Material prints
    # page.meta.description into an HTML attribute without escaping it
    description = (html.escape(paper.abstract.split("\n\n", 1)[0][:300], quote=True)
                   if paper.abstract else None)
    front = front_matter(
        title=html.escape(paper.title),
        date=paper.added,
        published=paper.published.iso() if paper.published else None,
        tags=list(paper.tags),
        description=description,
    )
    blocks: list[Block] = [Html(_header(paper))]
    if prose.note:
        blocks.append(Html('<div class="admonition note">\n'
                           '<p class="admonition-title">Curator’s note</p>\n'
                           f"{prose.note}\n</div>"))
    if prose.abstract:
        blocks.append(Markdown("## Abstract"))
        blocks.append(Html("\n".join(f'<p class="rl-abstract">{paragraph}</p>'
                                     for paragraph in prose.abstract)))
    if note is not None and prose.long_note:
        blocks.append(Markdown(f"## {md_text(note.heading)}"))
        if note.updated:
            blocks.append(Html(f'<p class="rl-dates">Updated {time(note.updated)}</p>'))
        blocks.append(Html(f'<div class="rl-long-note">\n{prose.long_note}\n</div>'))
    return Page(urls.paper(paper.id), front, tuple(blocks),
                source_path(paper.source.path, content_root))


def _header(paper: Paper) -> str:
    """Byline, dates, curation and links: one HTML block."""
    out = []
    if paper.credits:
        out.append(f'<p class="rl-byline">{one_line(paper.credits)}</p>')
    dates = []
    if paper.published:
        dates.append(f"Published {published_time(paper.published)} · ")
    dates.append(f"Added {time(paper.added)}")
    if paper.upvotes is not None:
        plural = "" if paper.upvotes == 1 else "s"
        dates.append(f' · <span class="rl-upvotes" title="upvotes">▲ {paper.upvotes} '
                     f"upvote{plural}</span>")
    if paper.arxiv:
        dates.append(f" · arXiv:{one_line(paper.arxiv)}")
    out.append(f'<p class="rl-dates">{"".join(dates)}</p>')
    if paper.status or paper.rating:
        parts = []
        if paper.status:
            value = paper.status.value
            parts.append(f'Status: <span class="rl-status rl-status--{value}">{value}</span>')
        if paper.rating:
            stars = "★" * paper.rating + "☆" * (5 - paper.rating)
            parts.append(f'Rating: <span class="rl-rating" title="{paper.rating} out of 5">'
                         f"{stars}</span>")
        out.append(f'<p class="rl-curation">{" · ".join(parts)}</p>')
    links = paper.link_map
    if links:
        buttons = " ".join(
            f'<a class="md-button{" md-button--primary" if n == 0 else ""}" '
            f'href="{html.escape(url, quote=True)}" rel="noopener">{LINK_LABELS[kind]}</a>'
            for n, (kind, url) in enumerate(links.items()))
        out.append(f'<p class="rl-links">{buttons}</p>')
    return "\n".join(out)


def card_parts(paper: Paper, directory_urls: bool) -> tuple[str, ...]:
    """A paper's listing card, split where a link needs the path to the site root
    (``listings.Listings.cards`` joins the parts with it)."""
    def link(target: str) -> str:
        # split point: the caller joins the parts with the path to the root
        return "\x00" + html.escape(urls.page_url(target, directory_urls))

    meta = [f"Published {published_time(paper.published)}" if paper.published
            else f"Added {time(paper.added)}"]
    if paper.byline:
        meta.append(text(paper.byline))
    if paper.upvotes is not None:
        meta.append(f'<span class="rl-upvotes" title="upvotes">▲ {paper.upvotes}</span>')
    if paper.status:
        status = html.escape(paper.status.value)
        meta.append(f'<span class="rl-status rl-status--{status}">{status}</span>')
    lines = [
        '<article class="rl-card">',
        f'<p><a class="rl-card__title" href="{link(urls.paper(paper.id))}">'
        f"{one_line(paper.title)}</a></p>",
        f'<p><span class="rl-card__meta">{" · ".join(meta)}</span></p>',
    ]
    if paper.tags:
        lines.append("<p>" + " ".join(
            f'<a class="md-tag" href="{link(urls.tag(tag))}">{html.escape(tag)}</a>'
            for tag in paper.tags) + "</p>")
    lines.append("</article>")
    # Text is escaped, so NUL appears only where link() put it (escaping drops it).
    return tuple("\n".join(lines).split("\x00"))
