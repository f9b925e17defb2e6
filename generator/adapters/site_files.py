"""Adapter: the core's outputs written into the site folder, which is the build's own.

The folder may hold what a person or another program left there: a symbolic link
(``site/papers -> ../elsewhere``) is never followed, it is removed before anything is
written, so a build writes inside the site folder only.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape


def remove_links(site: Path, everywhere: bool) -> None:
    """Remove symbolic links in ``site``: at its top (all a clean build leaves there, with
    hidden entries, which are kept as they are) or, for a build that keeps the folder's
    files (``--dirty``), everywhere in it."""
    if not site.is_dir() or site.is_symlink():
        return
    if not everywhere:
        for entry in os.scandir(site):
            if entry.is_symlink() and not entry.name.startswith("."):
                os.unlink(entry.path)
        return
    for folder, folders, files in os.walk(site):
        for name in [*folders, *files]:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                os.unlink(path)


class SiteWriter:
    """Writes files under ``site``; each folder is made (or checked) once.

    ``last`` is what this process wrote to the folder the build before (site path ->
    digest), when the folder is still as it left it (``mkdocs serve``'s own folder, kept
    from MkDocs' emptying it): a file whose bytes did not change is not written again,
    and one the build no longer makes is removed. Writing every file again was most of a
    rebuild at 10,000 papers (23,000 files, and their folders, removed and made anew).
    """

    def __init__(self, site: Path, last: dict[str, bytes] | None = None) -> None:
        self.site = site
        self.folders: set[str] = set()
        self.last = last or {}
        self.written: dict[str, bytes] = {}

    def written_by_builder(self, path: str) -> None:
        """The builder wrote ``path`` itself this build (a page it rendered): it is not
        stale, and its bytes are not known, so a next build that writes it writes it."""
        self.written.setdefault(path, b"")

    def keep(self, path: str) -> bool:
        """Count ``path`` as written with the bytes it had after the last build, if it was
        written then (the caller knows they would be the same); False if it was not."""
        if path not in self.last:
            return False
        self.written[path] = self.last[path]
        return True

    def write(self, path: str, data: str | bytes, changed: bool = False) -> None:
        """``path`` is a site path (``papers/x/index.html``); text is written as UTF-8.
        ``changed``: another writer wrote the file since (it is written whatever it was)."""
        if isinstance(data, str):
            data = data.encode("utf-8", errors="xmlcharrefreplace")
        digest = hashlib.blake2b(data, digest_size=16).digest()
        self.written[path] = digest
        if self.last.get(path) == digest and not changed:
            return
        target = os.path.join(self.site, path)
        folder = os.path.dirname(target)
        if folder not in self.folders:
            os.makedirs(folder, exist_ok=True)
            self.folders.add(folder)
        try:
            with open(target, "wb") as out:
                out.write(data)
        except IsADirectoryError:  # a folder left where a file now goes (--dirty)
            shutil.rmtree(target)
            with open(target, "wb") as out:
                out.write(data)

    def remove_stale(self) -> None:
        """Remove what the last build wrote and this one did not, and folders left empty."""
        for path in self.last.keys() - self.written.keys():
            target = Path(self.site, path)
            target.unlink(missing_ok=True)
            folder = target.parent
            while folder != self.site and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent


def swap_in(built: Path, site: Path) -> None:
    """Make the finished folder ``built`` the site folder ``site``; the old site is
    removed only once the new one is in place, so ``site`` is always a whole site."""
    import shutil

    site = site.absolute()
    old = site.with_name(f".{site.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    shutil.move(str(built), site)
    shutil.rmtree(old, ignore_errors=True)


def build_date() -> str:
    """The build's day, as MkDocs stamps it (``mkdocs.utils.get_build_date``): that of
    ``SOURCE_DATE_EPOCH`` (the last commit, set by the Makefile and workflow), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return when.strftime("%Y-%m-%d")


#: The sitemap protocol's most URLs in one file; a site with more has a sitemap index.
SITEMAP_URLS = 50_000
#: Its parts' names (``site_paths`` reserves them).
SITEMAP_PART = "sitemap-{}.xml"


def sitemap_files(site_url: str, paths: Iterable[str]) -> dict[str, bytes]:
    """``sitemap.xml`` and ``sitemap.xml.gz`` listing every page (by its URL path), as
    either engine's site publishes them; past ``SITEMAP_URLS`` pages, ``sitemap.xml`` is
    an index of ``sitemap-N.xml`` files (search engines read either at that address),
    beside it: a sitemap may list only addresses under its own folder."""
    lastmod = build_date()
    base = site_url.rstrip("/") + "/"
    locations = [base + path for path in paths]
    files: dict[str, bytes] = {}
    if len(locations) <= SITEMAP_URLS:
        xml = sitemap("urlset", "url", locations, lastmod)
    else:
        parts = [SITEMAP_PART.format(number)
                 for number in range(1, -(-len(locations) // SITEMAP_URLS) + 1)]
        for number, part in enumerate(parts):
            start = number * SITEMAP_URLS
            files[part] = sitemap("urlset", "url", locations[start:start + SITEMAP_URLS],
                                  lastmod)
        xml = sitemap("sitemapindex", "sitemap", [base + part for part in parts], lastmod)
    # The day, as MkDocs stamps it: a rebuild the same day gives the same bytes.
    midnight = int(datetime.fromisoformat(lastmod).replace(tzinfo=UTC).timestamp())
    return {"sitemap.xml": xml, "sitemap.xml.gz": gzip.compress(xml, mtime=midnight), **files}


def sitemap(root: str, item: str, locations: Iterable[str], lastmod: str) -> bytes:
    """A sitemap (``urlset`` of ``url``) or sitemap index (``sitemapindex`` of
    ``sitemap``) of ``locations`` (MkDocs' own lists only the pages it rendered)."""
    entries = "".join(f"<{item}><loc>{escape(location)}</loc><lastmod>{escape(lastmod)}"
                      f"</lastmod></{item}>\n" for location in locations)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{entries}</{root}>\n").encode()
