"""Escaping untrusted text for Markdown pages.

Titles and abstracts come from outside. Encoding every ASCII punctuation
character as a numeric character reference leaves no Markdown or HTML syntax
in the text at all, whatever Markdown extensions a maintainer turns on, while
browsers, search indexers and other Markdown engines show the same characters.
"""

from __future__ import annotations

import html
import re
import string

_PUNCTUATION = {c: f"&#{ord(c)};" for c in string.punctuation}
_PUNCTUATION_RE = re.compile(f"[{re.escape(string.punctuation)}]")
#: Inline code spans on one line. Not across lines: Python-Markdown takes a line that
#: starts with a block-level tag for raw HTML before it looks for code spans.
_CODE_RE = re.compile(r"(?P<ticks>`+)[^\n]+?(?P=ticks)")
#: Characters that open raw HTML or attribute lists (attr_list: ``{: onclick=...}``).
_ACTIVE = {ord("<"): "&lt;", ord("{"): "&#123;"}


def md_text(text: str) -> str:
    """Inline Markdown (or HTML) that renders as exactly ``text``, on one line."""
    # re.sub, not str.translate: translate to multi-character strings walks every character
    # in Python-level slow paths (4 s for 10,000 abstracts; re.sub takes a tenth of it)
    return _PUNCTUATION_RE.sub(lambda m: _PUNCTUATION[m.group()], " ".join(text.split()))


def html_attr(text: str) -> str:
    return html.escape(text, quote=True)


def safe_markdown(text: str) -> str:
    """Curator Markdown with raw HTML and attribute lists neutralised; code spans kept as written.

    Link destinations are checked by validation (``entries.unsafe_link``).
    """
    out: list[str] = []
    last = 0
    for match in _CODE_RE.finditer(text):
        out.append(text[last:match.start()].translate(_ACTIVE))
        out.append(match.group(0))
        last = match.end()
    out.append(text[last:].translate(_ACTIVE))
    return "".join(out)


def indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line if line.strip() else "" for line in text.splitlines())
