"""Adapter: stop a build whose theme is not the one our template copies were made from.

The site's look overrides a few of the theme's own partials, each a copy with one change
(``theme/partials``: Material 9.8's search dialog, tabs and table of contents;
``zensical_theme/partials``: Zensical 0.0.73's tabs and table of contents), and its page
config names our search worker (``theme/main.html`` rewrites ``workers/search.``). A
theme release that changes either would publish a site that looks right and is not: a
stale copy drops the release's fix, and a page that loads the theme's own worker finds
no paper at all (papers are in our index only). So each build compares the installed
theme's partials, by hash, with those our copies were made from, and checks that every
page it writes loads our worker; either failing stops the build with one line.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
from collections.abc import Mapping
from pathlib import Path

#: Our search worker, as the page config names it (``theme/main.html``).
WORKER = "assets/javascripts/workers/paper-search.js"

#: SHA-256 of each partial we copied, as the theme shipped it: Material 9.8.2, whose
#: ``partials/`` our ``theme/partials`` copies ...
MATERIAL_PARTIALS: Mapping[str, str] = {
    "partials/search.html": "bfd556535abcddb99396ab2a7e3acc2ebcd3f36756007d3969396caa4126be30",
    "partials/tabs-item.html":
        "52fe1f551aa2dbfc9e15a19718a4cadd1f1e728d567ca21fea493ebfccaf3fe2",
    "partials/toc.html": "fde48f583563364b0e0e6865a5ab1e7060ec1826161f69f5cbee653e621b0f84",
}
#: ... and Zensical 0.0.73, whose ``partials/`` our ``zensical_theme/partials`` copies.
ZENSICAL_PARTIALS: Mapping[str, str] = {
    "partials/tabs-item.html":
        "52de2a51754ff30ffa92043fcdf7c2af4d7164e657d650eec2a3662036f962f5",
    "partials/toc.html": "1077c4f59ea36a3444e84fa04e641016af4f15d2385c8cbc5a42394b881836ce",
}
THEMES = {"material": ("mkdocs-material", "theme/partials", MATERIAL_PARTIALS),
          "zensical": ("zensical", "zensical_theme/partials", ZENSICAL_PARTIALS)}


class ThemeChanged(Exception):
    """The installed theme is not the one the site's template copies were made from."""


def templates_folder(package: str) -> Path | None:
    """Where an installed theme package keeps its templates (without importing it)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "templates"


def check_partials(theme: str, templates: Path | None = None) -> None:
    """``ThemeChanged`` naming the first of our copied partials that the installed
    ``theme`` (``material`` or ``zensical``) no longer ships as it was."""
    distribution, copies, recorded = THEMES[theme]
    folder = templates or templates_folder(theme)
    try:
        version = importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        version = "(not installed)"
    for name, expected in recorded.items():
        path = folder / name if folder is not None else None
        actual = (hashlib.sha256(path.read_bytes()).hexdigest()
                  if path is not None and path.is_file() else None)
        if actual != expected:
            raise ThemeChanged(
                f"the installed {distribution} {version} ships a {name} other than the one "
                f"the reading list's copy (generator/{copies}) was made from: install the "
                "versions uv.lock names ('make site' does), or update the copy and its "
                "hash in generator/adapters/theme_guard.py")


def loads_our_worker(html: str) -> bool:
    return WORKER in html


def worker_missing(page: str) -> str:
    """The one line that stops a build whose ``page`` would load the theme's own search."""
    return (f"{page}: the page does not load the reading list's search worker ({WORKER}) "
            "but the theme's own, which finds no paper: the theme's page config changed, "
            "or an override of main.html leaves out the 'config' block of "
            "generator/adapters/theme/main.html")
