"""Common: the encoder for what commands print: one line a message, content quoted.

GitHub Actions reads every line a step prints to stdout or stderr as a possible workflow
command (the runner's ``ActionCommand``): a line that starts with ``::`` once leading
whitespace is trimmed (``::error ...::``, ``::add-mask::``, ``::stop-commands::``), and,
in the older syntax, ``##[`` anywhere in a line (``##[add-mask]secret``). The Pages
workflow runs ``check`` on pull requests, so a title, a field name or a file name that
reached the log raw could forge annotations or hide text.

So text from content is quoted (``quote``, like Python's ``repr``: single quotes,
``\\n``, ``\\x1b``, ``\\u2028`` for what cannot be printed), and every message goes out
through ``line``, which escapes whatever a message still holds that could end its line
or read as a command. Our own annotations (``problems.Problem.github_annotation``) are
the only lines that start with ``::``.
"""

from __future__ import annotations

import re

#: A name shown as it is: letters, digits and the punctuation of paths and ids; it
#: neither starts nor ends with a space.
_PLAIN = re.compile(r"[\w.+@~/-](?:[\w .,+@~/=()-]*[\w.+@~/=()-])?")
_LEGACY_COMMAND = "##["
_LEGACY_ESCAPED = "##\\x5b"


def _escape(char: str) -> str:
    return repr(char)[1:-1]


def _printable(text: str) -> str:
    """``text`` with every character ``str.isprintable`` rejects (controls, line and
    paragraph separators, format characters, spaces other than U+0020) escaped."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def quote(text: str) -> str:
    """``text`` in single quotes, escaped like ``repr``: ``'it\\'s'``, ``'a\\nb'``."""
    inner = repr(text)[1:-1]
    if repr(text).startswith('"'):  # repr chose double quotes for a text with a '
        inner = inner.replace("'", "\\'")
    return "'" + inner.replace(_LEGACY_COMMAND, _LEGACY_ESCAPED) + "'"


def name(text: str) -> str:
    """A name (a field, a file's path) as it is when nothing in it needs escaping, else
    quoted."""
    return text if _PLAIN.fullmatch(text) else quote(text)


def line(text: str) -> str:
    """A message as one line that no runner reads as a workflow command."""
    out = _printable(text).replace(_LEGACY_COMMAND, _LEGACY_ESCAPED)
    if out.lstrip(" ").startswith("::"):
        at = out.index(":")
        out = out[:at] + "\\x3a" + out[at + 1:]
    return out
