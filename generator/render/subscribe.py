"""Render: the Subscribe page: what a feed is, the list's and each tag's feed addresses,
and how to add them to a reader.

A feed opened in a browser is raw XML, and browsers are dropping the XSLT that could
style it; so the pages link here instead of to the feeds, and this page gives each feed's
absolute address (from ``site_url``) with a copy button (Material's clipboard, as Copy
BibTeX uses). The ``<link rel="alternate">`` tags that readers discover stay on every page.
"""

from __future__ import annotations

import html

from generator.common import urls
from generator.enrich.listing import Listing
from generator.load.settings import Settings
from generator.render.page import GeneratedPage, encoded


def _address(element_id: str, url: str) -> str:
    """A feed's address as text to select, and a button copying it."""
    return (f'<span class="rl-feed"><code id="{element_id}">{html.escape(url)}</code> '
            f'<button class="md-button rl-feed__copy" type="button" '
            f'data-clipboard-target="#{element_id}">Copy</button></span>')


def _tag_row(tag: str, count: int, page: str, feed: str) -> str:
    """A tag (``model.TAG_RE``: letters, digits, dashes, so it names ids as it is), its
    count and its feed's address."""
    name = html.escape(tag)
    return (f'<li id="tag-{name}"><a class="md-tag" href="{html.escape(page)}">{name}</a> '
            f'<span class="rl-count">{count:,} paper{"" if count == 1 else "s"}</span><br>'
            f"{_address(f'feed-tag-{name}', feed)}</li>")


def subscribe_page(listing: Listing, settings: Settings) -> GeneratedPage:
    here, base, links = urls.SUBSCRIBE, settings.base_url, settings.links
    name = html.escape(settings.site_name, quote=False)
    newest = ("Every paper" if len(listing.papers) <= settings.feed_size
              else f"The {settings.feed_size:,} papers added last")
    parts = [
        "<h1>Subscribe</h1>\n",
        f"<p>Follow {name} in a feed reader: each paper added to the list comes to you there, "
        "with its authors, the curator’s note and its abstract. No account and no e-mail "
        "address are needed, and you can stop at any time.</p>\n",
        '<h2 id="what">What is a feed?</h2>\n',
        "<p>A feed is a file on this site that lists its newest papers and changes each time "
        "one is added. A feed reader (an app or a website) checks the feeds you give it and "
        "shows you what is new. Opened in a browser, a feed is only code: give its address "
        "to a reader instead.</p>\n",
        '<h2 id="list">The whole list</h2>\n',
        f"<p>{newest}, newest first, in three formats with the same papers: any reader "
        "takes RSS, some prefer Atom or JSON Feed.</p>\n",
        '<ul class="rl-feed-list">\n' + "\n".join(
            f"<li><strong>{urls.FEED_LABELS[kind]}</strong><br>"
            f"{_address(f'feed-{kind}', base + urls.feed(kind))}</li>"
            for kind in urls.FEED_FILES) + "\n</ul>\n",
        '<h2 id="how">How to add a feed to your reader</h2>\n',
        "<ol>\n<li>Copy the feed’s address with its <strong>Copy</strong> button.</li>\n"
        "<li>In your reader, choose to add a feed (“Add feed”, “Follow”, “Subscribe” or "
        "<strong>+</strong>) and paste the address.</li>\n"
        "<li>New papers then appear in the reader as they are added. To stop, remove the "
        "feed there.</li>\n</ol>\n",
        "<p>Any feed reader will do: Feedly, Inoreader or NewsBlur on the web, NetNewsWire on "
        "a Mac or an iPhone, Feeder on Android, Thunderbird on a desktop. Most readers also "
        f"find the feeds from the list’s own address, <code>{html.escape(base)}</code>.</p>\n",
    ]
    if listing.by_tag:
        rows = "\n".join(_tag_row(tag, len(papers), links.href(here, urls.tag(tag)),
                                  base + urls.feed("rss", tag))
                         for tag, papers in listing.by_tag.items())
        parts += [
            '<h2 id="tags">One tag’s papers</h2>\n',
            "<p>Each tag has a feed of its own, with only the papers that carry it (as Atom "
            "and JSON Feed too: <code>atom.xml</code> and <code>feed.json</code> beside "
            "<code>feed.xml</code>).</p>\n",
            f'<ul class="rl-feed-list">\n{rows}\n</ul>\n',
        ]
    return GeneratedPage(here, "Subscribe", encoded("".join(parts)),
                         description=f"Follow {settings.site_name} in a feed reader.",
                         kind="subscribe")
