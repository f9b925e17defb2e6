"""A generated page: front matter and a list of typed blocks, Markdown or finished HTML.

The type is the hand-off to an adapter: an ``Html`` block is final (escaped or
cleaned by ``html_policy``) and may skip the Markdown engine, which would only copy
it at a cost; a ``Markdown`` block (headings, links MkDocs checks) must go through it.
Written to a file, a page is plain Markdown with raw HTML blocks, which any
Markdown engine reads.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Markdown:
    text: str

    def __reduce__(self) -> tuple[type[Markdown], tuple[str]]:
        """Pickled as its fields (``memo``): the dataclass way costs twice as much."""
        return Markdown, (self.text,)


@dataclass(frozen=True, slots=True)
class Html:
    html: str
    """One or more complete HTML block elements; nothing from outside is raw in it."""

    def __reduce__(self) -> tuple[type[Html], tuple[str]]:
        return Html, (self.html,)


Block = Markdown | Html


def block_text(block: Block) -> str:
    return block.text if isinstance(block, Markdown) else block.html


def blocks(*items: Block) -> tuple[Block, ...]:
    """The blocks of a page, without empty HTML blocks (an empty listing's cards)."""
    return tuple(item for item in items if not isinstance(item, Html) or item.html)


@dataclass(frozen=True, slots=True)
class Page:
    uri: str
    """Source URI (``papers/x.md``), as MkDocs names files."""
    front: str
    """YAML front matter, with its ``---`` lines."""
    blocks: tuple[Block, ...]
    source: str | None = None
    """Content-relative path of the file a curator edits to change this page."""

    def __reduce__(self) -> tuple[type[Page], tuple[object, ...]]:
        return Page, (self.uri, self.front, self.blocks, self.source)

    @property
    def body(self) -> str:
        """The blocks as Markdown, each followed by a blank line."""
        return "".join(block_text(block) + "\n\n" for block in self.blocks)

    @property
    def text(self) -> str:
        return f"{self.front}\n\n{self.body}"
