"""The MkDocs adapter: with ``mkdocs_cache``, the only code that imports mkdocs.

It runs the core on ``docs_dir`` (the content folder), hands every output to
MkDocs as a generated file, hides the curator's source files from the build,
and turns content errors into one ``PluginError`` (no traceback).
"""

from __future__ import annotations

import hashlib
import html
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
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.build_cache import FOLDER, Store
from generator.loader import find_sources, is_content_source
from generator.memo import Memo
from generator.mkdocs_cache import PageCache, SyncedFiles, TemplateCache, nav_files
from generator.outputs import build_site
from generator.page import Html
from generator.page import Markdown as MarkdownBlock
from generator.page import Page as GeneratedPage
from generator.problems import ContentError, Severity, errors
from generator.settings import Settings, settings_from, where_in
from generator.site_sync import SiteSync, put_back, set_aside
from generator.urls import feed_links

log = logging.getLogger("mkdocs.plugins.reading-list")

#: The site's templates, stylesheet and scripts (see ``on_config``).
THEME = Path(__file__).resolve().parent / "theme"
STYLESHEETS = ("assets/stylesheets/reading-list.css",)
SCRIPTS = ("assets/javascripts/explore.js",)

#: Our search worker (see ``theme/main.html``), as a site file.
WORKER = "assets/javascripts/workers/paper-search.js"
#: ``config.extra`` key: under ``serve``, the problems that stop the list loading.
PROBLEMS = "reading_list_problems"

class ReadingListConfig(base.Config):  # type: ignore[no-untyped-call]
    home_size = c.Type(int, default=50)
    page_size = c.Type(int, default=100)
    feed_size = c.Type(int, default=50)
    tag_rules = c.Type(dict, default={})
    imports = c.Type(list, default=[])
    cache = c.Type(bool, default=True)


class ReadingListPlugin(BasePlugin[ReadingListConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self._pages: dict[str, GeneratedPage] = {}
        self._stashed: dict[str, list[str]] = {}
        self._token = secrets.token_hex(8)
        self._slot = re.compile(rf"<!--rl-{self._token}-(\d+)-->")
        self._cache: PageCache | None = None
        self._memo: Memo | None = None
        self._files: Files | None = None
        self._dirty = False
        self._serving = False
        self._aside: tuple[Path, Path] | None = None
        """Where the last build's site waits while MkDocs cleans, and its folder."""
        self._sync: SiteSync | None = None
        self._syncing = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._dirty = dirty
        self._serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """The site's look ships with the package (``generator/theme``): its templates come
        after the curator's own ``custom_dir``, which overrides them, and before Material's;
        its stylesheet and scripts are added to the page. So updating the generator
        updates them, and a copy's ``overrides/`` holds only what its curator wrote."""
        dirs = config.theme.dirs
        if str(THEME) not in dirs:
            custom = config.theme.custom_dir
            dirs.insert(1 if custom and dirs and dirs[0] == custom else 0, str(THEME))
        config.extra["reading_list_feeds"] = feed_links(config.site_name)
        if "sitemap.xml" in config.theme.static_templates:  # ours lists cached pages too
            config.theme.static_templates.remove("sitemap.xml")
        if self._cache is None:
            self._cache = PageCache.for_config(config)
        self._cache.begin(config, self._dirty or not self.config.cache)
        for name in STYLESHEETS:
            if name not in config.extra_css:
                config.extra_css.append(name)
        scripts = [str(script) for script in config.extra_javascript]
        for name in SCRIPTS:
            if name not in scripts:
                config.extra_javascript.append(name)
        return config

    @event_priority(100)  # before anything else: MkDocs walks docs_dir right after
    def _check_content_folder(self, *, config: MkDocsConfig) -> None:
        """MkDocs walks the content folder itself (following links) before ``on_files``:
        a loop of links or folders nested too deep would stop it with a traceback, and a
        named pipe would hang it when copied. The core's walk finds them first."""
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        _, problems = find_sources(Path(config.docs_dir), root)
        if errors(problems):
            raise PluginError(str(ContentError(problems)))

    @event_priority(-100)  # the last thing before MkDocs empties the site folder
    def _set_aside(self, *, config: MkDocsConfig) -> None:
        """With the cache on, the last build's site is kept, and updated file by file
        (``site_sync``): MkDocs would empty the folder and write every file again."""
        self._sync = None
        self._syncing = self._cache is not None and self._cache.enabled
        if self._syncing:
            site = Path(config.site_dir)
            project = (Path(config.config_file_path).parent if config.config_file_path
                       else Path.cwd())
            aside = set_aside(site, project)
            self._aside = (aside, site) if aside else None

    on_pre_build = CombinedEvent(_check_content_folder, _set_aside)

    def _put_back(self) -> None:
        if self._aside is not None:
            put_back(*self._aside)
            self._aside = None

    def settings(self, config: MkDocsConfig) -> Settings:
        options: dict[str, Any] = dict(self.config)
        config_file = Path(config.config_file_path or "mkdocs.yml")
        return settings_from(config, options, config_file.name, where_in(config_file))

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        if self._syncing:
            self._put_back()
            assert self._cache is not None
            self._sync = self._cache.sync(Path(config.site_dir))
            files = SyncedFiles(files, self._sync)
        content_dir = Path(config.docs_dir)
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        config.extra.pop(PROBLEMS, None)
        if self._memo is None or not self.config.cache:
            self._memo = Memo(root / FOLDER / "core" if self.config.cache else None)
        try:
            site = build_site(content_dir, self.settings(config), root, memo=self._memo)
        except ContentError as exc:
            if not self._serving:
                raise PluginError(str(exc)) from None
            return self._problems_site(files, config, exc)
        for problem in site.warnings:
            if problem.severity is Severity.NOTICE:
                log.info(str(problem))  # --strict fails on warnings; a notice fails nothing
            else:
                log.warning(str(problem))
        for file in list(files):
            if is_content_source(file.src_uri):
                files.remove(file)
        self._pages = site.pages
        assert self._cache is not None
        taken = {file.src_uri for file in files}
        for uri, content in site.files.items():
            if uri in taken:
                raise PluginError(
                    f"{Path(config.docs_dir).name}/{uri} would be replaced by a generated page: "
                    "rename or remove it")
            page = site.pages.get(uri)
            if page is not None:
                assert isinstance(content, str)  # the page's text
                files.append(self._cache.file(config, page, content, self._sync))
            else:
                files.append(File.generated(config, uri, content=content))
        self._files = files
        return files

    def _problems_site(self, files: Files, config: MkDocsConfig, error: ContentError) -> Files:
        """Under ``mkdocs serve`` only: a list that does not load gives a site whose pages
        say why, so the browser shows the problems (MkDocs would leave every request
        waiting for a good build). The next good save brings the site back.

        The nav's pages show the problems; every other address is not found, and the 404
        page shows them too and reloads itself once that address exists again.
        """
        log.warning(str(error))
        messages = [str(problem) for problem in error.problems]
        config.extra[PROBLEMS] = messages
        if self._cache is not None:
            self._cache.enabled = False  # keep the cache for the next good build
        self._pages = {}
        for file in list(files):
            if is_content_source(file.src_uri):
                files.remove(file)
        items = "".join(f"<li><code>{html.escape(message)}</code></li>" for message in messages)
        page = ("---\ntitle: The reading list has problems\nsearch:\n  exclude: true\n---\n\n"
                "# The reading list has problems\n\n"
                f'<div class="admonition failure" markdown="0"><p class="admonition-title">'
                f"Fix these and save: this page reloads by itself.</p><ul>{items}</ul></div>\n")
        for uri in {"index.md", *nav_files(config.nav)}:
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, content=page))
        self._files = files
        return files

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files
               ) -> Environment:
        """Templates get ``worker_version``, a hash of our search worker, to put in its URL
        (``theme/main.html``): browsers and GitHub Pages' cache then fetch a changed
        worker at once instead of keeping the old one for up to ten minutes."""
        worker = files.get_file_from_path(WORKER)
        data = (Path(worker.abs_src_path).read_bytes()
                if worker is not None and worker.abs_src_path else b"")
        env.globals["worker_version"] = hashlib.sha256(data).hexdigest()[:8] if data else ""
        if self._cache is not None and self._cache.enabled:
            env.bytecode_cache = TemplateCache(Store(self._cache.folder / "templates"))
        return env

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        """The core's finished HTML blocks skip Markdown: each run of them waits in a
        comment until the page's HTML is made.

        Python-Markdown would only copy them, but it parses every tag and entity to do
        so: listing cards cost ~0.5 ms each, a paper page's blocks ~1 ms; at 10,000
        papers that was a third of the build. A page another plugin changed is left
        whole to Markdown.
        """
        generated = self._pages.get(page.file.src_uri)
        if generated is None or markdown.strip() != generated.body.strip():
            return markdown
        out: list[str] = []
        stashed: list[str] = []
        run: list[str] = []
        for block in (*generated.blocks, None):
            if isinstance(block, Html):
                run.append(block.html)
                continue
            if run:
                out.append(f"<!--rl-{self._token}-{len(stashed)}-->")
                stashed.append("\n\n".join(run))
                run = []
            if isinstance(block, MarkdownBlock):
                out.append(block.text)
        self._stashed[page.file.src_uri] = stashed
        return "\n\n".join(out) + "\n"

    @event_priority(100)  # before any other plugin reads the page's HTML
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        stashed = self._stashed.pop(page.file.src_uri, None)
        if not stashed:
            return html
        return self._slot.sub(lambda match: stashed[int(match.group(1))], html)

    @event_priority(-100)  # the page as written, after every other plugin
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if self._cache is not None:
            self._cache.page_built(page.file, output)
        return output

    @event_priority(50)  # before the search plugin writes its index
    def _finish_cache(self, *, config: MkDocsConfig) -> None:
        if self._cache is not None and self._files is not None:
            self._cache.finish(config, self._files)

    @event_priority(-100)  # after every other plugin has written its files
    def _prune(self, *, config: MkDocsConfig) -> None:
        if self._sync is not None:
            removed = self._sync.prune()
            log.debug("site: %d files unchanged, %d removed", self._sync.unchanged, removed)
            if self._cache is not None:
                self._cache.site_written(self._sync)
            self._sync = None

    on_post_build = CombinedEvent(_finish_cache, _prune)

    @event_priority(100)  # the last site goes back even if another plugin's handler fails
    def on_build_error(self, *, error: Exception) -> None:
        self._put_back()
        if self._cache is not None:
            self._cache.abandon()
