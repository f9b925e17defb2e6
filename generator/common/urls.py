"""Common: where each generated page lives (source URIs, as MkDocs sees them), how pages link."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

HOME = "index.md"
TAGS_INDEX = "tags/index.md"
ARCHIVE_INDEX = "archive/index.md"
#: How to follow the list and its tags in a feed reader (``subscribe.py``).
SUBSCRIBE = "subscribe/index.md"
EXPLORE = "explore/index.md"
STATS = "stats/index.md"


def inbox(page: int = 1) -> str:
    """Papers without tags yet, newest first: what a curator has still to sort."""
    return "inbox/index.md" if page == 1 else f"inbox/page-{page}.md"


def paper(paper_id: str) -> str:
    return f"papers/{paper_id}.md"


def paper_bib(paper_id: str) -> str:
    """A paper's BibTeX file, beside its page's folder."""
    return f"papers/{paper_id}.bib"


#: The whole list's BibTeX; a tag's is ``tags/<tag>/papers.bib`` (``tag_bib``).
BIBLIOGRAPHY = "papers.bib"


def tag_bib(name: str) -> str:
    return f"tags/{name}/papers.bib"


def tag(name: str, page: int = 1) -> str:
    return f"tags/{name}/index.md" if page == 1 else f"tags/{name}/page-{page}.md"


def month_key(day: date) -> str:
    """The archive's month of a date: ``2024-08``."""
    return f"{day.year:04d}-{day.month:02d}"


def month(key: str, page: int = 1) -> str:
    return f"archive/{key}.md" if page == 1 else f"archive/{key}-page-{page}.md"


def year(value: int, page: int = 1) -> str:
    """Papers published in a year (``archive/published-2024/``), beside the months added."""
    stem = f"archive/published-{value:04d}"
    return f"{stem}.md" if page == 1 else f"{stem}-page-{page}.md"


@functools.lru_cache(maxsize=65536)
def _relative(folder: str, target: str) -> str:
    if not folder:
        return target
    start = folder.split("/")
    parts = target.split("/")
    common = 0
    for a, b in zip(start, parts, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start) - common) + parts[common:]) or "."


def relative(here: str, target: str) -> str:
    """A Markdown link from page ``here`` to ``target``; MkDocs turns it into the page URL.

    Both are normalised source URIs (no ``.`` or ``..`` parts), so this equals
    ``posixpath.relpath(target, dirname(here))``, at a tenth of its cost.
    """
    return _relative(here.rpartition("/")[0], target)


def public_path(uri: str) -> str:
    """The URL path MkDocs gives a page (``use_directory_urls``), for feeds' absolute links."""
    if not uri.endswith(".md"):
        return uri
    stem = uri[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def page_url(uri: str, directory_urls: bool = True) -> str:
    """A page's URL path from the site root, as MkDocs writes it (``use_directory_urls``)."""
    if directory_urls or not uri.endswith(".md"):
        return public_path(uri)
    return uri[:-3] + ".html"


def href(here: str, target: str, directory_urls: bool = True) -> str:
    """The final relative URL from page ``here`` to page ``target``, for raw HTML.

    Raw HTML blocks pass through MkDocs untouched (no ``.md`` link rewriting, which is
    also what makes them cheap on listing pages), so the link is the built page's URL.
    """
    depth = page_url(here, directory_urls).count("/")
    return "../" * depth + page_url(target, directory_urls) or "./"


@dataclass(frozen=True, slots=True)
class Links:
    """How finished HTML links between the site's pages: relative to the built page's URL,
    since no builder reads that HTML again (MkDocs and Zensical alike)."""

    directory_urls: bool = True

    def url(self, target: str) -> str:
        """``target``'s URL path from the site root (see ``page_url``)."""
        return page_url(target, self.directory_urls)

    def root(self, here: str) -> str:
        """The path from page ``here`` up to the site root: ``../../`` or nothing."""
        return "../" * self.url(here).count("/")

    def href(self, here: str, target: str) -> str:
        """The relative URL from page ``here`` to ``target``, for finished HTML."""
        return self.root(here) + self.url(target) or "./"


#: Feed kind -> file name; the site's feeds sit at the root, a tag's beside its page.
FEED_FILES: dict[str, str] = {"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"}
FEED_TYPES: dict[str, str] = {"rss": "application/rss+xml", "atom": "application/atom+xml",
                              "json": "application/feed+json"}


def feed(kind: str, tag_name: str | None = None) -> str:
    """``feed.xml`` for the whole list, ``tags/<tag>/feed.xml`` for a tag; likewise Atom, JSON."""
    name = FEED_FILES[kind]
    return name if tag_name is None else f"tags/{tag_name}/{name}"
FEED_LABELS: dict[str, str] = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}


def feed_links(site_name: str, tag_name: str | None = None) -> list[dict[str, str]]:
    """The feeds a page announces in its head (``theme/main.html``): the whole list's on
    every page (in ``config.extra``), a tag's own on its page (in its front matter)."""
    label = site_name if tag_name is None else f"{site_name}: {tag_name}"
    return [{"type": FEED_TYPES[kind], "href": feed(kind, tag_name),
             "title": f"{label} ({FEED_LABELS[kind]})"} for kind in FEED_FILES]
