"""Adapter: pages filled into a frame the builder rendered once, not rendered one by one.

A theme's page is its chrome (header, tabs, search box, footer) around a page's own
parts. Our pages of one kind (papers, tag pages, months) differ only in those parts:
title, description, address, head tags and article. So the builder renders one *shell*
per kind, a page whose parts are random tokens, and every page of the kind is that
shell with its tokens replaced (about 20 microseconds a page, against milliseconds for a
template render). Nothing here knows the theme: the tokens are found wherever the theme
printed them. Each build, the adapter also renders one real page of each kind the normal
way and compares it with its filled version (``Shell.fill``), so a theme that prints a
part in a way filling cannot reproduce fails the build instead of publishing it.
"""

from __future__ import annotations

import html
import re
import secrets
from dataclasses import dataclass, field, replace
from urllib.parse import quote

from generator.common import urls
from generator.render.page import GeneratedPage, encoded

#: Pages of a kind share a shell only when there are at least this many (below it, the
#: shell and its check would cost more renders than they save).
SHARED = 3

Key = tuple[object, ...]
#: Material adds a heading of its own to a page without one.
HEADING = b"<h1"


def depth(page: GeneratedPage) -> int:
    return urls.public_path(page.uri).count("/")


def group_key(page: GeneratedPage) -> Key | None:
    """Pages with one key are framed alike: same kind and depth (so every relative link of
    the chrome is the same), same source file (the edit button), same shown parts."""
    if page.kind is None or depth(page) < 2 or page.title is None:
        return None
    return (page.kind, depth(page), page.source, page.hide, page.description is None,
            bool(page.head), HEADING in page.article)


@dataclass
class Shell:
    """One kind's frame: a stand-in page to render, and how to fill the rendered HTML."""

    stand_in: GeneratedPage
    tokens: dict[str, str]
    """Slot name -> the token the stand-in carries there."""
    parts: list[str] = field(default_factory=list)
    """The rendered stand-in, cut at its tokens: text, slot name, text, ..."""
    compact: list[bytes] = field(default_factory=list)
    """``parts`` without the theme's indentation, in UTF-8 as pages are written."""

    @classmethod
    def like(cls, page: GeneratedPage) -> Shell:
        """A stand-in for ``page``'s kind, at an address of the same depth and section."""
        token = "rlslot" + secrets.token_hex(8)
        section, _, rest = urls.public_path(page.uri).partition("/")
        segments = [f"{token}u{n}" for n in range(rest.count("/"))]
        # the stand-in's article has a heading where the page's has one, so the theme
        # decides alike whether to add its own (every other difference fails the check)
        article = f"<h1>{token}article</h1>" if HEADING in page.article else token + "article"
        tokens = {"title": token + "title", "head": token + "head",
                  "article": article, "path": "/".join(segments) + "/"}
        if page.description is not None:
            tokens["description"] = token + "description"
        stand_in = replace(page, uri=f"{section}/{'/'.join(segments)}.md",
                           title=tokens["title"], description=tokens.get("description"),
                           head=tokens["head"] if page.head else "",
                           article=tokens["article"].encode())
        return cls(stand_in, tokens)

    def take(self, rendered: str) -> None:
        """Cut the rendered stand-in at its tokens; a token left anywhere else (printed
        in a form the fill cannot reproduce) is an error."""
        names = {token: name for name, token in self.tokens.items()}
        pattern = re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))))
        pieces = pattern.split(rendered)
        self.parts = [pieces[0]]
        for token, text in zip(pattern.findall(rendered), pieces[1:], strict=True):
            self.parts += [names[token], text]
        prefix = self.tokens["title"][:-len("title")]
        if any(prefix in text for text in self.parts[::2]):
            raise ShellError("the theme printed a part of the page in a form the generator "
                             "cannot fill")
        # The theme's indentation goes: a run of spaces and blank lines is one line
        # break, which a browser reads alike (a tenth of a paper page's bytes).
        text = self.parts[::2]
        compact = list(self.parts)
        if not any("<pre" in part or "<textarea" in part for part in text):
            compact[::2] = [_INDENT.sub("\n", part) for part in text]
        self.compact = [part.encode() for part in compact]

    def fill(self, page: GeneratedPage, compact: bool = True) -> bytes:
        """``page`` as the theme renders it, the shell's indentation gone (``compact``)
        or kept: the shell with ``page``'s parts, in UTF-8."""
        _, _, path = urls.public_path(page.uri).partition("/")
        values = {
            "title": encoded(html.escape(page.title or "", quote=False)),
            "description": encoded(html.escape(page.description or "", quote=True)),
            "head": encoded(page.head),
            "article": page.content,
            "path": quote(path).encode(),  # as MkDocs writes a page's URL
        }
        parts = self.compact if compact else [encoded(part) for part in self.parts]
        return b"".join(values[part.decode()] if n % 2 else part
                        for n, part in enumerate(parts))


_INDENT = re.compile(r"[ \t]*\n\s*")


class ShellError(Exception):
    """The theme renders pages in a way the shells cannot reproduce."""


def first_difference(expected: str, actual: str) -> str:
    """Where two renders of a page part, as one line for a message."""
    for number, (a, b) in enumerate(zip(expected.splitlines(), actual.splitlines(),
                                        strict=False), start=1):
        if a != b:
            return f"line {number}: {b.strip()[:120]!r} where filling gives {a.strip()[:120]!r}"
    return "they differ in length"
