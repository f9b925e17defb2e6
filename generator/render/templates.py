"""Render: the Jinja templates of pages and cards, overridable by the curator.

``generator/render/templates/`` holds ours; a file of the same name in the curator's
``overrides/reading-list/`` wins, so "your own look goes in ``overrides/``" holds for
what the generator makes too, and for every builder (MkDocs, Zensical, ``write``).
Autoescape is on: a value is text unless the code marks it finished HTML (``Markup``).
Templates are read and compiled once a build (a few milliseconds), so an edited
override shows on the next ``mkdocs serve`` rebuild.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, Template

from generator.common.digest import digest

OURS = Path(__file__).resolve().parent / "templates"
#: The folder under the curator's ``custom_dir`` that holds their versions of ours.
OVERRIDES = "reading-list"


class Templates:
    def __init__(self, overrides: Path | None = None) -> None:
        folders = [str(overrides / OVERRIDES)] if overrides is not None else []
        loader = ChoiceLoader([FileSystemLoader(folders), FileSystemLoader(str(OURS))])
        self.env = Environment(loader=loader, autoescape=True, undefined=StrictUndefined,
                               auto_reload=False, keep_trailing_newline=True)
        sources = {name: loader.get_source(self.env, name)[0]
                   for name in ("paper.html", "card.html")}
        self.paper: Template = self.env.from_string(sources["paper.html"])
        self.card: Template = self.env.from_string(sources["card.html"])
        self.fingerprint = digest(*sources.values())
        """The sources as loaded: part of the key of everything they render (``memo``)."""
