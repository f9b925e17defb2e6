"""Build the site with Zensical, Material for MkDocs' successor, instead of MkDocs.

Zensical reads ``mkdocs.yml`` but runs no MkDocs plugin, so the core's output is written
as plain files first (``python -m generator write``), and Zensical builds those with the
site's settings: the same pages, listings, feeds, citations and Explore data. What only
the MkDocs adapter does (ARCHITECTURE.md has the table) degrades to Zensical's own
behaviour: its search instead of ours, Markdown for the finished HTML blocks too, and
Material's partials as Zensical ships them (our fixes to copies of Material 9.8's
partials are left out: Zensical's templates differ).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from generator.outputs import build_site, write_tree
from generator.settings import PLUGIN_NAME, Project, _TolerantLoader
from generator.urls import feed_links

THEME = Path(__file__).resolve().parent / "theme"
#: Copies of Material 9.8's partials, made for MkDocs: Zensical's templates differ.
MATERIAL_COPIES = ("partials",)


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
    config["extra"] = {**(config.get("extra") or {}),
                       "reading_list_feeds": feed_links(str(config.get("site_name", "")))}
    return config


def build(project: Project, site: Path, zensical: str | None = None) -> int:
    """Write the core's output and build it with Zensical into ``site``; its exit status."""
    command = zensical or shutil.which("zensical") or str(Path(sys.executable).parent /
                                                           "zensical")
    if not Path(command).exists() and not shutil.which(command):
        print("error: zensical is not installed: pip install -e '.[zensical]'",
              file=sys.stderr)
        return 1
    # Zensical reads links in finished HTML as relative to the page's source file
    settings = replace(project.settings, links_from_source=True, search_index=False)
    outputs = build_site(project.content_dir, settings, project.root)
    raw = yaml.load((project.root / "mkdocs.yml").read_text(encoding="utf-8"),
                    Loader=_TolerantLoader)
    with tempfile.TemporaryDirectory(prefix="reading-list-zensical-") as scratch:
        work = Path(scratch)
        write_tree(outputs.as_files(), work / "docs")
        theme = work / "theme"
        shutil.copytree(THEME, theme, ignore=shutil.ignore_patterns(*MATERIAL_COPIES))
        custom = (raw.get("theme") or {}).get("custom_dir")
        if custom and (project.root / custom).is_dir():  # the curator's own overrides win
            shutil.copytree(project.root / custom, theme, dirs_exist_ok=True)
        config = work / "zensical.yml"
        built = work / "site"  # Zensical builds inside its project folder
        config.write_text(yaml.safe_dump(zensical_config(raw, "docs", "site", "theme"),
                                         sort_keys=False), encoding="utf-8")
        done = subprocess.run([command, "build", "--config-file", str(config)], cwd=work,
                              check=False)
        if done.returncode == 0:  # the previous site stays until the new one is whole
            site = site.absolute()
            old = site.with_name(f".{site.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            if site.exists():
                site.rename(old)
            shutil.move(str(built), site)
            shutil.rmtree(old, ignore_errors=True)
    return done.returncode
