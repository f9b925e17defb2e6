"""Listing pages: the home page, tag pages, the month archive and their indexes.

Cards are finished HTML (``Html`` blocks): listing pages hold three or four cards per
paper in all, and as Markdown each cost MkDocs ~1 ms. Headings and the few links
between listing pages stay Markdown, so MkDocs checks them.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from functools import partial
from typing import TypeVar

from generator import urls
from generator.build_cache import digest
from generator.escape import md_text
from generator.frontmatter import front_matter
from generator.listing import Listing, month_key
from generator.memo import Memo
from generator.model import Paper
from generator.page import Block, Html, Markdown, Page, blocks
from generator.paper_page import card_parts, time
from generator.settings import Settings

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


class Listings:
    def __init__(self, listing: Listing, settings: Settings, memo: Memo | None = None) -> None:
        self.listing = listing
        self.settings = settings
        self.memo = memo or Memo()
        self._links = digest(repr(settings.links))

    def cards(self, papers: Sequence[Paper], here: str) -> Html:
        """Listing cards as one HTML block. A paper's card is made once; only the path up
        to the site root differs from page to page."""
        root = self.settings.links.root(here)
        blocks = []
        for paper in papers:
            # a card shows the paper's own fields only (its prose is made from them)
            parts = self.memo.get("cards", self.listing.keys[paper.id] + self._links,
                                  partial(card_parts, paper, self.listing.prose[paper.id],
                                          self.settings.links))
            blocks.append(root.join(parts))
        return Html("\n".join(blocks))

    def href(self, here: str, target: str) -> str:
        return html.escape(self.settings.links.href(here, target))

    def pages(self) -> Iterator[Page]:
        yield self.home()
        yield from self.tag_pages()
        yield from self.archive_pages()
        yield from self.inbox_pages()

    def feed_buttons(self, here: str, tag: str | None = None) -> Html:
        """Feeds to subscribe to, and the BibTeX of the list (or the tag)."""
        buttons = " ".join(
            f'<a class="md-button" href="{self.href(here, urls.feed(kind, tag))}" '
            f'type="{urls.FEED_TYPES[kind]}">{urls.FEED_LABELS[kind]}</a>'
            for kind in urls.FEED_FILES)
        bib = self.href(here, urls.tag_bib(tag) if tag else urls.BIBLIOGRAPHY)
        lead = "Subscribe to this tag:" if tag else "Subscribe:"
        cite = "Cite these papers" if tag else "Cite the whole list"
        return Html(f'<div class="rl-feeds">\n<p>{lead} {buttons}</p>\n</div>\n'
                    f'<p class="rl-bib">{cite}: <a href="{bib}" download>BibTeX (.bib)</a></p>')

    def pager(self, pages: Sequence[str], number: int, here: str) -> list[Block]:
        if len(pages) < 2:
            return []
        links = " ".join(f"**{n}**" if n == number else f"[{n}]({urls.relative(here, uri)})"
                         for n, uri in enumerate(pages, start=1))
        return [Markdown(f'<nav class="rl-pager" markdown>\nPage {number} of {len(pages)}: '
                         f"{links}\n</nav>")]

    def home(self) -> Page:
        listing, settings, here = self.listing, self.settings, urls.HOME
        newest = listing.papers[: settings.home_size]
        blocks: list[Block] = [Markdown(f"# {md_text(settings.site_name)}")]
        if listing.intro:
            blocks.append(Html(f'<div class="rl-intro">\n{listing.intro}\n</div>'))
        elif settings.description:
            blocks.append(Markdown(md_text(settings.description)))
        summary = f"{plural(len(listing.papers), 'paper')} · {plural(len(listing.by_tag), 'tag')}"
        if listing.newest_added:
            summary += f" · last added {time(listing.newest_added)}"
        blocks.append(Html(f'<p class="rl-summary">{summary}</p>'))
        blocks.append(self.feed_buttons(here))
        if listing.by_tag:
            chips = " ".join(f'<a class="md-tag" href="{self.href(here, urls.tag(name))}">'
                             f"{html.escape(name)}</a>" for name in listing.by_tag)
            blocks.append(Html(f'<div class="rl-tagcloud">\n<p>{chips}</p>\n</div>'))
            archive = urls.relative(here, urls.ARCHIVE_INDEX)
            blocks.append(Markdown(f"[All tags]({urls.relative(here, urls.TAGS_INDEX)}) · "
                                   f"[Archive by month]({archive})"))
        if listing.untagged:
            blocks.append(Markdown(
                f"[Inbox]({urls.relative(here, urls.inbox())}): "
                f"{plural(len(listing.untagged), 'paper')} without tags yet"))
        picks = [paper for paper in listing.papers if paper.pick][:PICKS_ON_HOME]
        if picks:
            blocks.append(Markdown("## Curator’s picks"))
            blocks.append(self.cards(picks, here))
            all_picks = html.escape(settings.links.href(here, "explore/index.md") + "?pick=1")
            blocks.append(Html(f'<p><a href="{all_picks}">All the curator’s picks →</a></p>'))
        groups: dict[str, list[Paper]] = {}
        for paper in newest:
            groups.setdefault(month_key(paper.added), []).append(paper)
        for key, papers in groups.items():
            blocks.append(Markdown(f"## {month_label(key)}"))
            blocks.append(self.cards(papers, here))
        if len(listing.papers) > len(newest):
            blocks.append(Markdown(f"[Older papers in the archive →]"
                                   f"({urls.relative(here, urls.ARCHIVE_INDEX)})"))
        # no title: Material names the home page after the site alone
        front = front_matter(search={"exclude": True}, hide=["navigation"])
        return Page(here, front, tuple(blocks))

    def tag_pages(self) -> Iterator[Page]:
        here = urls.TAGS_INDEX
        counts = {name: len(papers) for name, papers in self.listing.by_tag.items()}
        if counts:
            most = max(counts.values())
            chips = "\n".join(
                f'<a class="md-tag rl-size-{tag_size(count, most)}" '
                f'href="{self.href(here, urls.tag(name))}">{html.escape(name)} '
                f'<span class="rl-count">{count}</span></a>' for name, count in counts.items())
            index: Block = Html(f'<div class="rl-tag-index">\n{chips}\n</div>')
        else:
            index = Markdown("No paper has a tag yet.")
        lead = Markdown(f"{plural(len(counts), 'tag')}, each with its number of papers; the "
                        "more papers, the larger.")
        yield Page(here, front_matter(title="Tags", search={"exclude": True},
                                      hide=["navigation", "toc"]),
                   (Markdown("# Tags"), lead, index) if counts else (Markdown("# Tags"), index))
        for name, papers in self.listing.by_tag.items():
            def tag_lead(uri: str, name: str = name, count: int = len(papers)) -> list[Block]:
                return [Markdown(f"{plural(count, 'paper')}, newest first · "
                                 f"[All tags]({urls.relative(uri, urls.TAGS_INDEX)})"),
                        self.feed_buttons(uri, name)]

            yield from self.paged(papers, partial(urls.tag, name), f"Tag: {name}", tag_lead,
                                  feeds=urls.feed_links(self.settings.site_name, name))

    def paged(self, papers: Sequence[Paper], uri_of: Callable[[int], str], heading: str,
              lead: Callable[[str], Sequence[Block]], title: str | None = None,
              **front: object) -> Iterator[Page]:
        """A listing in pages of ``page_size`` cards, each with its heading, its lead and a
        pager above and below the cards."""
        pages = chunks(papers, self.settings.page_size)
        uris = [uri_of(n) for n in range(1, len(pages) + 1)]
        for number, items in enumerate(pages, start=1):
            uri = uris[number - 1]
            name = (title or heading) + (f" (page {number})" if number > 1 else "")
            yield Page(uri, front_matter(title=name, search={"exclude": True},
                                         hide=["navigation", "toc"], **front), blocks(
                Markdown(f"# {md_text(heading)}"),
                *lead(uri),
                *self.pager(uris, number, uri),
                self.cards(items, uri),
                *self.pager(uris, number, uri),
            ))

    def archive_pages(self) -> Iterator[Page]:
        here = urls.ARCHIVE_INDEX
        months = "\n".join(
            f"- [{month_label(key)}]({urls.relative(here, urls.month(key))}): "
            f"{plural(len(papers), 'paper')}" for key, papers in self.listing.by_month.items())
        yield Page(here, front_matter(title="Archive", search={"exclude": True},
                                      hide=["navigation", "toc"]), (
            Markdown("# Archive"),
            Markdown("Papers by the month they joined the list, newest first."),
            Markdown(months or "The list is empty."),
        ))
        for key, papers in self.listing.by_month.items():
            def month_lead(uri: str, count: int = len(papers)) -> list[Block]:
                return [Markdown(f"{plural(count, 'paper')} · "
                                 f"[Archive]({urls.relative(uri, urls.ARCHIVE_INDEX)})")]

            yield from self.paged(papers, partial(urls.month, key),
                                  f"Added in {month_label(key)}", month_lead,
                                  title=month_label(key))

    def inbox_pages(self) -> Iterator[Page]:
        papers = self.listing.untagged
        lead = (f"{plural(len(papers), 'paper')} without tags yet, newest first: tag them to "
                "file them under their topics." if papers else "Every paper has a tag.")
        yield from self.paged(papers, urls.inbox, "Inbox", lambda uri: [Markdown(lead)])
