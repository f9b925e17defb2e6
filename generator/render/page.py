"""Render: a generated page as this stage hands it to a builder: finished HTML, its head.

Everything in a page is final: its article and head are HTML made by the core's
encoders and templates (text escaped, prose cleaned by ``html_policy``), so a builder
only frames it in its chrome (header, tabs, footer) and never parses it as Markdown.
Pages of one ``kind`` differ only in these fields, which is what lets the MkDocs
adapter render one of them and fill the others into that frame (``shells``).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from generator.render.frontmatter import front_matter


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    uri: str
    """Source URI (``papers/x.md``), as MkDocs names files."""
    title: str | None
    """Plain text; ``None`` for the home page, which the theme names after the site."""
    article: bytes
    """The page's content as finished HTML, in UTF-8 as it is written (``encoded``): a
    page held as text takes two bytes a character once one character is past Latin-1
    (a ``▲``, a curly quote), and the pages are most of a build's memory."""
    description: str | None = None
    """Plain text for ``<meta name="description">``; ``None``: the site's description."""
    head: str = ""
    """Finished HTML for ``<head>``: citation meta tags, JSON-LD, a tag's feed links."""
    source: str | None = None
    """Content-relative path of the file a curator edits to change this page."""
    kind: str | None = None
    """Pages of one kind share one frame (paper, tag, month, ...); ``None``: a page of its
    own (the nav's pages)."""
    hide: tuple[str, ...] = ("navigation", "toc")
    """Material's ``hide`` front matter: no sidebar of pages, no table of contents."""

    def front_matter(self, **extra: object) -> str:
        """YAML front matter as the theme reads it. Material prints ``title`` and
        ``description`` into the page unescaped, so they are escaped here. No generated
        page is in the builder's own search index: papers are found through theirs
        (``search_index``), under both engines."""
        return front_matter(
            title=html.escape(self.title, quote=False) if self.title is not None else None,
            description=(html.escape(self.description, quote=True)
                         if self.description is not None else None),
            hide=list(self.hide),
            search={"exclude": True},
            rl_head=self.head or None,
            **extra)

    @property
    def content(self) -> bytes:
        """The article as a theme prints it: without the blank lines around it (Markdown
        drops them from an HTML block too)."""
        return self.article.strip(b"\n")

    @property
    def text(self) -> str:
        """The page as a Markdown file (front matter and one HTML block), for builders that
        read plain files (``python -m generator write``)."""
        return f"{self.front_matter()}\n\n{self.article.decode()}\n"


def encoded(html_text: str) -> bytes:
    """A page's HTML as it is written. Text holds no lone surrogate (YAML refuses the
    escape, files are read as strict UTF-8); were one to come, it would be written as a
    character reference, as ``SiteWriter`` writes text, not stop the build."""
    return html_text.encode("utf-8", "xmlcharrefreplace")
