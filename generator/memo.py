"""The core's slow pure steps, remembered between builds by a digest of their inputs.

Parsing a YAML file, related papers, a paper's prose (Markdown, math, sanitizing), its
card, its BibTeX entry and its page are each a pure function of inputs the caller names
in the key; a changed input is a new key, so nothing is ever invalidated by hand. A
table holds what the last build used and nothing else.

Tables are pickled under ``.cache/core/`` in sixteen parts, each file led by the
digest of its bytes and of the code that made it (our package and every installed
package's version): a damaged file or another version's is ignored, never trusted. The
cache folder is the project's own, written only by its builds (CI restores it only from
its own runs on main). Under ``mkdocs serve`` the tables stay in memory between rebuilds.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from generator import build_cache

T = TypeVar("T")


class Memo:
    def __init__(self, folder: Path | None = None) -> None:
        self.store = build_cache.Store(folder, sharded=False) if folder is not None else None
        self._last: dict[str, dict[str, Any]] = {}
        self._now: dict[str, dict[str, Any]] = {}
        self._new: set[str] = set()

    @cached_property
    def code(self) -> bytes:
        """What made the tables: a table from other code is not read."""
        return bytes.fromhex(build_cache.code())

    def get(self, table: str, key: str, compute: Callable[[], T]) -> T:
        # Sixteen files a table, by the key's first digit: an edit rewrites one or two.
        table = f"{table}-{key[0]}"
        now = self._now.setdefault(table, {})
        if key in now:
            value: T = now[key]
            return value
        last = self._last.get(table)
        if last is None:
            last = self._last[table] = self._read(table)
        if key in last:
            value = last[key]
        else:
            value = compute()
            self._new.add(table)
        now[key] = value
        return value

    def save(self) -> None:
        """Keep this build's entries (in memory, and on disk if a table changed)."""
        for table, now in self._now.items():
            if self.store is not None and (table in self._new
                                            or len(now) != len(self._last.get(table, {}))):
                self._write(table, now)
        if self.store is not None and self._now:
            self.store.keep(self._now)  # tables of older code, or of keys no longer used
        self._last, self._now, self._new = self._now, {}, set()

    def _read(self, table: str) -> dict[str, Any]:
        data = self.store.get(table) if self.store is not None else None
        if data is None or data[:32] != self.code:
            return {}
        return build_cache.unpickle_table(data[32:])

    def _write(self, table: str, entries: dict[str, Any]) -> None:
        if self.store is not None:
            self.store.put(table, self.code + pickle.dumps(entries, pickle.HIGHEST_PROTOCOL))
