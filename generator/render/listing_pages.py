"""Render: listing pages: the home page, tag pages, the month archive, the inbox, indexes.

Every page is finished HTML: cards come from the card template (made once a paper; only
the path up to the site root differs between pages), text is escaped here, and links
are the built pages' URLs (``urls.Links``).
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import TypeVar

from generator.common import urls
from generator.common.digest import digest
from generator.common.memo import Memo
from generator.enrich.listing import Listing, month_key, month_label
from generator.load.model import Paper
from generator.load.settings import Settings
from generator.render.page import GeneratedPage, encoded
from generator.render.paper_page import card_parts, day
from generator.render.templates import Templates

T = TypeVar("T")


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """Pages of ``size`` items; always at least one page, so empty listings still render."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [items[:0]]


#: Picks shown above the newest additions on the home page; Explore lists them all.
PICKS_ON_HOME = 6
#: Tags on the home page, the most used first; the Tags page lists them all.
TOP_TAGS_ON_HOME = 6


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
        self._cards: dict[str, tuple[bytes, ...]] = {}
        """This build's cards: a card is on several listings (home, month, each tag)."""

    def cards(self, papers: Sequence[Paper], here: str, show_added: bool = True) -> bytes:
        """Listing cards as HTML. A paper's card is made once (with its date added, or
        without it, under a heading that says it); only the path up to the site root
        differs from page to page."""
        root = self.settings.links.root(here).encode()
        key = self._key + ("" if show_added else "-undated")
        cards = []
        for paper in papers:
            # a card shows the paper's own fields only (its prose is made from them)
            card_key = self.listing.keys[paper.id] + key
            parts = self._cards.get(card_key)
            if parts is None:
                parts = self._cards[card_key] = self.memo.get(
                    "cards", card_key, partial(card_parts, paper, self.listing.prose[paper.id],
                                               self.settings.links, self.templates,
                                               show_added))
            cards.append(root.join(parts))
        return b"".join(cards)

    def rows(self, papers: Sequence[Paper], here: str) -> bytes:
        """Papers as an index of titles, a row each with the authors and the date
        published: the archive's view by year, to scan (the cards, with their notes and
        teasers, are on the other listings: a row is a fifth of a card's bytes)."""
        items = []
        for paper in papers:
            meta = [f'<span class="rl-byline">{text(paper.byline)}</span>'] if paper.byline else []
            if paper.published:
                meta.append(f'Published <time datetime="{paper.published.iso()}">'
                            f"{text(paper.published.label())}</time>")
            if paper.pick:
                meta.append('<span class="rl-pick">Curator’s pick</span>')
            items.append(f'<li><a href="{self.href(here, urls.paper(paper.id))}">'
                         f"{self.listing.prose[paper.id].title}</a>"
                         f'<span class="rl-rows__meta">{" · ".join(meta)}</span></li>')
        return encoded('<ul class="rl-rows">\n' + "\n".join(items) + "\n</ul>\n")

    def href(self, here: str, target: str) -> str:
        return html.escape(self.settings.links.href(here, target))

    def link(self, here: str, target: str, label: str) -> str:
        return f'<a href="{self.href(here, target)}">{text(label)}</a>'

    def pages(self) -> Iterator[GeneratedPage]:
        yield self.home()
        yield from self.tag_pages()
        yield from self.archive_pages()
        yield from self.inbox_pages()

    def actions(self, here: str, summary: str, tag: str | None = None) -> str:
        """A listing's ``summary`` (finished HTML), one Subscribe button (to the page that
        says how, feed addresses and all) and the BibTeX of the list or the tag, on one
        line."""
        subscribe = self.href(here, urls.SUBSCRIBE) + (f"#tag-{tag}" if tag else "")
        bib = self.href(here, urls.tag_bib(tag) if tag else urls.BIBLIOGRAPHY)
        label = "Subscribe to this tag" if tag else "Subscribe"
        cite = "BibTeX of these papers" if tag else "BibTeX of the whole list"
        return (f'<p class="rl-actions"><span class="rl-summary">{summary}</span> '
                f'<a class="md-button rl-subscribe" href="{subscribe}">{label}</a> '
                f'<a href="{bib}" download>{cite}</a></p>\n')

    def top_tags(self, here: str) -> str:
        """The most used few tags, then the way to all of them and to the archive: every
        tag stays one click away without pushing the papers off the first screen."""
        by_use = sorted(self.listing.by_tag.items(), key=lambda item: (-len(item[1]), item[0]))
        chips = " ".join(f'<a class="md-tag" href="{self.href(here, urls.tag(name))}">'
                         f"{text(name)}</a>" for name, _ in by_use[:TOP_TAGS_ON_HOME])
        some = len(by_use) > TOP_TAGS_ON_HOME
        label = "Most used tags:" if some else "Tags:"
        every = f"All {len(by_use):,} tags" if some else "All tags"
        return (f'<p class="rl-toptags"><span class="rl-toptags__label">{label}</span> '
                f"{chips} · {self.link(here, urls.TAGS_INDEX, every)} · "
                f"{self.link(here, urls.ARCHIVE_INDEX, 'Archive')}</p>\n")

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
        parts.append(self.actions(here, summary))
        if listing.by_tag:
            parts.append(self.top_tags(here))
        if listing.untagged:
            parts.append(f"<p>{self.link(here, urls.inbox(), 'Inbox')}: "
                         f"{plural(len(listing.untagged), 'paper')} without tags yet</p>\n")
        picks = [paper for paper in listing.papers if paper.pick][:PICKS_ON_HOME]
        if picks:
            parts.append('<h2 id="picks">Curator’s picks</h2>\n')
            parts.append(self.cards(picks, here).decode())
            all_picks = html.escape(settings.links.href(here, urls.EXPLORE) + "?pick=1")
            parts.append(f'<p><a href="{all_picks}">All the curator’s picks →</a></p>\n')
        groups: dict[str, list[Paper]] = {}
        for paper in newest:
            groups.setdefault(month_key(paper.added), []).append(paper)
        for key, papers in groups.items():
            label = month_label(key)
            parts.append(f'<h2 id="{label.lower().replace(" ", "-")}">{label}</h2>\n')
            parts.append(self.cards(papers, here, show_added=False).decode())
        if len(listing.papers) > len(newest):
            older = self.link(here, urls.ARCHIVE_INDEX, "Older papers in the archive →")
            parts.append(f"<p>{older}</p>\n")
        # no title: Material names the home page after the site alone
        return GeneratedPage(here, None, encoded("".join(parts)))

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
        yield GeneratedPage(here, "Tags", encoded("".join(parts)))
        for name, papers in self.listing.by_tag.items():
            def tag_lead(uri: str, name: str = name, count: int = len(papers)) -> str:
                return self.actions(uri, f"{plural(count, 'paper')}, newest first · "
                                    f"{self.link(uri, urls.TAGS_INDEX, 'All tags')}", name)

            yield from self.paged(papers, partial(urls.tag, name), f"Tag: {name}", tag_lead,
                                  kind="tag", head=partial(feed_head, self.settings, name))

    def paged(self, papers: Sequence[Paper], uri_of: Callable[[int], str], heading: str,
              lead: Callable[[str], str], kind: str, title: str | None = None,
              head: Callable[[str], str] | None = None, show_added: bool = True,
              items_html: Callable[[Sequence[Paper], str], bytes] | None = None
              ) -> Iterator[GeneratedPage]:
        """A listing in pages of ``page_size`` cards (or what ``items_html`` makes of a
        page's papers), each with its heading, its lead and a pager above and below."""
        def cards(items: Sequence[Paper], uri: str) -> bytes:
            return self.cards(items, uri, show_added)

        items_html = items_html or cards
        pages = chunks(papers, self.settings.page_size)
        uris = [uri_of(n) for n in range(1, len(pages) + 1)]
        for number, items in enumerate(pages, start=1):
            uri = uris[number - 1]
            name = (title or heading) + (f" (page {number})" if number > 1 else "")
            pager = self.pager(uris, number, uri)
            article = (encoded(f"<h1>{text(heading)}</h1>\n{lead(uri)}{pager}")
                       + items_html(items, uri) + encoded(pager))
            yield GeneratedPage(uri, name, article, head=head(uri) if head else "", kind=kind)

    def archive_pages(self) -> Iterator[GeneratedPage]:
        """The archive: papers by the year they were published and by the month they
        joined the list, each a listing of its own (a young list, all added in one
        month, still has its years to browse)."""
        here = urls.ARCHIVE_INDEX
        years = by_year(self.listing.papers)
        undated = len(self.listing.papers) - sum(map(len, years.values()))
        parts = ["<h1>Archive</h1>\n"]
        if not self.listing.papers:
            parts.append("<p>The list is empty.</p>\n")
        if years:
            items = "\n".join(f"<li>{self.link(here, urls.year(year), str(year))}: "
                              f"{plural(len(papers), 'paper')}</li>"
                              for year, papers in years.items())
            parts.append('<h2 id="published">By year published</h2>\n'
                         f'<ul class="rl-archive">\n{items}\n</ul>\n')
            if undated:
                parts.append(f"<p>{plural(undated, 'paper')} without a publication date "
                             "(in the months below).</p>\n")
        if self.listing.by_month:
            items = "\n".join(f"<li>{self.link(here, urls.month(key), month_label(key))}: "
                              f"{plural(len(papers), 'paper')}</li>"
                              for key, papers in self.listing.by_month.items())
            parts.append('<h2 id="added">By month added to the list</h2>\n'
                         f'<ul class="rl-archive">\n{items}\n</ul>\n')
        yield GeneratedPage(here, "Archive", encoded("".join(parts)))

        def archive_lead(count: int, order: str) -> Callable[[str], str]:
            return lambda uri: (f"<p>{plural(count, 'paper')}, {order} · "
                                f"{self.link(uri, urls.ARCHIVE_INDEX, 'Archive')}</p>\n")

        for year, published in years.items():
            yield from self.paged(published, partial(urls.year, year), f"Published in {year}",
                                  archive_lead(len(published), "latest published first"),
                                  kind="year", items_html=self.rows)
        for key, added in self.listing.by_month.items():
            yield from self.paged(added, partial(urls.month, key),
                                  f"Added in {month_label(key)}",
                                  archive_lead(len(added), "newest first"), kind="month",
                                  title=month_label(key), show_added=False)

    def inbox_pages(self) -> Iterator[GeneratedPage]:
        papers = self.listing.untagged
        lead = (f"{plural(len(papers), 'paper')} without tags yet, newest first: tag them to "
                "file them under their topics." if papers else "Every paper has a tag.")
        yield from self.paged(papers, urls.inbox, "Inbox", lambda uri: f"<p>{lead}</p>\n",
                              kind="inbox")


def by_year(papers: Sequence[Paper]) -> dict[int, list[Paper]]:
    """Papers with a publication date by its year, newest year first; in a year, the
    latest published first, then in the list's order."""
    dated = sorted(((paper.published.first, n, paper) for n, paper in enumerate(papers)
                    if paper.published), key=lambda item: (-item[0].toordinal(), item[1]))
    years: dict[int, list[Paper]] = {}
    for published, _, paper in dated:
        years.setdefault(published.year, []).append(paper)
    return years


def feed_head(settings: Settings, tag: str, here: str) -> str:
    """``<link rel="alternate">`` tags announcing a tag's feeds, in the head of its pages."""
    return "\n".join(
        f'<link rel="alternate" type="{html.escape(feed["type"])}" '
        f'title="{html.escape(feed["title"])}" '
        f'href="{html.escape(settings.links.href(here, feed["href"]))}">'
        for feed in urls.feed_links(settings.site_name, tag))
