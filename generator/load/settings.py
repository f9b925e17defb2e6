"""Load: site-wide settings, read from ``mkdocs.yml``: the one place they are configured.

They are validated once, here, where they are read (as MkDocs' ``Config`` does):
every mistake is collected with its line in ``mkdocs.yml``, and the stages after
this one trust a ``Settings`` value.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml_env_tag import construct_env_tag

from generator.common import weburl
from generator.common.problems import ContentError, Problem
from generator.common.urls import Links
from generator.load.model import TAG_RE
from generator.load.yaml_source import syntax_position

PLUGIN_NAME = "reading-list"
SITE_URL_EXAMPLE = "https://USER.github.io/REPO/"
SIZES: dict[str, tuple[int, str]] = {
    "home_size": (50, "papers on the home page"),
    "page_size": (100, "papers per listing page"),
    "feed_size": (50, "items per feed"),
}
#: The plugin's options (``plugins: - reading-list: ...``) and their defaults, declared
#: once: the MkDocs adapter takes its scheme from here and ``settings_from`` checks them.
#: ``cache`` is accepted from older configurations and changes nothing: builds keep
#: nothing on disk.
OPTIONS: dict[str, object] = {**{name: default for name, (default, _) in SIZES.items()},
                              "tag_rules": {}, "imports": [], "cache": True,
                              "engine": "mkdocs"}
#: What ``make site`` (``python -m generator build``) builds the site with: MkDocs with
#: Material, or Zensical, Material's successor (README: "Zensical").
ENGINES = ("mkdocs", "zensical")

Where = Callable[[str], tuple[int, int]]
"""A setting's dotted name (``plugins.reading-list.home_size``) -> its line and column."""


class SettingsError(ContentError):
    """Settings in ``mkdocs.yml`` that the build needs are missing or wrong.

    A ``ContentError`` so both adapters already report it: one ``PluginError``
    from MkDocs, exit status 2 from the CLI.
    """

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.args = ("\n".join(str(p) for p in self.problems),)

    def __reduce__(self) -> tuple[Callable[..., ContentError], tuple[object, ...]]:
        return SettingsError, (self.problems,)


@dataclass(frozen=True, slots=True)
class Settings:
    site_name: str = "Reading list"
    site_url: str | None = None
    description: str = ""
    language: str = "en"
    #: MkDocs' ``use_directory_urls``: listing cards link to built pages in raw HTML.
    directory_urls: bool = True
    #: Newest additions shown on the home page; older ones are reached through the archive.
    home_size: int = 50
    #: Papers per listing page (tag pages, month archives).
    page_size: int = 100
    #: Items per feed.
    feed_size: int = 50
    #: The curator's ``theme.custom_dir`` (absolute): their versions of our templates
    #: live in its ``reading-list/`` folder (``templates``).
    overrides: str | None = None
    #: Keyword (regex) -> tag rules applied by importers.
    tag_rules: Mapping[str, str] = field(default_factory=dict)
    #: Imports run by ``python -m generator import --configured`` (the scheduled workflow).
    imports: tuple[Mapping[str, Any], ...] = ()
    #: The builder ``make site`` and the Pages workflow use (``ENGINES``).
    engine: str = "mkdocs"

    @property
    def links(self) -> Links:
        return Links(self.directory_urls)

    @property
    def base_url(self) -> str:
        """``site_url`` with a trailing slash (checked by ``settings_from``)."""
        site_url = self.site_url or ""
        return site_url if site_url.endswith("/") else site_url + "/"


#: The variable ``mkdocs.yml`` reads the site's address from (``!ENV [SITE_URL, ...]``).
SITE_URL_VARIABLE = "SITE_URL"


def local_address_note(site_url: str, environ: Mapping[str, str]) -> str | None:
    """What to say when a build points at this computer: ``site_url`` names a loopback
    host (``mkdocs.yml``'s default, ``http://127.0.0.1:8000/reading-list/``) and
    ``SITE_URL`` is not set. Feeds, the sitemap, canonical links and BibTeX then lead
    nowhere once published; ``mkdocs serve`` needs nothing else, so it is not said there."""
    if environ.get(SITE_URL_VARIABLE):
        return None
    parts = weburl.split(site_url)
    host = (parts.hostname or "") if parts is not None else ""
    if host != "localhost" and not host.startswith("127.") and host not in ("::1", "0.0.0.0"):
        return None
    return (f"this site points at {site_url} (site_url in mkdocs.yml; {SITE_URL_VARIABLE} is "
            "not set): its feeds, sitemap, canonical links and BibTeX lead to this computer. "
            "To build it for where it will be published, give that address: "
            f"{SITE_URL_VARIABLE}=https://OWNER.github.io/REPOSITORY/ make site "
            "(or write it as site_url: in mkdocs.yml)")


def plugin_options(plugins: Any) -> dict[str, Any]:
    """Our plugin's options from a raw ``plugins:`` list as written in mkdocs.yml."""
    if isinstance(plugins, Mapping):
        options = plugins.get(PLUGIN_NAME)
        return dict(options) if isinstance(options, Mapping) else {}
    for item in plugins or ():
        if isinstance(item, Mapping) and PLUGIN_NAME in item:
            options = item[PLUGIN_NAME]
            return dict(options) if isinstance(options, Mapping) else {}
    return {}


def _first_line(_name: str) -> tuple[int, int]:
    return 1, 1


def settings_from(config: Mapping[str, Any], options: Mapping[str, Any],
                  config_file: str = "mkdocs.yml", where: Where = _first_line,
                  root: Path | None = None) -> Settings:
    """Settings from mkdocs.yml's values and our plugin's options, or ``SettingsError``
    with every mistake."""
    problems: list[Problem] = []
    option = f"plugins.{PLUGIN_NAME}."

    def problem(name: str, message: str) -> None:
        line, column = where(name)
        problems.append(Problem(config_file, line, column, message,
                                field=name.removeprefix(option)))

    for name in options:
        if name not in OPTIONS:
            close = difflib.get_close_matches(str(name), OPTIONS, n=1)
            problem(option + str(name), "not an option of the reading-list plugin"
                    + (f": did you mean {close[0]!r}?" if close else
                       f" (options: {', '.join(OPTIONS)})"))
    sizes: dict[str, int] = {}
    for name, (default, what) in SIZES.items():
        value = options.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int):
            problem(option + name, f"expected a whole number of {what}, got {value!r}")
        elif value < 1:
            problem(option + name, f"expected 1 or more {what}, got {value}")
        else:
            sizes[name] = value
    rules = options.get("tag_rules") or {}
    if not isinstance(rules, Mapping):
        problem(option + "tag_rules", "expected a mapping of keyword (a regular expression) "
                                      f"to tag, like '\\bcausal': causality; got {rules!r}")
        rules = {}
    for pattern, tag in rules.items():
        if not isinstance(tag, str) or not TAG_RE.fullmatch(tag):
            problem(option + "tag_rules", f"{pattern!r}: tag {tag!r} is not lowercase words "
                                          "joined by '-'")
        try:
            re.compile(str(pattern))
        except re.error as exc:
            problem(option + "tag_rules", f"{pattern!r}: not a valid regular expression ({exc})")
    imports = options.get("imports") or ()
    if not isinstance(imports, list | tuple):
        problem(option + "imports", f"expected a list of imports (- source: arxiv ...), "
                                    f"got {imports!r}")
        imports = ()
    engine = options.get("engine", "mkdocs")
    if engine not in ENGINES:
        problem(option + "engine", f"expected one of {', '.join(ENGINES)}, got {engine!r}")
    site_url = config.get("site_url") or None
    if site_url is None:
        problem("site_url", "feeds need the site's public address, e.g. "
                            f"site_url: {SITE_URL_EXAMPLE}")
    else:
        parts = weburl.split(str(site_url))
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            unreadable = weburl.problem(str(site_url))
            problem("site_url", f"feeds need an absolute http(s) address like "
                                f"{SITE_URL_EXAMPLE}, got {site_url!r}"
                                + (f" ({unreadable})" if unreadable else ""))
    if config.get("use_directory_urls", True) is False:
        problem("use_directory_urls", "false is not supported: pages, feeds and search "
                                      "link to folder addresses (papers/<id>/), as GitHub "
                                      "Pages serves them; remove this line")
    theme: Any = config.get("theme")
    language = str(theme.get("language") or "en") if hasattr(theme, "get") else "en"
    custom = (theme.get("custom_dir") if isinstance(theme, Mapping)
              else getattr(theme, "custom_dir", None))
    overrides = str((root or Path.cwd()) / str(custom)) if custom else None
    if problems:
        raise SettingsError(problems)
    return Settings(
        site_name=str(config.get("site_name") or "Reading list"),
        site_url=str(site_url),
        description=str(config.get("site_description") or ""),
        language=language,
        overrides=overrides,
        tag_rules={str(k): str(v) for k, v in rules.items()},
        imports=tuple(imports),
        engine=str(engine),
        home_size=sizes["home_size"],
        page_size=sizes["page_size"],
        feed_size=sizes["feed_size"],
    )


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold ``!!python/name`` and ``!ENV`` tags; we read them as plain values,
    except ``!ENV``, which is read as MkDocs reads it."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_TolerantLoader.add_multi_constructor("", _any_tag)
# ``!ENV`` as MkDocs reads it, with MkDocs' own constructor: a variable's value is one
# scalar typed by YAML's implicit rules (``true``, ``8000``), never a YAML document.
_TolerantLoader.add_constructor("!ENV", construct_env_tag)


@dataclass(frozen=True, slots=True)
class Project:
    """Where things are, as mkdocs.yml says: the config file's folder and the content folder."""

    root: Path
    content_dir: Path
    settings: Settings


def _positions(node: yaml.Node | None) -> dict[str, tuple[int, int]]:
    """Dotted name -> line and column of each key in mkdocs.yml, the plugin's options
    (``plugins.reading-list.home_size``) included."""
    found: dict[str, tuple[int, int]] = {}

    def walk(node: yaml.Node, prefix: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    name = prefix + str(key.value)
                    found[name] = (key.start_mark.line + 1, key.start_mark.column + 1)
                    walk(value, name + ".")
        elif isinstance(node, yaml.SequenceNode) and prefix == "plugins.":
            for item in node.value:
                walk(item, prefix)

    if node is not None:
        walk(node, "")
    return found


def where_in(config_file: Path) -> Where:
    """Where each setting is written in ``config_file``, for messages; line 1 if unknown."""
    try:
        positions = _positions(yaml.compose(config_file.read_text(encoding="utf-8-sig"),
                                            Loader=_TolerantLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        positions = {}
    return lambda name: positions.get(name, (1, 1))


def read_project(config_file: Path) -> Project:
    """The project that ``config_file`` describes, or ``SettingsError`` saying what is wrong
    with it (a YAML mistake with its line; every wrong setting)."""
    shown = config_file.name
    try:
        text = config_file.read_text(encoding="utf-8-sig")
        node = yaml.compose(text, Loader=_TolerantLoader)
        raw = yaml.load(text, Loader=_TolerantLoader) or {}
    except OSError as exc:
        raise SettingsError([Problem(shown, 1, 1, f"cannot read it: {exc.strerror}")]) from None
    except UnicodeDecodeError:
        raise SettingsError([Problem(shown, 1, 1, "is not UTF-8: save it as UTF-8")]) from None
    except RecursionError:
        raise SettingsError([Problem(shown, 1, 1, "nested too deeply to read")]) from None
    except yaml.YAMLError as exc:  # on the line of the mistake, as in content files
        line, column, message = syntax_position(exc, text)
        raise SettingsError([Problem(shown, line, column, message)]) from None
    if not isinstance(raw, Mapping):
        raise SettingsError([Problem(shown, 1, 1, "expected settings (site_name: ...), "
                                                  f"got {type(raw).__name__}")])
    positions = _positions(node)
    root = config_file.resolve().parent
    content_dir = root / str(raw.get("docs_dir") or "docs")
    settings = settings_from(raw, plugin_options(raw.get("plugins")), shown,
                             lambda name: positions.get(name, (1, 1)), root)
    return Project(root, content_dir, settings)
