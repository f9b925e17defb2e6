"""Adapter: the MkDocs plugin, the only code that imports mkdocs.

It runs the core on ``docs_dir`` (the content folder) before MkDocs empties the site
folder, so a list with mistakes stops the build with one ``PluginError`` (no
traceback) and the last site stays. MkDocs and Material then render what only they can,
the chrome: the nav's pages, and for each kind of page the core makes many of (papers,
tag pages, months) one stand-in whose parts are tokens (``shells``). Every page of that
kind is the rendered stand-in with its own parts filled in, written here; one real page
of each kind is also rendered the normal way and must equal its filled version, so a
theme that changes how a page is made fails the build loudly.
"""

from __future__ import annotations

import hashlib
import html
import logging
import os
import random
import secrets
import shutil
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from generator.adapters import shells, theme_guard
from generator.adapters.shells import Key, Shell, ShellError, first_difference, group_key
from generator.adapters.site_files import SiteWriter, remove_links, sitemap_files
from generator.common import urls, weburl
from generator.common.memo import Memo
from generator.common.problems import ContentError, Severity, errors
from generator.load.loader import find_sources, is_content_source
from generator.load.settings import OPTIONS, Settings, local_address_note, settings_from, where_in
from generator.pipeline import SiteOutputs, build_site
from generator.render.page import GeneratedPage, encoded

log = logging.getLogger("mkdocs.plugins.reading-list")

#: The site's templates, stylesheet and scripts (see ``on_config``).
THEME = Path(__file__).resolve().parent / "theme"
STYLESHEETS = ("assets/stylesheets/reading-list.css",)
SCRIPTS = ("assets/javascripts/explore.js",)

#: Our search worker (see ``theme/main.html``), as a site file.
WORKER = theme_guard.WORKER
#: ``config.extra`` key: under ``serve``, the problems that stop the list loading.
PROBLEMS = "reading_list_problems"


class ReadingListPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    #: Every option, checked once with the rest of the settings (``settings.settings_from``).
    config_scheme = tuple((name, c.Type(object, default=default))
                          for name, default in OPTIONS.items())

    def __init__(self) -> None:
        self._memos: dict[Path, Memo] = {}
        """Each project's remembered steps (``mkdocs serve`` rebuilds reuse them)."""
        self._site: SiteOutputs | None = None
        self._error: ContentError | None = None
        self._marker = f"<!--rl-article-{secrets.token_hex(8)}-->"
        self._rendered_by_mkdocs: dict[str, GeneratedPage] = {}
        """Source URI -> our page MkDocs renders: the nav's, stand-ins, checks, the rest."""
        self._shells: list[tuple[Shell, list[GeneratedPage], GeneratedPage]] = []
        """Each kind's shell, its pages, and the one rendered to check the others."""
        self._outputs: dict[str, str] = {}
        """Source URI -> HTML, for stand-ins and checked pages."""
        self._written: dict[Path, dict[str, bytes]] = {}
        """Under ``mkdocs serve``: what the last build wrote to each site folder."""
        self._filled: dict[Path, dict[str, tuple[GeneratedPage, tuple[bytes, ...]]]] = {}
        """Under ``mkdocs serve``: each filled page of the last build and its frame, by
        site folder: the same page in the same frame is the same file, not filled again."""
        self._aside: tuple[Path, Path] | None = None
        """Under ``mkdocs serve``: the site folder, kept from MkDocs' emptying it."""
        self._compiled = CompiledTemplates()
        self._curator_pages: list[str] = []
        """URLs of the curator's own pages, for the sitemap."""
        self._serving = False
        self._rebuilds = False
        """Under any ``mkdocs serve``: builds follow in this process."""
        self._dirty = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._dirty = dirty
        self._serving = command == "serve"
        self._rebuilds = False

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        """``mkdocs serve --clean`` starts as a build, then rebuilds on each save: from the
        second build, what the first computed is remembered."""
        self._rebuilds = True
        return server

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """The site's look ships with the package (``generator/adapters/theme``): its templates come
        after the curator's own ``custom_dir``, which overrides them, and before Material's;
        its stylesheet and scripts are added to the page. So updating the generator
        updates them, and a copy's ``overrides/`` holds only what its curator wrote.
        Our copies of Material's partials must match the Material installed
        (``theme_guard``)."""
        try:
            theme_guard.check_partials("material")
        except theme_guard.ThemeChanged as exc:
            raise PluginError(str(exc)) from None
        dirs = config.theme.dirs
        if str(THEME) not in dirs:
            custom = config.theme.custom_dir
            dirs.insert(1 if custom and dirs and dirs[0] == custom else 0, str(THEME))
        config.extra["reading_list_feeds"] = urls.feed_links(config.site_name)
        if "sitemap.xml" in config.theme.static_templates:  # ours lists every page
            config.theme.static_templates.remove("sitemap.xml")
        for name in STYLESHEETS:
            if name not in config.extra_css:
                config.extra_css.append(name)
        scripts = [str(script) for script in config.extra_javascript]
        for name in SCRIPTS:
            if name not in scripts:
                config.extra_javascript.append(name)
        return config

    def settings(self, config: MkDocsConfig) -> Settings:
        options: dict[str, Any] = dict(self.config)
        config_file = Path(config.config_file_path or "mkdocs.yml")
        return settings_from(config, options, config_file.name, where_in(config_file))

    @event_priority(100)  # before MkDocs empties the site folder, and before other plugins
    def _load(self, *, config: MkDocsConfig) -> None:
        """The list is loaded and every output made before the site folder is touched:
        a list with mistakes leaves the last site as it was."""
        remove_links(Path(config.site_dir), everywhere=self._dirty)
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        # MkDocs walks the content folder itself (following links) right after this: a
        # loop of links or folders nested too deep would stop it with a traceback, and a
        # named pipe would hang it. The core's walk finds them first, under serve too.
        _, found = find_sources(Path(config.docs_dir), root)
        if errors(found):
            raise PluginError(str(ContentError(found)))
        # only a server builds again in this process: a one-off build keeps nothing
        memo = (self._memos.setdefault(root.resolve(), Memo())
                if self._serving or self._rebuilds else Memo(remember=False))
        config.extra.pop(PROBLEMS, None)
        self._site, self._error = None, None
        try:
            self._site = build_site(Path(config.docs_dir), self.settings(config), root,
                                    memo=memo)
        except ContentError as exc:
            if not self._serving:
                raise PluginError(str(exc)) from None
            self._error = exc
            return
        for problem in self._site.warnings:
            if problem.severity is Severity.NOTICE:
                log.info(str(problem))  # --strict fails on warnings; a notice fails nothing
            else:
                log.warning(str(problem))

    @event_priority(-100)  # the last thing before MkDocs empties the site folder
    def _keep_site(self, *, config: MkDocsConfig) -> None:
        """Under ``mkdocs serve``, the folder the last build wrote (the server's own) is
        moved aside while MkDocs empties it, and back before anything is written, so a
        rebuild writes only the files that changed (``site_files.SiteWriter``). Another
        plugin's files are unknown to us: with one, MkDocs empties the folder as usual."""
        site = Path(config.site_dir)
        others = set(config.plugins) - {"search", "material/search", "reading-list"}
        if self._site is None or others or site.resolve() not in self._written \
                or not site.is_dir() or site.is_symlink():
            self._written.pop(site.resolve(), None)
            return
        aside = site.with_name(f".{site.name}.reading-list-{secrets.token_hex(4)}")
        os.rename(site, aside)
        self._aside = (aside, site)

    on_pre_build = CombinedEvent(_load, _keep_site)

    def _put_back(self) -> None:
        if self._aside is not None:
            aside, site = self._aside
            self._aside = None
            if site.is_dir() and not any(site.iterdir()):
                site.rmdir()
            if not site.exists():
                os.rename(aside, site)
            else:  # something made the folder meanwhile: the kept one is of no use
                shutil.rmtree(aside, ignore_errors=True)
                self._written.pop(site.resolve(), None)

    @event_priority(100)  # the folder is back before any plugin writes to it
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        self._put_back()
        for file in list(files):
            # the curator's sources, and the theme's sitemap template (ours lists every
            # page, and MkDocs would copy the template as it is once no longer rendered)
            if is_content_source(file.src_uri) or file.src_uri in ("sitemap.xml",
                                                                    "sitemap.xml.gz"):
                files.remove(file)
        self._rendered_by_mkdocs, self._shells, self._outputs = {}, [], {}
        if self._error is not None:
            return self._problems_site(files, config, self._error)
        assert self._site is not None
        self._curator_pages = [file.url for file in files.documentation_pages()]
        taken = {file.src_uri for file in files}
        for uri in [*(page.uri for page in self._site.pages), *self._site.files]:
            if uri in taken:
                raise PluginError(
                    f"{Path(config.docs_dir).name}/{uri} would be replaced by a generated "
                    "page or file: rename or remove it")
        groups: dict[Key, list[GeneratedPage]] = {}
        alone: list[GeneratedPage] = []
        for page in self._site.pages:
            key = group_key(page)
            (alone if key is None else groups.setdefault(key, [])).append(page)
        chooser = random.Random()
        for members in groups.values():
            if len(members) < shells.SHARED:
                alone.extend(members)
                continue
            shell = Shell.like(members[0])
            check = chooser.choice(members)
            self._shells.append((shell, members, check))
            alone += [shell.stand_in, check]
        for page in alone:
            self._rendered_by_mkdocs[page.uri] = page
            file = File.generated(config, page.uri,
                                  content=f"{page.front_matter()}\n\n{self._marker}\n",
                                  inclusion=InclusionLevel.UNDEFINED if page.kind is None
                                  else InclusionLevel.NOT_IN_NAV)
            # a file name is outside text: it goes into the URL encoded
            file.edit_uri = weburl.path(page.source) if page.source else None
            files.append(file)
        return files

    def _problems_site(self, files: Files, config: MkDocsConfig, error: ContentError
                       ) -> Files:
        """Under ``mkdocs serve`` only: a list that does not load gives a site whose pages
        say why, so the browser shows the problems (MkDocs would leave every request
        waiting for a good build). The next good save brings the site back.

        The nav's pages show the problems; every other address is not found, and the 404
        page shows them too and reloads itself once that address exists again.
        """
        log.warning(str(error))
        messages = [str(problem) for problem in error.problems]
        config.extra[PROBLEMS] = messages
        items = "".join(f"<li><code>{html.escape(message)}</code></li>" for message in messages)
        page = ("---\ntitle: The reading list has problems\nsearch:\n  exclude: true\n---\n\n"
                "# The reading list has problems\n\n"
                f'<div class="admonition failure" markdown="0"><p class="admonition-title">'
                f"Fix these and save: this page reloads by itself.</p><ul>{items}</ul></div>\n")
        for uri in {"index.md", *nav_files(config.nav)}:
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, content=page))
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
        env.bytecode_cache = self._compiled  # a rebuild compiles Material's templates once
        return env

    @event_priority(100)  # before any other plugin reads the page's HTML
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        """Our pages are finished HTML: they skip Markdown, waiting as a marker until now."""
        ours = self._rendered_by_mkdocs.get(page.file.src_uri)
        if ours is None:
            return html
        if self._marker not in html:
            raise PluginError(f"{page.file.src_uri}: another plugin changed this generated "
                              "page's Markdown; the reading-list plugin cannot fill it")
        return html.replace(self._marker, ours.content.decode(), 1)

    @event_priority(-100)  # the page as written, after every other plugin
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """Every page MkDocs renders (the shells among them, so every page we fill too)
        must load our search worker, or its search would miss every paper."""
        if not theme_guard.loads_our_worker(output):
            raise PluginError(theme_guard.worker_missing("/" + (page.url or "")))
        self._outputs[page.file.src_uri] = output
        return output

    @event_priority(-100)  # after every other plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Every page of a shared kind, filled into its shell, and every other output."""
        if self._site is None:
            return
        site = Path(config.site_dir)
        key = site.resolve()
        writer = SiteWriter(site, self._written.pop(key, None))
        before, filled = self._filled.pop(key, {}), {}
        for shell, members, check in self._shells:
            try:
                shell.take(self._outputs.pop(shell.stand_in.uri))
            except ShellError as exc:
                raise PluginError(f"{check.uri}: {exc}; the installed theme is not one "
                                  "this generator knows") from None
            actual = encoded(self._outputs.get(check.uri, ""))
            expected = shell.fill(check, compact=False)
            if expected != actual:
                where = first_difference(expected.decode(), actual.decode())
                raise PluginError(
                    f"{urls.public_path(check.uri)}: the theme renders this page differently "
                    f"from its shell ({where}); the installed theme is not one this "
                    "generator knows")
            frame = tuple(shell.compact)
            for member in members:  # the checked one too: MkDocs wrote it as rendered
                path = page_file(member.uri)
                last = before.get(member.uri)
                # a page the memo gave back as it was (the same object) in an unchanged
                # frame: filling and hashing 10,000 of them was a sixth of a rebuild
                if (last is None or last[0] is not member or last[1] != frame
                        or member is check or not writer.keep(path)):
                    writer.write(path, shell.fill(member), member is check)
                if self._serving:
                    filled[member.uri] = (member, frame)
            _remove_page(site, shell.stand_in.uri)
        for path, data in self._site.files.items():
            writer.write(path, data)
        self._write_sitemap(config, writer)
        # a page MkDocs rendered this time (one left alone when its kind shrank below a
        # shell's worth) may be one we filled last time: it is not stale
        stand_ins = {shell.stand_in.uri for shell, _, _ in self._shells}
        for uri in self._rendered_by_mkdocs.keys() - stand_ins:
            writer.written_by_builder(page_file(uri))
        writer.remove_stale()
        if self._serving:
            self._written[key] = writer.written
            self._filled[key] = filled
        self._outputs.clear()
        note = None if self._serving else local_address_note(config.site_url or "", os.environ)
        if note is not None:
            log.info(note)  # the build is right for this computer: --strict passes

    @event_priority(100)  # the kept folder goes back even if another plugin's handler fails
    def on_build_error(self, *, error: Exception) -> None:
        """The site folder may hold what MkDocs wrote of a build that stopped (stand-ins,
        pages as rendered): what the last build wrote is no longer known, so the next
        build starts from an empty folder."""
        self._put_back()
        self._written.clear()
        self._filled.clear()

    def _write_sitemap(self, config: MkDocsConfig, writer: SiteWriter) -> None:
        """Every page, ours and the curator's, as MkDocs would list them."""
        assert self._site is not None
        paths = [urls.public_path(page.uri) for page in self._site.pages]
        for path, data in sitemap_files(config.site_url or "/",
                                        paths + self._curator_pages).items():
            writer.write(path, data)


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates, kept in memory for the process: ``mkdocs serve`` makes
    a new template environment each rebuild, and compiling Material's templates again was
    a quarter of a rebuild at 1,000 papers. Jinja checks each against its source."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def page_file(uri: str) -> str:
    """Where the page for source URI ``uri`` is written: ``papers/x/index.html``."""
    return urls.public_path(uri) + "index.html"


def _remove_page(site: Path, uri: str) -> None:
    """A stand-in's page and the folders made for it alone."""
    folder = site / urls.public_path(uri)
    (folder / "index.html").unlink(missing_ok=True)
    while folder != site and folder.is_dir() and not any(folder.iterdir()):
        os.rmdir(folder)
        folder = folder.parent


def nav_files(nav: Any) -> set[str]:
    """Every Markdown file named in ``nav``, titled or not (links left out)."""
    if isinstance(nav, str):
        return {nav} if nav.endswith(".md") and "://" not in nav else set()
    values = nav.values() if isinstance(nav, dict) else nav if isinstance(nav, list) else ()
    return set().union(*(nav_files(value) for value in values))
