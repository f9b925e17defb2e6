"""Adapter: the site built with Zensical, Material for MkDocs' successor.

Zensical reads ``mkdocs.yml`` but runs no MkDocs plugin, so this module does around a
Zensical build what the MkDocs adapter does inside one:

- Each generated page goes to Zensical as its front matter and one HTML comment, a
  marker; once Zensical has framed it in the theme's chrome, the marker in the written
  page is replaced by the page's finished HTML. So Zensical's Markdown never reads the
  article (as the MkDocs adapter hands it past Python-Markdown), and the article comes
  out as the core made it. The marker holds ``<h1`` where the article has one, since the
  theme adds a heading of its own to a page whose content has none.
- Every other output (feeds, BibTeX, Explore's data, the papers' search index) is written
  as files, which Zensical copies, beside the curator's own pages and files from the
  content folder (those MkDocs would build or copy). The sitemap is ours, as under MkDocs.
- Search: the theme names our worker in the page config (``theme/main.html``), as under
  MkDocs. Zensical's search box shows results from its own index, ``search.json``, which
  it loads whole, so that file gets one short entry per paper (title, byline, the
  abstract's first sentence, tags); which papers match, and in what order, the worker
  finds in our index, as under MkDocs.
- The theme: our templates and assets, with copies of Zensical 0.0.73's partials
  (``zensical_theme/partials``; Material 9.8's copies are MkDocs-only), checked against
  the installed Zensical before the build (``theme_guard``).

The site replaces ``site`` only when the whole build succeeded.
"""

from __future__ import annotations

import hashlib
import html
import json
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from generator.adapters import theme_guard
from generator.adapters.site_files import sitemap_files, swap_in
from generator.common import urls
from generator.common.urls import feed_links
from generator.enrich import latex_math
from generator.enrich.listing import Listing
from generator.enrich.markup import teaser
from generator.load.loader import find_sources
from generator.load.settings import PLUGIN_NAME, Project, _TolerantLoader
from generator.pipeline import build_site, write_tree
from generator.render.page import GeneratedPage
from generator.render.search_index import result_line

PACKAGE = Path(__file__).resolve().parent
THEME = PACKAGE / "theme"
#: Copies of Zensical's partials, in place of ``theme``'s copies of Material's.
ZENSICAL_THEME = PACKAGE / "zensical_theme"
#: Folders of ``THEME`` made for Material and MkDocs only.
MATERIAL_COPIES = ("partials",)
#: Zensical's own search index, which its search box reads.
SEARCH_JSON = "search.json"


class ZensicalError(Exception):
    """Zensical built the site in a way this adapter cannot finish; the message says how."""


def zensical_config(raw: Mapping[str, Any], docs: str, site: str, theme: str
                    ) -> dict[str, Any]:
    """The site's settings for Zensical: the written Markdown as docs, our plugin out.
    Folders are relative to the config file (Zensical requires that of site_dir)."""
    config = dict(raw)
    config["docs_dir"] = docs
    config["site_dir"] = site
    plugins = config.get("plugins") or []
    config["plugins"] = [p for p in plugins
                         if not (p == PLUGIN_NAME or (isinstance(p, Mapping) and PLUGIN_NAME in p))]
    config["not_in_nav"] = "/papers/\n/inbox/\n"
    theme_config = dict(config.get("theme") or {})
    theme_config["custom_dir"] = theme
    config["theme"] = theme_config
    config["extra_css"] = [*config.get("extra_css", []), "assets/stylesheets/reading-list.css"]
    config["extra_javascript"] = [*config.get("extra_javascript", []),
                                  "assets/javascripts/explore.js"]
    worker = (THEME / theme_guard.WORKER).read_bytes()
    config["extra"] = {**(config.get("extra") or {}),
                       "reading_list_feeds": feed_links(str(config.get("site_name", ""))),
                       # MkDocs gets it from the plugin (on_env): a changed worker's URL
                       "reading_list_worker": hashlib.sha256(worker).hexdigest()[:8]}
    return config


def write_theme(raw: Mapping[str, Any], root: Path, theme: Path) -> None:
    """Our theme for Zensical, then the curator's own overrides, which win."""
    shutil.copytree(THEME, theme, ignore=shutil.ignore_patterns(*MATERIAL_COPIES))
    shutil.copytree(ZENSICAL_THEME, theme, dirs_exist_ok=True)
    custom = (raw.get("theme") or {}).get("custom_dir")
    if custom and (root / custom).is_dir():
        shutil.copytree(root / custom, theme, dirs_exist_ok=True)


def marker(token: str, page: GeneratedPage) -> str:
    return f"<!--rl-article-{token}{' <h1' if b'<h1' in page.article else ''}-->"


def page_sources(pages: list[GeneratedPage], token: str) -> dict[str, str]:
    """Each page as Zensical reads it: its front matter and its marker."""
    return {page.uri: f"{page.front_matter()}\n\n{marker(token, page)}\n" for page in pages}


def fill_pages(site: Path, pages: list[GeneratedPage], token: str) -> None:
    """Each page Zensical wrote, its marker replaced by the page's finished HTML; every
    page must load our search worker (``theme_guard``)."""
    for page in pages:
        public = urls.public_path(page.uri)
        path = site / public / "index.html"
        written = path.read_text(encoding="utf-8")
        mark = marker(token, page)
        if written.count(mark) != 1:
            raise ZensicalError(f"/{public}: Zensical did not write the page's content once, "
                                "as given; the installed Zensical is not one this generator "
                                "knows")
        if not theme_guard.loads_our_worker(written):
            raise ZensicalError(theme_guard.worker_missing("/" + public))
        path.write_text(written.replace(mark, page.content.decode()), encoding="utf-8")


def search_items(listing: Listing) -> list[dict[str, object]]:
    """Zensical's index entry for each paper, newest first: what its search box shows of
    a result. Its box reads ``&``, ``<`` and ``>`` as references and nothing else."""
    def text(value: str) -> str:
        return html.escape(value, quote=False)

    return [{"location": urls.public_path(urls.paper(paper.id)), "level": 1,
             "title": text(latex_math.to_text(paper.title)),
             "text": "".join(f"<p>{text(part)}</p>" for part in (
                 result_line(paper),
                 latex_math.to_text(teaser(paper.abstract)) if paper.abstract else "")
                             if part),
             "path": [], "tags": list(paper.tags)}
            for paper in listing.papers]


def add_search_items(site: Path, listing: Listing) -> None:
    path = site / SEARCH_JSON
    index = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {
        "config": {}, "items": []}
    index["items"] = [*index.get("items", []), *search_items(listing)]
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")


def curator_files(project: Project) -> dict[str, bytes]:
    """The curator's own pages and files in the content folder, which MkDocs would build
    or copy beside ours (``loader.find_sources``: the core's inputs left out)."""
    sources, _ = find_sources(project.content_dir, project.root)
    return {uri: (project.content_dir / uri).read_bytes() for uri, _ in sources.published}


def zensical_command(zensical: str | None = None) -> str | None:
    command = zensical or shutil.which("zensical") or str(Path(sys.executable).parent /
                                                           "zensical")
    return command if Path(command).exists() or shutil.which(command) else None


def build(project: Project, site: Path, zensical: str | None = None) -> int:
    """Build the site with Zensical into ``site``; its exit status (``ContentError`` for
    a list with mistakes, as ``build_site`` raises it)."""
    command = zensical_command(zensical)
    if command is None:
        print("error: zensical is not installed: run 'make site', which installs it",
              file=sys.stderr)
        return 1
    try:
        theme_guard.check_partials("zensical")
    except theme_guard.ThemeChanged as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    outputs = build_site(project.content_dir, project.settings, project.root)
    assert outputs.listing is not None
    curator = curator_files(project)
    taken = sorted(set(curator) & {*(page.uri for page in outputs.pages), *outputs.files})
    if taken:
        print(f"error: {project.content_dir.name}/{taken[0]} would be replaced by a "
              "generated page or file: rename or remove it", file=sys.stderr)
        return 1
    raw = yaml.load((project.root / "mkdocs.yml").read_text(encoding="utf-8"),
                    Loader=_TolerantLoader)
    token = secrets.token_hex(8)
    with tempfile.TemporaryDirectory(prefix="reading-list-zensical-") as scratch:
        work = Path(scratch)
        write_tree({**curator, **page_sources(outputs.pages, token), **outputs.files},
                   work / "docs")
        write_theme(raw, project.root, work / "theme")
        config = work / "zensical.yml"
        built = work / "site"  # Zensical builds inside its project folder
        config.write_text(yaml.safe_dump(zensical_config(raw, "docs", "site", "theme"),
                                         sort_keys=False), encoding="utf-8")
        done = subprocess.run([command, "build", "--strict", "--config-file", str(config)],
                              cwd=work, check=False)
        if done.returncode != 0:
            return done.returncode
        try:
            fill_pages(built, outputs.pages, token)
        except ZensicalError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        add_search_items(built, outputs.listing)
        paths = [urls.public_path(uri) for uri in [*(page.uri for page in outputs.pages),
                                                   *(uri for uri in curator
                                                     if uri.endswith(".md"))]]
        for path, data in sitemap_files(project.settings.base_url, paths).items():
            (built / path).write_bytes(data)
        swap_in(built, site)  # the previous site stays until the new one is whole
    return 0

