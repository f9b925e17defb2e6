"""Site-wide settings, read from ``mkdocs.yml``: the one place they are configured."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.problems import ContentError, Problem

PLUGIN_NAME = "reading-list"


class SettingsError(ContentError):
    """A setting in ``mkdocs.yml`` that the build needs is missing or wrong.

    A ``ContentError`` so both adapters already report it: one ``PluginError``
    from MkDocs, exit status 2 from the CLI.
    """

    def __init__(self, setting: str, message: str, config_file: str = "mkdocs.yml") -> None:
        super().__init__([Problem(config_file, 1, 1, message, field=setting)])
        self.args = (f"{config_file}: {setting}: {message}",)
        self._made_with = (setting, message, config_file)

    def __reduce__(self) -> tuple[Callable[..., ContentError], tuple[object, ...]]:
        """Picklable, so it can be raised in a forked worker (``forking``) and re-raised here."""
        return SettingsError, self._made_with


def check_size(name: str, value: int, what: str) -> None:
    if value < 1:
        raise SettingsError(name, f"expected 1 or more {what}, got {value}")


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
    #: Keyword (regex) -> tag rules applied by importers.
    tag_rules: Mapping[str, str] = field(default_factory=dict)
    #: Imports run by ``python -m generator import --configured`` (the scheduled workflow).
    imports: tuple[Mapping[str, Any], ...] = ()


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


def settings_from(config: Mapping[str, Any], options: Mapping[str, Any]) -> Settings:
    theme: Any = config.get("theme")
    language = str(theme.get("language") or "en") if hasattr(theme, "get") else "en"
    site_url = config.get("site_url") or None
    return Settings(
        site_name=str(config.get("site_name") or "Reading list"),
        site_url=str(site_url) if site_url else None,
        description=str(config.get("site_description") or ""),
        language=language,
        directory_urls=bool(config.get("use_directory_urls", True)),
        home_size=int(options.get("home_size", 50)),
        page_size=int(options.get("page_size", 100)),
        feed_size=int(options.get("feed_size", 50)),
        tag_rules=dict(options.get("tag_rules") or {}),
        imports=tuple(options.get("imports") or ()),
    )


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold ``!!python/name`` and ``!ENV`` tags; we read them as plain values."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_TolerantLoader.add_multi_constructor("", _any_tag)


@dataclass(frozen=True, slots=True)
class Project:
    """Where things are, as mkdocs.yml says: the config file's folder and the content folder."""

    root: Path
    content_dir: Path
    settings: Settings


def read_project(config_file: Path) -> Project:
    with config_file.open(encoding="utf-8") as stream:
        raw = yaml.load(stream, Loader=_TolerantLoader) or {}
    root = config_file.resolve().parent
    content_dir = root / str(raw.get("docs_dir") or "docs")
    return Project(root, content_dir, settings_from(raw, plugin_options(raw.get("plugins"))))
