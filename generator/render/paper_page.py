"""Render: a paper's own page, and its card for listing pages, from the templates.

Text from the paper is escaped by the templates (autoescape); its prose arrives as clean
HTML (``listing.Prose``) and is marked so. The page's head (citation meta tags for Zotero
and Google Scholar, JSON-LD) is written here by an HTML encoder.
"""

from __future__ import annotations

import html
import secrets
from datetime import date
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from generator.common import urls
from generator.enrich import latex_math
from generator.enrich.card_note import card_note
from generator.enrich.listing import Listing, Prose
from generator.load.model import LINK_LABELS, Paper, PubDate
from generator.load.settings import Settings
from generator.render import citations
from generator.render.page import GeneratedPage, encoded
from generator.render.templates import Templates

#: Where a card's links need the path up to the site's root (``card_parts``): random, so
#: no text can hold it.
ROOT = f"rl-root-{secrets.token_hex(8)}"
#: Longest description (``<meta name="description">``) a page carries.
DESCRIPTION = 300


def day(value: date) -> str:
    return f"{value:%b} {value.day}, {value.year}"


def when(value: date | PubDate) -> dict[str, str]:
    """A date for ``<time>``: ``iso`` as precise as known, ``label`` as a reader reads it."""
    if isinstance(value, PubDate):
        return {"iso": value.iso(), "label": value.label()}
    return {"iso": value.isoformat(), "label": day(value)}


def source_path(path: str, content_root: str) -> str:
    """``path`` relative to the content folder: what an edit link points at."""
    prefix = content_root.rstrip("/") + "/" if content_root else ""
    return path[len(prefix):] if prefix and path.startswith(prefix) else path


def find_links(title: str) -> dict[str, str]:
    """Searches by the exact title, for a paper with no link to the paper itself."""
    query = latex_math.to_text(title)
    return {
        "Find on arXiv": "https://arxiv.org/search/?" + urlencode(
            {"query": f'"{query}"', "searchtype": "title"}),
        "Find on Hugging Face": "https://huggingface.co/papers?" + urlencode({"q": query}),
    }


def link_buttons(paper: Paper) -> list[dict[str, str]]:
    """The curator's links; searches by title too where none leads to the paper itself."""
    links = paper.link_map
    buttons = [{"label": LINK_LABELS[kind], "url": url} for kind, url in links.items()]
    if "paper" not in links and "pdf" not in links:
        buttons += [{"label": label, "url": url} for label, url in
                    find_links(paper.title).items()]
    return buttons


def head_html(meta: list[list[str]], json_ld: str) -> str:
    """``<meta>`` tags and the JSON-LD script for the page's head (JSON-LD arrives with
    ``<``, ``>`` and ``&`` escaped, so no text in it can end the script)."""
    tags = [f'<meta name="{html.escape(name)}" content="{html.escape(content)}">'
            for name, content in meta]
    tags.append(f'<script type="application/ld+json">{json_ld}</script>')
    return "\n".join(tags)


def description(paper: Paper) -> str | None:
    """The abstract's first paragraph as plain text, cut to ``DESCRIPTION`` characters."""
    if not paper.abstract:
        return None
    text = latex_math.to_text(paper.abstract.split("\n\n", 1)[0])
    return text if len(text) <= DESCRIPTION else text[:DESCRIPTION - 1].rstrip() + "…"


def paper_page(paper: Paper, listing: Listing, settings: Settings, templates: Templates,
               bibtex: str, content_root: str = "") -> GeneratedPage:
    """A paper's page: the title, byline and links, the note, the abstract, the long note,
    how to cite it (``bibtex``, its entry) and the related papers; in its head, how to
    cite it for machines."""
    prose = listing.prose[paper.id]
    note = listing.notes.get(paper.id)
    here = urls.paper(paper.id)
    links = settings.links
    related = []
    for other_id in listing.related.get(paper.id, ()):
        other = listing.by_id[other_id]
        shared = [tag for tag in other.tags if tag in paper.tags]
        related.append({
            "href": links.href(here, urls.paper(other_id)),
            "title_html": Markup(listing.prose[other_id].title),
            "why": ("the curator’s choice" if other_id in paper.see_also
                    else f"tags: {', '.join(shared)}" if shared else "similar words")})
    long_note: dict[str, Any] | None = None
    if note is not None and prose.long_note:
        long_note = {"heading": note.heading, "html": Markup(prose.long_note),
                     "updated": when(note.updated) if note.updated else None}
    article = templates.paper.render(
        tags=[{"name": tag, "href": links.href(here, urls.tag(tag))} for tag in paper.tags],
        title_html=Markup(prose.title),
        credits=" ".join(paper.credits.split()),
        published=when(paper.published) if paper.published else None,
        added=when(paper.added),
        upvotes=paper.upvotes,
        arxiv=paper.arxiv,
        status=paper.status.value if paper.status else None,
        rating=paper.rating,
        links=link_buttons(paper),
        note=Markup(prose.note) if prose.note else None,
        abstract=[Markup(paragraph) for paragraph in prose.abstract],
        long_note=long_note,
        bibtex=bibtex,
        bib_href=links.href(here, urls.paper_bib(paper.id)),
        related=related,
    )
    return GeneratedPage(
        uri=here,
        title=latex_math.to_text(paper.title),
        article=encoded(article),
        description=description(paper),
        head=head_html(citations.highwire(paper, settings.base_url),
                       citations.json_ld(paper, settings.base_url)),
        source=source_path(paper.source.path, content_root),
        kind="paper",
    )


def card_parts(paper: Paper, prose: Prose, links: urls.Links, templates: Templates,
               show_added: bool = True) -> tuple[bytes, ...]:
    """A paper's listing card, split where a link needs the path to the site root
    (``listing_pages.Listings.cards`` joins the parts with it), in UTF-8 like the pages
    it goes into. It speaks in the curator's voice where there is a note, else it gives
    the abstract's first sentence."""
    return tuple(map(encoded, templates.card.render(
        root=Markup(ROOT),
        url=links.url(urls.paper(paper.id)),
        title_html=Markup(prose.title),
        pick=paper.pick,
        byline=paper.byline,
        added=when(paper.added),
        show_added=show_added,
        published=when(paper.published) if paper.published else None,
        upvotes=paper.upvotes,
        status=paper.status.value if paper.status else None,
        rating=paper.rating,
        note=card_note(prose.note) if prose.note else None,
        teaser=Markup(prose.teaser) if prose.teaser else None,
        tags=[{"name": tag, "url": links.url(urls.tag(tag))} for tag in paper.tags],
    ).split(ROOT)))
