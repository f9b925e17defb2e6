"""Warm MkDocs builds: finished pages come from the build cache, only changed ones are built.

A generated page's HTML depends on its own Markdown (which holds everything it shows),
the file a curator edits to change it (the edit button), and a fingerprint of what
shapes every page: ``mkdocs.yml`` as read (``!ENV`` values included), the theme's and
the curator's templates, our code, and the version of every installed package. Pages
in the nav are always built: their neighbours and the nav itself shape them. A cached
page stays in MkDocs' files as a static file with the page's URL, so links to it
resolve as before, but MkDocs neither reads nor renders it.

What a page adds to shared outputs is kept with it: its search-index entries (put back
in build order, so the index is the cold build's byte for byte) and its sitemap URL
(the sitemap is ours, written from every page, built or cached).
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import pickle
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_build_date

from generator import build_cache, weburl
from generator.page import Page as GeneratedPage
from generator.site_sync import SiteSync, Stamp

log = logging.getLogger("mkdocs.plugins.reading-list")

#: Plugins whose per-page work the cache knows how to keep; any other turns it off.
KNOWN_PLUGINS = frozenset({"search", "material/search", "reading-list"})


class CachedPage(File):
    """A page whose HTML the cache holds: copied like a static file, linked like a page.
    With no content, the site already holds it as the last build wrote it."""

    key: bytes = b""
    current: bool = False
    """The site holds this page as the last build wrote it (its content is not read)."""

    def is_documentation_page(self) -> bool:
        return False

    def copy_file(self, dirty: bool = False) -> None:
        if not self.current:
            super().copy_file(dirty)


class SyncedFiles(Files):
    """MkDocs' files, each copied to the site only if its bytes there differ."""

    def __init__(self, files: Iterable[File], sync: SiteSync) -> None:
        super().__init__(list(files))
        self.sync = sync

    def copy_static_files(self, dirty: bool = False, *,
                          inclusion: Callable[[InclusionLevel], bool]
                          = InclusionLevel.is_included) -> None:
        for file in self:
            if not inclusion(file.inclusion):
                continue
            if file.is_documentation_page():  # MkDocs writes it next: as a new file
                self.sync.replace(file.abs_dest_path)
            elif isinstance(file, CachedPage):
                if not file.current:  # else counted as written when it was found current
                    self.sync.write(file.abs_dest_path, file.content_bytes, file.key)
            elif (os.path.isdir(file.abs_dest_path)
                  and self.sync.made_here(file.abs_dest_path)):  # MkDocs copies into it
                file.copy_file(dirty)
            else:
                self.sync.write(file.abs_dest_path, file.content_bytes)
        self.sync.settle()


class TemplateCache(BytecodeCache):
    """Compiled templates kept between builds (Jinja checks each one against its source):
    compiling Material's templates is half a second of every build. Jinja's own file
    cache would trust a damaged file; ours checks each blob's digest."""

    def __init__(self, store: build_cache.Store) -> None:
        self.store = store

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store.put(bucket.key, bucket.bytecode_to_string())


class _Warnings(logging.Handler):
    """Counts warnings: a build that warned stores nothing, so a warm ``--strict``
    build fails wherever a cold one would."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _plain(value: Any) -> Any:
    """Config values as JSON: MkDocs' own types by their items or text, never by ``id``."""
    if hasattr(value, "items"):
        return dict(value.items())
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    text = repr(value)
    return type(value).__name__ if " at 0x" in text else text


def _titled(nav: Any) -> bool:
    """Whether every entry of ``nav`` names its title (else it takes one from a page,
    which the cache cannot see)."""
    if isinstance(nav, list):
        return all(isinstance(item, dict) and _titled(item) for item in nav)
    if isinstance(nav, dict):
        return all(isinstance(value, str) or _titled(value) for value in nav.values())
    return False


def nav_files(nav: Any) -> set[str]:
    """Every Markdown file named in ``nav``, titled or not (links left out)."""
    if isinstance(nav, str):
        return {nav} if nav.endswith(".md") and "://" not in nav else set()
    values = nav.values() if isinstance(nav, dict) else nav if isinstance(nav, list) else ()
    return set().union(*(nav_files(value) for value in values))


def fingerprint(config: MkDocsConfig) -> str:
    settings = {key: value for key, value in config.items()
                if key not in ("plugins", "config_file_path", "site_dir", "dev_addr")}
    theme = dict(config.theme.items())
    dirs = [Path(folder) for folder in config.theme.dirs]
    config_file = Path(config.config_file_path) if config.config_file_path else None
    return build_cache.digest(
        config_file.read_bytes() if config_file and config_file.is_file() else b"",
        json.dumps([settings, theme, sorted(config.plugins)], default=_plain, sort_keys=True),
        # Material's own templates are covered by its version (in ``code``); the curator's
        # are read whole, since they change without a version.
        build_cache.tree_digest([d for d in dirs if "site-packages" not in d.parts]),
        build_cache.code())


@dataclass
class PageCache:
    """One build's use of the cache; ``begin`` decides, the MkDocs events feed it."""

    store: build_cache.Store
    """Each cached page's HTML, by key."""
    index: build_cache.Store
    """``headers``, and what the last build wrote to each site folder (``site_sync``)."""
    fingerprint: str = ""
    enabled: bool = False
    nav: set[str] = field(default_factory=set)
    keys: dict[str, str] = field(default_factory=dict)
    """Generated page URI -> its key, for every page that may be cached."""
    cached: dict[str, list[Any]] = field(default_factory=dict)
    """URI of a page served from the cache -> its search entries."""
    fresh: dict[str, tuple[dict[str, Any], bytes]] = field(default_factory=dict)
    """URI of a page built now -> its address and HTML, to store."""
    warnings: _Warnings = field(default_factory=_Warnings)
    headers: dict[str, dict[str, Any]] | None = None
    """Key -> a cached page's address and search entries (read once a process)."""
    sites: dict[str, dict[str, Stamp]] = field(default_factory=dict)
    """Site folder -> what the last build wrote there (read once a process)."""

    @property
    def folder(self) -> Path:
        """The ``.cache`` folder."""
        return self.store.folder.parent

    @classmethod
    def for_config(cls, config: MkDocsConfig) -> PageCache:
        root = (Path(config.config_file_path).parent if config.config_file_path
                else Path.cwd())
        folder = root / build_cache.FOLDER
        return cls(build_cache.Store(folder / "pages"),
                   build_cache.Store(folder / "page-index", sharded=False))

    def begin(self, config: MkDocsConfig, dirty: bool) -> None:
        self.keys.clear()
        self.cached.clear()
        self.fresh.clear()
        self.warnings.count = 0
        logging.getLogger("mkdocs").addHandler(self.warnings)
        others = set(config.plugins) - KNOWN_PLUGINS
        titled = config.nav is not None and _titled(config.nav)
        self.enabled = not dirty and not others and titled
        if not self.enabled:
            reason = ("a dirty build" if dirty else f"plugins {sorted(others)}" if others
                      else "a nav entry without a title, or no nav")
            log.debug("page cache off: %s", reason)
            return
        self.nav = nav_files(config.nav)
        self.fingerprint = fingerprint(config)

    def _headers(self) -> dict[str, dict[str, Any]]:
        if self.headers is None:
            self.headers = build_cache.unpickle_table(self.index.get("headers"))
        return self.headers

    def sync(self, site: Path) -> SiteSync:
        """Start writing ``site``, trusting what the last build wrote there."""
        name = _site_name(site)
        if name not in self.sites:
            self.sites[name] = build_cache.unpickle_table(self.index.get(name))
        return SiteSync.start(site, self.sites[name])

    def file(self, config: MkDocsConfig, page: GeneratedPage, text: str,
             sync: SiteSync | None) -> File:
        """The file MkDocs gets for a generated page: the page, or its cached HTML (none
        when the site already holds it, as the last build left it)."""
        if self.enabled and sync is not None and page.uri not in self.nav:
            key = build_cache.digest(self.fingerprint, page.uri, page.source or "", text)
            self.keys[page.uri] = key
            header = self._headers().get(key)
            if header is not None:
                cached = self._cached_page(config, page.uri, key, header, sync)
                if cached is not None:
                    self.cached[page.uri] = header["search"]
                    return cached
        page_file = File.generated(config, page.uri, content=text,
                                   inclusion=InclusionLevel.NOT_IN_NAV)
        if page.source:  # a file name is outside text: it goes into the URL encoded
            page_file.edit_uri = weburl.path(page.source)
        return page_file

    def _cached_page(self, config: MkDocsConfig, uri: str, key: str,
                     header: dict[str, Any], sync: SiteSync) -> CachedPage | None:
        digest = bytes.fromhex(key)
        current = sync.current(os.path.join(config.site_dir, header["dest"]), digest)
        html = b"" if current else self.store.get(key)
        if html is None:
            return None  # damaged or gone: built again
        cached = CachedPage.generated(config, uri, content=html,
                                      inclusion=InclusionLevel.NOT_IN_NAV)
        assert isinstance(cached, CachedPage)
        cached.key, cached.current = digest, current
        cached.dest_uri, cached.url = header["dest"], header["url"]
        return cached

    def abandon(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)

    def page_built(self, page_file: File, output: str) -> None:
        if page_file.src_uri in self.keys and output.strip():
            self.fresh[page_file.src_uri] = (
                {"dest": page_file.dest_uri, "url": page_file.url},
                output.encode("utf-8", errors="xmlcharrefreplace"))

    def site_written(self, sync: SiteSync) -> None:
        """Remember what this build wrote, for the next build into the same folder
        (pages MkDocs built are not in it: the next build compares them)."""
        name = _site_name(sync.site)
        self.sites = {name: sync.written}
        if self.enabled:
            self.index.put(name, pickle.dumps(sync.written, pickle.HIGHEST_PROTOCOL))
            self.index.keep({"headers", name})

    def finish(self, config: MkDocsConfig, files: Files) -> None:
        """Put cached pages' search entries back in order, write the sitemap, store."""
        self.abandon()
        pages = [file for file in files
                 if isinstance(file, CachedPage)
                 or (file.is_documentation_page() and file.page is not None)]
        entries_by_uri = self._merge_search(config, pages)
        write_sitemap(config, pages)
        if not self.enabled:
            return
        log.info("Build cache: %d pages reused, %d built", len(self.cached), len(self.fresh))
        if self.warnings.count:
            log.debug("page cache not stored: the build warned")
        else:
            headers = self._headers()
            for uri, (header, html) in self.fresh.items():
                self.store.put(self.keys[uri], html)
                headers[self.keys[uri]] = {**header, "search": entries_by_uri.get(uri, [])}
            current = set(self.keys.values())
            self.headers = {key: headers[key] for key in current if key in headers}
            if self.fresh or len(self.headers) != len(headers):
                self.index.put("headers", pickle.dumps(self.headers, pickle.HIGHEST_PROTOCOL))
            self.store.keep(current)

    def _merge_search(self, config: MkDocsConfig, pages: list[File]) -> dict[str, list[Any]]:
        """The search index as a cold build makes it: every page's entries in files order."""
        plugin = config.plugins.get("material/search") or config.plugins.get("search")
        index = getattr(plugin, "search_index", None)
        fresh_entries = getattr(index, "entries", None)
        if index is None or not isinstance(fresh_entries, list):
            return {}
        by_url: dict[str, list[Any]] = {}
        for entry in fresh_entries:
            by_url.setdefault(str(entry.get("location", "")).split("#", 1)[0], []).append(entry)
        merged: list[Any] = []
        by_uri: dict[str, list[Any]] = {}
        for file in pages:
            entries = (self.cached.get(file.src_uri, []) if isinstance(file, CachedPage)
                       else by_url.get(file.url, []))
            by_uri[file.src_uri] = entries
            merged.extend(entries)
        index.entries = merged
        return by_uri


def _site_name(site: Path) -> str:
    """The index entry of what the last build wrote to ``site``."""
    return "site-" + build_cache.digest(str(site.resolve()))


def write_sitemap(config: MkDocsConfig, pages: list[File]) -> None:
    """``sitemap.xml`` and its gzip, from every page built or cached (MkDocs' own lists
    only the pages it built)."""
    base = config.site_url or "/"
    lastmod = get_build_date()
    urls = "".join(f"<url><loc>{escape(weburl.join(base, file.url))}</loc>"
                   f"<lastmod>{lastmod}</lastmod></url>\n" for file in pages)
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
           f"{urls}</urlset>\n").encode()
    # The day, as MkDocs stamps it: a rebuild the same day gives the same bytes.
    midnight = int(datetime.fromisoformat(lastmod).replace(tzinfo=UTC).timestamp())
    target = Path(config.site_dir) / "sitemap.xml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(xml)
    with open(f"{target}.gz", "wb") as raw, gzip.GzipFile(
            fileobj=raw, filename="sitemap.xml.gz", mode="wb",
            mtime=midnight) as out:
        out.write(xml)
