"""Listing pages: the home page, tag pages, the month archive, the inbox and their indexes.

Every page is finished HTML: cards come from the card template (made once a paper; only
the path up to the site root differs between pages), text is escaped here, and links
are the built pages' URLs (``urls.Links``).
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from functools import partial
from typing import TypeVar

from generator import urls
from generator.digest import digest
from generator.listing import Listing, month_key
from generator.memo import Memo
from generator.model import Paper
from generator.page import GeneratedPage
from generator.paper_page import card_parts, day
from generator.settings import Settings
from generator.templates import Templates

T = TypeVar("T")


def month_label(key: str) -> str:
    return f"{date.fromisoformat(key + '-01'):%B %Y}"


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """Pages of ``size`` items; always at least one page, so empty listings still render."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [items[:0]]


#: Picks shown above the newest additions on the home page; Explore lists them all.
PICKS_ON_HOME = 6


def tag_size(count: int, most: int) -> int:
    """A tag's size class, 1 to 5, by its share of the largest tag (log scale: a few large
    tags should not dwarf the rest)."""
    if most <= 1:
        return 1
    return 1 + round(4 * math.log(count) / math.log(most))


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def text(value: str) -> str:
    return html.escape(value, quote=False)


class Listings:
    def __init__(self, listing: Listing, settings: Settings, templates: Templates,
                 memo: Memo | None = None) -> None:
        self.listing = listing
        self.settings = settings
        self.templates = templates
        self.memo = memo or Memo()
        self._key = digest(repr(settings.links), templates.fingerprint)

    def cards(self, papers: Sequence[Paper], here: str) -> str:
        """Listing cards as HTML. A paper's card is made once; only the path up to the
        site root differs from page to page."""
        root = self.settings.links.root(here)
        cards = []
        for paper in papers:
            # a card shows the paper's own fields only (its prose is made from them)
            parts = self.memo.get("cards", self.listing.keys[paper.id] + self._key,
                                  partial(card_parts, paper, self.listing.prose[paper.id],
                                          self.settings.links, self.templates))
            cards.append(root.join(parts))
        return "".join(cards)

    def href(self, here: str, target: str) -> str:
        return html.escape(self.settings.links.href(here, target))

    def link(self, here: str, target: str, label: str) -> str:
        return f'<a href="{self.href(here, target)}">{text(label)}</a>'

    def pages(self) -> Iterator[GeneratedPage]:
        yield self.home()
        yield from self.tag_pages()
        yield from self.archive_pages()
        yield from self.inbox_pages()

    def feed_buttons(self, here: str, tag: str | None = None) -> str:
        """Feeds to subscribe to, and the BibTeX of the list (or the tag)."""
        buttons = " ".join(
            f'<a class="md-button" href="{self.href(here, urls.feed(kind, tag))}" '
            f'type="{urls.FEED_TYPES[kind]}">{urls.FEED_LABELS[kind]}</a>'
            for kind in urls.FEED_FILES)
        bib = self.href(here, urls.tag_bib(tag) if tag else urls.BIBLIOGRAPHY)
        lead = "Subscribe to this tag:" if tag else "Subscribe:"
        cite = "Cite these papers" if tag else "Cite the whole list"
        return (f'<div class="rl-feeds">\n<p>{lead} {buttons}</p>\n</div>\n'
                f'<p class="rl-bib">{cite}: <a href="{bib}" download>BibTeX (.bib)</a></p>\n')

    def pager(self, pages: Sequence[str], number: int, here: str) -> str:
        if len(pages) < 2:
            return ""
        links = " ".join(f'<strong aria-current="page">{n}</strong>' if n == number
                         else self.link(here, uri, str(n))
                         for n, uri in enumerate(pages, start=1))
        return (f'<nav class="rl-pager" aria-label="Pages">Page {number} of {len(pages)}: '
                f"{links}</nav>\n")

    def home(self) -> GeneratedPage:
        listing, settings, here = self.listing, self.settings, urls.HOME
        newest = listing.papers[: settings.home_size]
        parts = [f"<h1>{text(settings.site_name)}</h1>\n"]
        if listing.intro:
            parts.append(f'<div class="rl-intro">\n{listing.intro}\n</div>\n')
        elif settings.description:
            parts.append(f"<p>{text(settings.description)}</p>\n")
        summary = f"{plural(len(listing.papers), 'paper')} · {plural(len(listing.by_tag), 'tag')}"
        if listing.newest_added:
            added = listing.newest_added
            summary += (f' · last added <time datetime="{added.isoformat()}">{day(added)}'
                        "</time>")
        parts.append(f'<p class="rl-summary">{summary}</p>\n')
        parts.append(self.feed_buttons(here))
        if listing.by_tag:
            chips = " ".join(f'<a class="md-tag" href="{self.href(here, urls.tag(name))}">'
                             f"{text(name)}</a>" for name in listing.by_tag)
            parts.append(f'<div class="rl-tagcloud">\n<p>{chips}</p>\n</div>\n')
            parts.append(f"<p>{self.link(here, urls.TAGS_INDEX, 'All tags')} · "
                         f"{self.link(here, urls.ARCHIVE_INDEX, 'Archive by month')}</p>\n")
        if listing.untagged:
            parts.append(f"<p>{self.link(here, urls.inbox(), 'Inbox')}: "
                         f"{plural(len(listing.untagged), 'paper')} without tags yet</p>\n")
        picks = [paper for paper in listing.papers if paper.pick][:PICKS_ON_HOME]
        if picks:
            parts.append('<h2 id="picks">Curator’s picks</h2>\n')
            parts.append(self.cards(picks, here))
            all_picks = html.escape(settings.links.href(here, "explore/index.md") + "?pick=1")
            parts.append(f'<p><a href="{all_picks}">All the curator’s picks →</a></p>\n')
        groups: dict[str, list[Paper]] = {}
        for paper in newest:
            groups.setdefault(month_key(paper.added), []).append(paper)
        for key, papers in groups.items():
            label = month_label(key)
            parts.append(f'<h2 id="{label.lower().replace(" ", "-")}">{label}</h2>\n')
            parts.append(self.cards(papers, here))
        if len(listing.papers) > len(newest):
            older = self.link(here, urls.ARCHIVE_INDEX, "Older papers in the archive →")
            parts.append(f"<p>{older}</p>\n")
        # no title: Material names the home page after the site alone
        return GeneratedPage(here, None, "".join(parts))

    def tag_pages(self) -> Iterator[GeneratedPage]:
        here = urls.TAGS_INDEX
        counts = {name: len(papers) for name, papers in self.listing.by_tag.items()}
        parts = ["<h1>Tags</h1>\n"]
        if counts:
            most = max(counts.values())
            chips = "\n".join(
                f'<a class="md-tag rl-size-{tag_size(count, most)}" '
                f'href="{self.href(here, urls.tag(name))}">{text(name)} '
                f'<span class="rl-count">{count}</span></a>' for name, count in counts.items())
            parts.append(f"<p>{plural(len(counts), 'tag')}, each with its number of papers; "
                         "the more papers, the larger.</p>\n")
            parts.append(f'<div class="rl-tag-index">\n{chips}\n</div>\n')
        else:
            parts.append("<p>No paper has a tag yet.</p>\n")
        yield GeneratedPage(here, "Tags", "".join(parts))
        for name, papers in self.listing.by_tag.items():
            def tag_lead(uri: str, name: str = name, count: int = len(papers)) -> str:
                return (f"<p>{plural(count, 'paper')}, newest first · "
                        f"{self.link(uri, urls.TAGS_INDEX, 'All tags')}</p>\n"
                        + self.feed_buttons(uri, name))

            yield from self.paged(papers, partial(urls.tag, name), f"Tag: {name}", tag_lead,
                                  kind="tag", head=partial(feed_head, self.settings, name))

    def paged(self, papers: Sequence[Paper], uri_of: Callable[[int], str], heading: str,
              lead: Callable[[str], str], kind: str, title: str | None = None,
              head: Callable[[str], str] | None = None) -> Iterator[GeneratedPage]:
        """A listing in pages of ``page_size`` cards, each with its heading, its lead and a
        pager above and below the cards."""
        pages = chunks(papers, self.settings.page_size)
        uris = [uri_of(n) for n in range(1, len(pages) + 1)]
        for number, items in enumerate(pages, start=1):
            uri = uris[number - 1]
            name = (title or heading) + (f" (page {number})" if number > 1 else "")
            pager = self.pager(uris, number, uri)
            article = (f"<h1>{text(heading)}</h1>\n{lead(uri)}{pager}"
                       f"{self.cards(items, uri)}{pager}")
            yield GeneratedPage(uri, name, article, head=head(uri) if head else "", kind=kind)

    def archive_pages(self) -> Iterator[GeneratedPage]:
        here = urls.ARCHIVE_INDEX
        months = "\n".join(
            f"<li>{self.link(here, urls.month(key), month_label(key))}: "
            f"{plural(len(papers), 'paper')}</li>" for key, papers in self.listing.by_month.items())
        body = f"<ul>\n{months}\n</ul>" if months else "<p>The list is empty.</p>"
        yield GeneratedPage(here, "Archive", (
            "<h1>Archive</h1>\n<p>Papers by the month they joined the list, newest first.</p>\n"
            f"{body}\n"))
        for key, papers in self.listing.by_month.items():
            def month_lead(uri: str, count: int = len(papers)) -> str:
                return (f"<p>{plural(count, 'paper')} · "
                        f"{self.link(uri, urls.ARCHIVE_INDEX, 'Archive')}</p>\n")

            yield from self.paged(papers, partial(urls.month, key),
                                  f"Added in {month_label(key)}", month_lead, kind="month",
                                  title=month_label(key))

    def inbox_pages(self) -> Iterator[GeneratedPage]:
        papers = self.listing.untagged
        lead = (f"{plural(len(papers), 'paper')} without tags yet, newest first: tag them to "
                "file them under their topics." if papers else "Every paper has a tag.")
        yield from self.paged(papers, urls.inbox, "Inbox", lambda uri: f"<p>{lead}</p>\n",
                              kind="inbox")


def feed_head(settings: Settings, tag: str, here: str) -> str:
    """``<link rel="alternate">`` tags announcing a tag's feeds, in the head of its pages."""
    return "\n".join(
        f'<link rel="alternate" type="{html.escape(feed["type"])}" '
        f'title="{html.escape(feed["title"])}" '
        f'href="{html.escape(settings.links.href(here, feed["href"]))}">'
        for feed in urls.feed_links(settings.site_name, tag))
