"""Common: the core's slow pure steps, remembered between rebuilds by a digest of inputs.

Parsing a YAML file, related papers, a paper's prose (Markdown, math, sanitizing), its
card, its BibTeX entry and its page are each a pure function of inputs the caller names
in the key; a changed input is a new key, so nothing is ever invalidated by hand. A
table holds what the last build used and nothing else. It lives in memory, for the
process: ``mkdocs serve`` rebuilds reuse it; a new process starts cold, and nothing is
read from disk that could hold anything but the content itself. A build with no next
one (``mkdocs build``, ``write``) keeps nothing (``remember=False``): what it would keep
is a tenth of its memory at 10,000 papers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class Memo:
    def __init__(self, remember: bool = True) -> None:
        self._remember = remember
        self._last: dict[str, dict[str, Any]] = {}
        self._now: dict[str, dict[str, Any]] = {}

    def get(self, table: str, key: str, compute: Callable[[], T]) -> T:
        if not self._remember:
            return compute()
        now = self._now.setdefault(table, {})
        if key in now:
            value: T = now[key]
            return value
        last = self._last.get(table, {})
        value = last[key] if key in last else compute()
        now[key] = value
        return value

    def save(self) -> None:
        """Keep this build's entries, and only those, for the next build."""
        self._last, self._now = self._now, {}
