"""The whole pipeline as one call: content folder in, every output file as data out.

Both adapters (``mkdocs_plugin``, ``cli``) call ``build_site`` and nothing else
of the core, so another builder needs only a new adapter.
"""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from generator import forking
from generator.feeds import build_feeds
from generator.listing import Listing, build_listing
from generator.loader import display_path, load_or_fail
from generator.problems import Problem
from generator.render import PaperParts, Renderer, paper_parts
from generator.settings import Settings

#: Make the feeds beside the pages from this many papers on: below it, forking costs
#: more than the listing pages it runs beside.
BACKGROUND_FEEDS = 2000


@dataclass(frozen=True, slots=True)
class SiteOutputs:
    files: dict[str, str | bytes]
    """Source URI (relative to the docs folder) -> content."""
    sources: dict[str, str] = field(default_factory=dict)
    """Generated page URI -> the content-relative file a curator edits to change it."""
    warnings: list[Problem] = field(default_factory=list)
    listing: Listing | None = None
    raw_html: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Generated page URI -> the finished HTML blocks in it, in order (``Page.raw_html``)."""


def build_site(content_dir: Path, settings: Settings, root: Path | None = None,
               today: date | None = None) -> SiteOutputs:
    """Load, validate, enrich and render; raises ``ContentError`` with every problem."""
    root = root or content_dir.parent
    content_root = display_path(content_dir, root)
    # paper pages and cards depend on the paper and its note alone: where papers are
    # read in parallel, they are made there too (Loaded.prepared)
    loaded = load_or_fail(content_dir, root, today, functools.partial(
        paper_parts, content_root=content_root, directory_urls=settings.directory_urls))
    ready = {paper_id: parts for paper_id, parts in loaded.prepared.items()
             if isinstance(parts, PaperParts)}
    listing = build_listing(loaded.content)
    renderer = Renderer(listing, settings, content_root, ready)
    files: dict[str, str | bytes] = {}
    sources: dict[str, str] = {}
    raw_html: dict[str, tuple[str, ...]] = {}
    # feeds in a forked child while the listing pages are made here: each takes a sixth
    # of the core's time at 10,000 papers, and the feeds' bytes cost little to send back
    with forking.beside(lambda: build_feeds(listing, settings),
                        worthwhile=len(listing.papers) >= BACKGROUND_FEEDS) as feeds:
        for page in renderer.pages():
            files[page.uri] = page.text
            if page.source:
                sources[page.uri] = page.source
            if page.raw_html:
                raw_html[page.uri] = page.raw_html
        files.update(feeds())
    return SiteOutputs(files, sources, loaded.problems, listing, raw_html)


def write_tree(files: dict[str, str | bytes], target: Path) -> None:
    """Write every output under ``target`` atomically: a failure leaves the old folder whole."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for uri, content in files.items():
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
