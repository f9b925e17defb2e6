"""Common: the GitHub Markdown encoder: outside text written into a pull request's body.

The import and update workflows open pull requests whose body is a file we write
(``--summary``). GitHub reads that body as GitHub Flavored Markdown with HTML, and then
acts on it: ``@name`` notifies a user or a team, ``#12``, ``GH-12`` and ``owner/repo#12``
link issues, a closing keyword before one (``Fixes #12``, ``closes owner/repo#2``,
``resolved: https://github.com/o/r/issues/3``) closes that issue when the pull request
is merged, and ``<img src=...>`` loads an image from anywhere. Imported titles and
authors, file names and an upstream CHANGELOG are outside text; here nothing in them
acts:

- every ASCII punctuation character is backslash-escaped (CommonMark lets any be) but
  ``< > &``, written as character references, so no Markdown or HTML syntax is left, and
  whitespace becomes one space (one line);
- control characters are shown as U+FFFD, as GFM shows a NUL;
- a zero-width space (U+200B, written ``&#8203;``) follows every ``@`` and ``#``, the
  ``GH`` of ``GH-12`` and each closing keyword, and splits ``://`` and ``www.``: GitHub's mention
  pattern wants a letter or digit right after ``@``, its issue references a digit after
  ``#``, its closing keywords whitespace or a colon before the reference, and its
  autolinks a scheme or ``www.`` as written. U+200B is what Renovate writes into its pull
  requests for the same purpose (``@&#8203;user``), so GitHub is known not to link it;
  it is invisible, unlike a joiner it never changes how letters join, and copied text
  keeps it rather than a space.

``code`` and ``code_block`` show text as written (a path, a CHANGELOG), fenced by more
backticks than it holds, with the same zero-width spaces after ``@``, ``#``, ``GH`` and
closing keywords
(GitHub links nothing in code, but that is one rule less to trust).
"""

from __future__ import annotations

import re
import string
from urllib.parse import quote

from generator.common import weburl

BREAK = "&#8203;"
_BREAK_CHAR = "\u200b"
_PUNCTUATION = re.compile(f"[{re.escape(string.punctuation)}]")
#: HTML's own characters as references (``&lt;img`` holds no ``<img`` for any reader),
#: other punctuation backslash-escaped.
_ESCAPES = {char: "\\" + char for char in string.punctuation} | {
    "<": "&lt;", ">": "&gt;", "&": "&amp;"}
#: Where a zero-width space goes, in text already escaped: after @ and #, after GH in
#: GH-12, after a closing keyword, inside :// and www. (escaped: \:\/\/ and www\.).
_KEYWORDS = r"(?i:\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\b)"
_BREAKS = re.compile(
    r"(?<=\\@)|(?<=\\#)|(?i:\bgh(?=\\-))|" + _KEYWORDS
    + r"|(?<=\\:)(?=\\/\\/)|(?i:\bwww(?=\\\.))")
#: The same in code, where entities are not read: the character itself.
_CODE_BREAKS = re.compile(r"(?<=[@#])|(?i:\bgh(?=-))|" + _KEYWORDS)
#: Control characters: shown as U+FFFD, as GFM shows a NUL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1b\x7f-\x84\x86-\x9f]")


def text(value: str) -> str:
    """``value`` as inline GitHub Markdown that shows exactly it (whitespace as one space)
    and mentions, links, closes and loads nothing."""
    one_line = _CONTROL.sub("\ufffd", " ".join(value.split()))
    escaped = _PUNCTUATION.sub(lambda m: _ESCAPES[m.group()], one_line)
    return _BREAKS.sub(lambda m: m.group() + BREAK, escaped)


def code(value: str) -> str:
    """``value`` as an inline code span (a file's path): a fence of more backticks than
    any run in it, padded with spaces when it starts or ends with one."""
    one = _CODE_BREAKS.sub(lambda m: m.group() + _BREAK_CHAR, " ".join(value.split()))
    longest = max((len(run) for run in re.findall(r"`+", one)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if one.startswith(("`", " ")) or one.endswith(("`", " ")) or not one else ""
    return f"{fence}{pad}{one}{pad}{fence}"


def code_block(value: str) -> str:
    """``value`` as a fenced code block, shown as written."""
    body = _CODE_BREAKS.sub(lambda m: m.group() + _BREAK_CHAR, value)
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{body.rstrip()}\n{fence}\n"


def url(value: str) -> str:
    """A link destination we made (a file's lines on GitHub): percent-encoded so that no
    character ends it or opens HTML, and an unreadable URL becomes none."""
    if weburl.split(value) is None:
        return ""
    return quote(value, safe=":/?#[]@!$&*+,;=%-._~")


def link(label: str, destination: str) -> str:
    """``[label](destination)``: the label as ``text``, the destination as ``url``."""
    target = url(destination)
    return f"[{text(label)}]({target})" if target else text(label)
