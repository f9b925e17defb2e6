"""The build cache in ``.cache/``: content-addressed blobs that a build may reuse.

A blob's name is the digest of everything that shaped it (its key), so a changed
input is a new name and a stale blob is never found; nothing is invalidated by hand.
Each blob starts with the digest of its own bytes: a truncated or corrupt file is
ignored (and rebuilt), never trusted. Writes go to a temporary file renamed into
place, so two builds at once see either a whole blob or none.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

#: The cache folder beside ``mkdocs.yml``; ``make clean`` removes it.
FOLDER = ".cache"

_DIGEST = 32


def digest(*parts: str | bytes) -> str:
    """A key from parts; each part is length-prefixed, so no two lists of parts collide."""
    h = hashlib.blake2b(digest_size=_DIGEST)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def tree_digest(folders: Iterable[Path]) -> str:
    """Every file's path and bytes under ``folders`` (templates, our own code)."""
    parts: list[str | bytes] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if "__pycache__" in path.parts:
                continue
            parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)


@functools.cache
def installed_packages() -> str:
    """Every installed distribution and its version: an upgrade of any package the build
    imports (Python-Markdown, nh3, latex2mathml, Material, ...) changes the cache keys.

    Read from the names of the ``*.dist-info`` folders (``name-version.dist-info``) on
    ``sys.path``: parsing every package's metadata cost 0.2 s a build.
    """
    names: list[str] = []
    for folder in dict.fromkeys(sys.path):
        try:
            entries = os.listdir(folder or ".")
        except OSError:
            continue
        names += [entry for entry in entries if entry.endswith((".dist-info", ".egg-info"))]
    return "\n".join(sorted(names))


@functools.cache
def code() -> str:
    """The code a build runs: our package (its templates included) and every installed
    package's version. Read once a process: code changed on disk is not what runs."""
    return digest(tree_digest([Path(__file__).resolve().parent]), installed_packages())


def replace_file(path: str, *parts: bytes, mode: int | None = None) -> None:
    """Write ``path`` under a temporary name, then rename it into place: a reader sees
    the old file or the new one, never half of one, and a link to the old file keeps
    what it held."""
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=os.path.dirname(path))
    try:
        with os.fdopen(handle, "wb") as out:
            for part in parts:
                out.write(part)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def unpickle_table(data: bytes | None) -> dict[str, Any]:
    """A table a build pickled (its blob's digest already checked), or an empty one."""
    try:
        value = pickle.loads(data) if data else {}
    except Exception:  # the digest matched: only another Python could fail here
        return {}
    return value if isinstance(value, dict) else {}


class Store:
    """Blobs by key under one folder (in subfolders by the key's first two characters
    when there are many)."""

    def __init__(self, folder: Path, sharded: bool = True) -> None:
        self.folder = folder
        self.sharded = sharded

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key if self.sharded else self.folder / key

    def get(self, key: str) -> bytes | None:
        try:
            data = self._path(key).read_bytes()
        except OSError:
            return None
        check, payload = data[:_DIGEST], data[_DIGEST:]
        if len(check) != _DIGEST or hashlib.blake2b(payload, digest_size=_DIGEST
                                                    ).digest() != check:
            return None
        return payload

    def put(self, key: str, payload: bytes) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            replace_file(str(path), hashlib.blake2b(payload, digest_size=_DIGEST).digest(),
                         payload)
        except OSError:
            return  # a cache that cannot be written only makes the next build slower

    def keep(self, keys: Iterable[str]) -> None:
        """Delete every blob not named in ``keys``: the cache holds the current site only.

        A build running at the same time may lose a blob it just wrote; it then finds
        none next time and rebuilds that page, which is slower but never wrong.
        """
        wanted = set(keys)
        if not self.folder.is_dir():
            return
        folders = ([shard for shard in self.folder.iterdir() if shard.is_dir()]
                   if self.sharded else [self.folder])
        for folder in folders:
            for path in folder.iterdir():
                if path.is_file() and path.name not in wanted:
                    path.unlink(missing_ok=True)
