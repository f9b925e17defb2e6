"""The MkDocs adapter: the only module that imports mkdocs.

It runs the core on ``docs_dir`` (the content folder), hands every output to
MkDocs as a generated file, hides the curator's source files from the build,
and turns content errors into one ``PluginError`` (no traceback).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from generator.loader import INTRO_FILE, NOTES_DIR, PAPER_SUFFIXES, PAPERS_DIR
from generator.outputs import build_site
from generator.problems import ContentError
from generator.settings import Settings, settings_from

log = logging.getLogger("mkdocs.plugins.reading-list")

#: Our search worker (see ``overrides/main.html``), as a site file, and the small index
#: it fetches itself, in the search plugin's folder.
WORKER = "assets/javascripts/workers/tiered-search.js"
QUICK_INDEX = "quick.json"

class ReadingListConfig(base.Config):  # type: ignore[no-untyped-call]
    home_size = c.Type(int, default=50)
    page_size = c.Type(int, default=100)
    feed_size = c.Type(int, default=50)
    tag_rules = c.Type(dict, default={})
    imports = c.Type(list, default=[])


def _is_content_source(src_uri: str) -> bool:
    """The curator's inputs, which the core reads and MkDocs must not publish."""
    return (
        (src_uri.startswith(PAPERS_DIR + "/") and src_uri.endswith(PAPER_SUFFIXES))
        or src_uri.startswith(NOTES_DIR + "/")
        or src_uri in (INTRO_FILE, "schema.json")
    )


class ReadingListPlugin(BasePlugin[ReadingListConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self._raw_html: dict[str, tuple[str, ...]] = {}
        self._stashed: dict[str, list[str]] = {}
        self._token = secrets.token_hex(8)
        self._slot = re.compile(rf"<!--rl-{self._token}-(\d+)-->")

    def settings(self, config: MkDocsConfig) -> Settings:
        options: dict[str, Any] = dict(self.config)
        return settings_from(config, options)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        content_dir = Path(config.docs_dir)
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        try:
            site = build_site(content_dir, self.settings(config), root)
        except ContentError as exc:
            raise PluginError(str(exc)) from None
        for problem in site.warnings:
            log.warning(str(problem))
        for file in list(files):
            if _is_content_source(file.src_uri):
                files.remove(file)
        self._raw_html = site.raw_html
        for uri, content in site.files.items():
            existing = files.get_file_from_path(uri)
            if existing is not None:
                raise PluginError(
                    f"{Path(config.docs_dir).name}/{uri} would be replaced by a generated page: "
                    "rename or remove it")
            inclusion = (InclusionLevel.NOT_IN_NAV if uri.endswith(".md")
                         else InclusionLevel.UNDEFINED)
            generated = File.generated(config, uri, content=content, inclusion=inclusion)
            if uri in site.sources:
                generated.edit_uri = site.sources[uri]
            files.append(generated)
        return files

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files
               ) -> Environment:
        """Templates get ``worker_version``, a hash of our search worker, to put in its URL
        (``overrides/main.html``): browsers and GitHub Pages' cache then fetch a changed
        worker at once instead of keeping the old one for up to ten minutes."""
        worker = files.get_file_from_path(WORKER)
        data = (Path(worker.abs_src_path).read_bytes()
                if worker is not None and worker.abs_src_path else b"")
        env.globals["worker_version"] = hashlib.sha256(data).hexdigest()[:8] if data else ""
        return env

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        """The core's finished HTML blocks skip Markdown: each waits in a comment until
        the page's HTML is made.

        Python-Markdown would only copy them, but it parses every tag and entity to do
        so: listing cards cost ~0.5 ms each, a paper page's blocks ~1 ms; at 10,000
        papers that was a third of the build. Blocks are found in order from where the
        last one ended; one that another plugin changed is left to Markdown. Neighbours
        share a slot: every slot is a paragraph Markdown still walks.
        """
        blocks = self._raw_html.get(page.file.src_uri)
        if not blocks:
            return markdown
        out: list[str] = []
        stashed: list[str] = []
        cursor = 0
        for block in blocks:
            at = _find_block(markdown, block, cursor)
            if at < 0:
                continue
            gap = markdown[cursor:at]
            if stashed and not gap.strip():
                # next to the last one: one slot for both, the blank line kept as Markdown
                # keeps it between raw HTML blocks
                stashed[-1] += gap + block
            else:
                out.append(gap)
                out.append(f"<!--rl-{self._token}-{len(stashed)}-->")
                stashed.append(block)
            cursor = at + len(block)
        out.append(markdown[cursor:])
        if stashed:
            self._stashed[page.file.src_uri] = stashed
        return "".join(out)

    @event_priority(100)  # before any other plugin reads the page's HTML
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        stashed = self._stashed.pop(page.file.src_uri, None)
        if not stashed:
            return html
        return self._slot.sub(lambda match: stashed[int(match.group(1))], html)

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write ``search/quick.json``: the index's page-level documents only (no section
        of a page, so no abstract), a fifth of the index. Our search worker fetches it
        itself and answers from it while the full index is still on its way: over a
        network, that is most of the wait (6 MB gzipped at 10,000 papers)."""
        folder = Path(config.site_dir) / "search"
        try:
            index = json.loads((folder / "search_index.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # no search plugin: the worker, unused, needs nothing
        quick = {"config": index.get("config", {}),
                 "docs": [doc for doc in index.get("docs", [])
                          if "#" not in doc.get("location", "#")]}
        (folder / QUICK_INDEX).write_text(
            json.dumps(quick, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _find_block(markdown: str, block: str, start: int) -> int:
    """Where ``block`` stands as a block of its own: at the start or after a blank line,
    with a line break after it. Text a curator quotes in a code span (which never spans a
    blank line) is not taken for it."""
    at = markdown.find(block, start)
    while at >= 0:
        end = at + len(block)
        if ((at == 0 or (markdown[at - 1] == "\n" and (at == 1 or markdown[at - 2] == "\n")))
                and (end == len(markdown) or markdown[end] == "\n")):
            return at
        at = markdown.find(block, at + 1)
    return -1
