"""Pipeline: every stage as one call, the content folder in, every output file as data out.

Every builder (``mkdocs_plugin``, ``zensical_build``, ``cli``'s ``write``) takes the site
from ``build_site``, so another builder needs only a new adapter.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator.common.digest import digest
from generator.common.memo import Memo
from generator.common.problems import Problem
from generator.enrich.listing import Listing, build_listing
from generator.load.loader import display_path, load_or_fail
from generator.load.model import Paper
from generator.load.settings import Settings
from generator.render.citations import bib_entries, bib_files
from generator.render.explore import DATA as EXPLORE_DATA
from generator.render.explore import explore_data, explore_page
from generator.render.feeds import build_feeds
from generator.render.listing_pages import Listings
from generator.render.page import GeneratedPage
from generator.render.paper_page import paper_page
from generator.render.redirects import redirect_pages
from generator.render.search_index import search_files
from generator.render.stats import stats_page
from generator.render.subscribe import subscribe_page
from generator.render.templates import Templates


@dataclass(frozen=True, slots=True)
class SiteOutputs:
    pages: list[GeneratedPage]
    """Every generated page, finished HTML for a builder to frame."""
    files: dict[str, str | bytes]
    """Every other output (feeds, BibTeX, search index, ...): site path -> content."""
    warnings: list[Problem] = field(default_factory=list)
    listing: Listing | None = None

    def as_files(self) -> dict[str, str | bytes]:
        """Everything as plain files, pages as Markdown (``python -m generator write``)."""
        return {**{page.uri: page.text for page in self.pages}, **self.files}


def build_site(content_dir: Path, settings: Settings, root: Path | None = None,
               today: date | None = None, memo: Memo | None = None) -> SiteOutputs:
    """Load, validate, enrich and render; raises ``ContentError`` with every problem.

    ``memo`` keeps the slow pure steps' results for the next build (``common.memo``);
    without one, nothing is kept.
    """
    root = root or content_dir.parent
    content_root = display_path(content_dir, root)
    memo = memo or Memo(remember=False)
    loaded = load_or_fail(content_dir, root, today, memo, settings.directory_urls,
                          settings.page_size)
    listing = build_listing(loaded.content, settings.links, memo)
    templates = Templates(Path(settings.overrides) if settings.overrides else None)
    settings_key = repr((settings, content_root, templates.fingerprint))
    entries = bib_entries(listing, settings, memo)

    def page(paper: Paper) -> GeneratedPage:
        """A paper's page is made from the paper, its long note, the settings, the
        templates and its related papers' ids, titles and tags: the key names each."""
        others = [(o.id, o.title, o.tags) for o in map(listing.by_id.__getitem__,
                                                         listing.related.get(paper.id, ()))]
        key = digest(listing.keys[paper.id], repr(others), settings_key)
        return memo.get("pages", key, lambda: paper_page(
            paper, listing, settings, templates, entries[paper.id], content_root))

    pages = [page(paper) for paper in listing.papers]
    pages.extend(Listings(listing, settings, templates, memo).pages())
    pages.append(explore_page(listing, settings))
    pages.append(stats_page(listing, settings.links))
    pages.append(subscribe_page(listing, settings))
    files: dict[str, str | bytes] = {}
    files.update(build_feeds(listing, settings, memo))
    files.update(redirect_pages(listing, settings))
    files.update(bib_files(listing, entries))
    files[EXPLORE_DATA] = explore_data(listing, settings.links)
    files.update(search_files(listing, memo))
    memo.save()
    return SiteOutputs(pages, files, loaded.problems, listing)


#: Left in every folder ``write_tree`` writes: only such a folder is ever replaced.
MARKER = ".reading-list-output"


class OutputError(Exception):
    """The output folder cannot be written without losing something."""


def write_tree(files: dict[str, str | bytes], target: Path) -> None:
    """Write every output under ``target`` atomically: a failure leaves the old folder whole.

    ``target`` is replaced only if it is missing, empty, or was written here before (it
    holds ``MARKER``): anything else in it would be deleted.
    """
    target = target.absolute()
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OutputError(f"{target} exists and is not a folder; give a new folder")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise OutputError(f"{target} is not empty and was not written by this command: "
                          "give a new or empty folder (nothing was written)")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for uri, content in {**files, MARKER: "written by python -m generator write\n"}.items():
            path = staging / uri
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", newline="\n")
        if target.exists():
            old = target.with_name(f".{target.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(target, old)
            os.replace(staging, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
