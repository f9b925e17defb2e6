"""Render: feeds of the newest additions (RSS 2.0, Atom 1.0, JSON Feed 1.1), list and tags.

Pure: ``Listing`` + ``Settings`` in, ``{uri: bytes}`` out. Every date comes from
the content (``added``, at 00:00 UTC), never from the clock, so an unchanged list
rebuilds to byte-identical feeds. XML is built with ``xml.etree.ElementTree``,
which escapes ``&``, ``<`` and ``>`` (hence ``]]>``) in text and attributes;
characters XML 1.0 cannot carry are removed first, from every string.
"""

from __future__ import annotations

import email.utils
import functools
import html
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from generator.common import urls
from generator.common.digest import digest
from generator.common.memo import Memo
from generator.enrich import html_policy, latex_math
from generator.enrich.listing import Listing
from generator.load.model import Paper
from generator.load.settings import Settings

ATOM_NS = "http://www.w3.org/2005/Atom"
DC_NS = "http://purl.org/dc/elements/1.1/"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
GENERATOR = "reading-list-generator"

#: Control characters (C0 but tab/newline/return, DEL, C1), lone surrogates, U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry (control characters)."""
    return _NOT_XML.sub("", text)


def rfc822(day: date) -> str:
    return email.utils.format_datetime(datetime(day.year, day.month, day.day, tzinfo=UTC))


def rfc3339(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


@dataclass(frozen=True, slots=True)
class Entry:
    permalink: str
    """Absolute URL of the paper's page: its link."""
    guid: str
    """Absolute URL of the paper's first page (``Paper.guid_id``): its GUID/id, forever;
    an old URL redirects to the page."""
    title: str
    added: date
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    content_html: str
    external_url: str | None


@dataclass(frozen=True, slots=True)
class Feed:
    title: str
    description: str
    language: str
    home: str
    """Absolute URL of the HTML page the feed follows (home page or tag page)."""
    links: dict[str, str]
    """Feed kind -> absolute URL of this feed in that format."""
    curator: str
    entries: tuple[Entry, ...]

    @property
    def updated(self) -> date | None:
        return max((e.added for e in self.entries), default=None)


class _EntryMaker:
    """Entries for papers, each made once although a paper sits in several feeds."""

    def __init__(self, base: str, listing: Listing) -> None:
        self.base = base
        self.listing = listing
        self.cache: dict[str, Entry] = {}

    def __call__(self, paper: Paper) -> Entry:
        entry = self.cache.get(paper.id)
        if entry is None:
            entry = self.cache[paper.id] = self.make(paper)
        return entry

    def make(self, paper: Paper) -> Entry:
        permalink = self.base + urls.public_path(urls.paper(paper.id))
        authors = paper.authors or ((paper.org,) if paper.org else ())
        return Entry(
            permalink=permalink,
            guid=self.base + urls.public_path(urls.paper(paper.guid_id)),
            title=xml_text(latex_math.to_text(paper.title)),
            added=paper.added,
            authors=tuple(xml_text(a) for a in authors),
            tags=paper.tags,
            content_html=xml_text(self.content(paper, permalink)),
            external_url=paper.link_map.get("paper"),
        )

    def content(self, paper: Paper, permalink: str) -> str:
        """What the paper's page shows, in its order: the curator's note, the abstract,
        the long note. The same clean HTML as the page (``listing.Prose``), its links made
        absolute: feeds are read off the site."""
        prose = self.listing.prose[paper.id]
        parts = []
        if prose.note:
            parts.append("<p><strong>Curator’s note</strong></p>")
            parts.append(html_policy.absolute(prose.note, permalink))
        parts.extend(f"<p>{html_policy.absolute(paragraph, permalink)}</p>"
                     for paragraph in prose.abstract)
        long_note = self.listing.notes.get(paper.id)
        if long_note is not None and prose.long_note:
            parts.append(f"<p><strong>{html.escape(long_note.heading, quote=False)}</strong></p>")
            parts.append(html_policy.absolute(prose.long_note, permalink))
        if not parts:
            parts.append(f'<p><a href="{html.escape(permalink)}">{prose.title}</a></p>')
        return "\n".join(parts)


def build_feeds(listing: Listing, settings: Settings, memo: Memo | None = None
                ) -> dict[str, bytes]:
    """Every feed file: ``feed.xml``, ``atom.xml``, ``feed.json``, and the same per tag.

    A feed is made from its papers and their long notes (and the settings): ``memo``
    keeps each feed's files by a digest of those."""
    base = settings.base_url
    entry = _EntryMaker(base, listing)
    site_name = xml_text(settings.site_name)
    files: dict[str, bytes] = {}
    memo = memo or Memo()

    def add(tag: str | None, title: str, description: str, home: str,
            papers: Sequence[Paper]) -> None:
        shown = papers[: settings.feed_size]

        def make() -> dict[str, bytes]:
            feed = Feed(
                title=title, description=xml_text(description),
                language=xml_text(settings.language),
                home=home, links={kind: base + urls.feed(kind, tag) for kind in WRITERS},
                curator=site_name, entries=tuple(entry(p) for p in shown))
            return {urls.feed(kind, tag): writer(feed) for kind, writer in WRITERS.items()}

        key = digest(repr((tag, title, description, home, settings)),
                     *(listing.keys[p.id] for p in shown))
        files.update(memo.get("feeds", key, make))

    add(None, site_name, settings.description or f"The newest papers on {site_name}.",
        base + urls.public_path(urls.HOME), listing.papers)
    for tag, papers in listing.by_tag.items():
        add(tag, f"{site_name}: {tag}", f"Papers tagged {tag} on {site_name}, newest first.",
            base + urls.public_path(urls.tag(tag)), papers)
    return files


def _sub(parent: ET.Element, tag: str, text: str | None = None,
         **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrib)
    element.text = text
    return element


#: Stands where a feed's items go while its envelope is serialised; see ``_with_items``.
_ITEMS = "rl-items"
#: Serialised items kept: a build needs at most feed_size x (tags + 1); bounded for serve.
_ITEM_CACHE = 8192


def _with_items(root: ET.Element, items: Sequence[str], level: int) -> bytes:
    """Serialise the envelope, then put the (cached, pre-indented) items in its placeholder.

    A paper sits in up to one feed per tag plus the main one; serialising its item once
    instead of once per feed halves the cost of the feeds at 10,000 papers.
    """
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode")
    joined = ("\n" + "  " * level).join(items)
    text = text.replace(f"<{_ITEMS} />", joined, 1)
    return ("<?xml version='1.0' encoding='utf-8'?>\n" + text + "\n").encode("utf-8")


def _item_text(element: ET.Element, level: int) -> str:
    ET.indent(element, level=level)
    return ET.tostring(element, encoding="unicode")


@functools.lru_cache(maxsize=_ITEM_CACHE)
def _rss_item(entry: Entry) -> str:
    item = ET.Element("item")
    _sub(item, "title", entry.title)
    _sub(item, "link", entry.permalink)
    _sub(item, "guid", entry.guid, isPermaLink="true")
    _sub(item, "pubDate", rfc822(entry.added))
    for author in entry.authors:
        _sub(item, "dc:creator", author)
    for tag in entry.tags:
        _sub(item, "category", tag)
    _sub(item, "description", entry.content_html)
    return _item_text(item, level=2)


@functools.lru_cache(maxsize=_ITEM_CACHE)
def _atom_entry(entry: Entry) -> str:
    element = ET.Element("entry")
    _sub(element, "id", entry.guid)
    _sub(element, "title", entry.title)
    _sub(element, "link", rel="alternate", type="text/html", href=entry.permalink)
    _sub(element, "published", rfc3339(entry.added))
    _sub(element, "updated", rfc3339(entry.added))
    for author in entry.authors:
        _sub(_sub(element, "author"), "name", author)
    for tag in entry.tags:
        _sub(element, "category", term=tag)
    _sub(element, "content", entry.content_html, type="html")
    return _item_text(element, level=1)


def rss(feed: Feed) -> bytes:
    # Prefixed names are written literally with their xmlns attributes: no global
    # ET.register_namespace state, and the output does not depend on other callers.
    root = ET.Element("rss", {"version": "2.0", "xmlns:atom": ATOM_NS, "xmlns:dc": DC_NS})
    channel = _sub(root, "channel")
    _sub(channel, "title", feed.title)
    _sub(channel, "link", feed.home)
    _sub(channel, "description", feed.description)
    _sub(channel, "language", feed.language)
    _sub(channel, "atom:link", href=feed.links["rss"], rel="self", type=urls.FEED_TYPES["rss"])
    if feed.updated is not None:
        _sub(channel, "lastBuildDate", rfc822(feed.updated))
    _sub(channel, "generator", GENERATOR)
    _sub(channel, "docs", "https://www.rssboard.org/rss-specification")
    if feed.entries:
        _sub(channel, _ITEMS)
    return _with_items(root, [_rss_item(entry) for entry in feed.entries], level=2)


def atom(feed: Feed) -> bytes:
    root = ET.Element("feed", {"xmlns": ATOM_NS, "xml:lang": feed.language})
    _sub(root, "id", feed.links["atom"])
    _sub(root, "title", feed.title)
    _sub(root, "subtitle", feed.description)
    # An empty feed has no newest addition; a fixed date keeps its bytes stable.
    _sub(root, "updated", rfc3339(feed.updated or date(1970, 1, 1)))
    _sub(root, "link", rel="self", type=urls.FEED_TYPES["atom"], href=feed.links["atom"])
    _sub(root, "link", rel="alternate", type="text/html", href=feed.home)
    # Atom needs an author for each entry: the list's curators stand in where a
    # paper names none (e.g. only an author count).
    _sub(_sub(root, "author"), "name", feed.curator)
    _sub(root, "generator", GENERATOR)
    if feed.entries:
        _sub(root, _ITEMS)
    return _with_items(root, [_atom_entry(entry) for entry in feed.entries], level=1)


def json_feed(feed: Feed) -> bytes:
    items: list[dict[str, object]] = []
    for entry in feed.entries:
        item: dict[str, object] = {
            "id": entry.guid,
            "url": entry.permalink,
            "title": entry.title,
            "content_html": entry.content_html,
            "date_published": rfc3339(entry.added),
        }
        if entry.external_url:
            item["external_url"] = entry.external_url
        if entry.authors:
            item["authors"] = [{"name": name} for name in entry.authors]
        if entry.tags:
            item["tags"] = list(entry.tags)
        items.append(item)
    data = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": feed.home,
        "feed_url": feed.links["json"],
        "description": feed.description,
        "language": feed.language,
        "items": items,
    }
    # compact: indent= makes json fall back to its pure-Python encoder, 0.2 s of the core's
    # time at 10,000 papers (51 feeds); feed readers do not read the whitespace
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


WRITERS: dict[str, Callable[[Feed], bytes]] = {"rss": rss, "atom": atom, "json": json_feed}
