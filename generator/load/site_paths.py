"""Load: every path of the built site belongs to one entry; a second claim is an error.

Ids, aliases and tags become paths (``papers/x/index.html``, ``papers/x.bib``, ``tags/t/``),
and a curator's own files under content/ are published beside them, so two entries can
want one path: ids ``x`` and ``x.bib`` put paper x's BibTeX where paper x.bib's folder
must be. ``collisions`` reserves each path an entry will write, from the model alone, so
``check`` finds the clash without rendering anything; the tests prove that every file
``build_site`` writes was reserved (``unclaimed``). Paths are compared case-folded: the
site must unpack on macOS and Windows too.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generator.common import urls
from generator.load.model import Content, Location

#: File name suffixes MkDocs builds as pages (``mkdocs.utils.markdown_extensions``).
PAGE_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
#: What the site writes whatever the list holds: exact files, then whole folders.
SITE_FILES = (urls.HOME, urls.TAGS_INDEX, urls.SUBSCRIBE, urls.BIBLIOGRAPHY, "explore.json",
              *urls.FEED_FILES.values())
SITE_FOLDERS = ("inbox/", "archive/", "explore/", "stats/", "search/papers/")
#: The parts of a sitemap index, at the top of the site (``adapters.site_files``).
SITEMAP_PART = re.compile(r"sitemap-[0-9]+\.xml", re.IGNORECASE)


def mentions_page(text: str) -> bool:
    """Whether ``text`` may link a page (``x.md``): a few substring tests."""
    return any(suffix in text for suffix in PAGE_SUFFIXES)


def site_path(uri: str, directory_urls: bool) -> str:
    """Where MkDocs writes the file whose source URI is ``uri``: a page as its HTML
    (``papers/x.md`` -> ``papers/x/index.html``), any other file as it is."""
    if not uri.endswith(PAGE_SUFFIXES):  # as MkDocs tells a page, case and all
        return uri
    folder, name = posixpath.split(posixpath.splitext(uri)[0])
    prefix = f"{folder}/" if folder else ""
    if name in ("index", "README"):
        return f"{prefix}index.html"
    return f"{prefix}{name}/index.html" if directory_urls else f"{prefix}{name}.html"


@dataclass(frozen=True, slots=True)
class Owner:
    """Who claims a path: what it is, for messages, and where it is written."""

    what: str
    where: Location | None = None
    paper: str | None = None
    field: str | None = None
    advice: str = "change one of them"


@dataclass(frozen=True, slots=True)
class Clash:
    path: str
    owner: Owner
    first_path: str
    first: Owner


class Claims:
    """Paths reserved so far: files, and folders owned whole (a tag's)."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[str, Owner]] = {}
        self.folders: dict[str, tuple[str, Owner]] = {}
        self.below: dict[str, tuple[str, Owner]] = {}
        """A folder -> the first path claimed inside it."""

    def claim(self, path: str, owner: Owner) -> Clash | None:
        """Reserve ``path`` (a folder owned whole if it ends with ``/``) for ``owner``, or
        say whose it already is: the same path, something inside it, or a file where one
        of its folders must be."""
        key = path.casefold()
        stem = key.rstrip("/")
        parts = stem.split("/")
        first = (self.files.get(stem) or self.folders.get(stem + "/")
                 or self.below.get(stem + "/"))
        for depth in range(1, len(parts)):
            if first is not None:
                break
            above = "/".join(parts[:depth])
            first = self.files.get(above) or self.folders.get(above + "/")
        if first is not None and first[1] != owner:
            return Clash(path, owner, *first)
        (self.folders if key.endswith("/") else self.files)[key] = (path, owner)
        for depth in range(1, len(parts)):
            self.below.setdefault("/".join(parts[:depth]) + "/", (path, owner))
        return None


def claims(content: Content, published: Iterable[tuple[str, str]], directory_urls: bool
           ) -> Iterator[tuple[str, Owner]]:
    """Every path the site will hold and who writes it: the site's own pages first, then
    each paper's page, BibTeX and old addresses, each tag's folder, the curator's files."""
    site = Owner("a page the site makes")
    for uri in SITE_FILES:
        yield site_path(uri, directory_urls), site
    for folder in SITE_FOLDERS:
        yield folder, site
    tags: dict[str, Owner] = {}
    for paper in content.papers:
        page = Owner(f"the page of paper {paper.id!r}", paper.source, paper.id, "id",
                     "give one of them another id")
        yield site_path(urls.paper(paper.id), directory_urls), page
        yield urls.paper_bib(paper.id), Owner(f"the BibTeX file of paper {paper.id!r}",
                                              paper.source, paper.id, "id",
                                              "give one of them another id")
        for alias in paper.aliases:
            yield (site_path(urls.paper(alias), directory_urls),
                   Owner(f"the redirect page of alias {alias!r} of paper {paper.id!r}",
                         paper.source, paper.id, "aliases", "change the alias or the id"))
        for tag in paper.tags:
            tags.setdefault(tag, Owner(f"the pages and feeds of tag {tag!r}", paper.source,
                                       paper.id, "tags", "choose another tag"))
    for tag, owner in tags.items():
        yield urls.tag(tag).rpartition("/")[0] + "/", owner
    for uri, shown in published:
        if SITEMAP_PART.fullmatch(uri):  # written when the site has many pages
            yield uri, site
        yield site_path(uri, directory_urls), Owner(
            f"the file {shown}", Location(shown, 1, 1), advice="rename or move the file")


def _pages(count: int, page_size: int) -> range:
    """The page numbers of a listing of ``count`` papers: always at least one."""
    return range(1, max(1, -(-count // page_size)) + 1)


def pages(content: Content, published: Iterable[tuple[str, str]], page_size: int
          ) -> set[str]:
    """The source URI of every page of the site (``papers/x.md``, ``tags/t/page-2.md``,
    the curator's own pages), from the model alone: what a note may link to. An old id
    (``aliases``) counts: its address redirects to the paper. The tests prove that every
    page ``build_site`` makes is here."""
    found = {urls.HOME, urls.TAGS_INDEX, urls.ARCHIVE_INDEX, urls.EXPLORE, urls.STATS,
             urls.SUBSCRIBE}
    tags: dict[str, int] = {}
    months: dict[str, int] = {}
    years: dict[int, int] = {}
    untagged = 0
    for paper in content.papers:
        found.add(urls.paper(paper.id))
        found.update(urls.paper(alias) for alias in paper.aliases)
        for tag in paper.tags:
            tags[tag] = tags.get(tag, 0) + 1
        key = urls.month_key(paper.added)
        months[key] = months.get(key, 0) + 1
        if paper.published:
            year = paper.published.first.year
            years[year] = years.get(year, 0) + 1
        untagged += not paper.tags
    found.update(urls.inbox(n) for n in _pages(untagged, page_size))
    for tag, count in tags.items():
        found.update(urls.tag(tag, n) for n in _pages(count, page_size))
    for key, count in months.items():
        found.update(urls.month(key, n) for n in _pages(count, page_size))
    for year, count in years.items():
        found.update(urls.year(year, n) for n in _pages(count, page_size))
    found.update(uri for uri, _ in published if uri.endswith(PAGE_SUFFIXES))
    return found


def _where(owner: Owner) -> str:
    return f" at {owner.where.path}:{owner.where.line}" if owner.where is not None else ""


def collisions(content: Content, published: Iterable[tuple[str, str]], directory_urls: bool
               ) -> list[Clash]:
    """Every second claim on a path of the site."""
    reserved = Claims()
    found = []
    for path, owner in claims(content, published, directory_urls):
        clash = reserved.claim(path, owner)
        if clash is not None:
            found.append(clash)
    return found


def clash_message(clash: Clash) -> str:
    """What collides with what, naming both entries and where each is written."""
    return (f"{clash.owner.what} ({clash.path}) collides in the site with "
            f"{clash.first.what}{_where(clash.first)} ({clash.first_path}): "
            f"{clash.owner.advice}")


def unclaimed(files: Iterable[str], content: Content, published: Iterable[tuple[str, str]],
              directory_urls: bool) -> list[str]:
    """Generated files no entry reserved: a renderer that writes a path ``claims`` does
    not know would escape the check above."""
    reserved = Claims()
    for path, owner in claims(content, published, directory_urls):
        reserved.claim(path, owner)
    missing = []
    for uri in files:
        path = site_path(uri, directory_urls).casefold()
        parts = path.split("/")
        if path in reserved.files or any(
                "/".join(parts[:depth]) + "/" in reserved.folders
                for depth in range(1, len(parts))):
            continue
        missing.append(uri)
    return missing
