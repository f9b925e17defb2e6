"""Update a built site in place: write only the files whose bytes changed, then remove
what the build no longer makes.

A warm build reuses almost every page, yet emptying the site folder and writing it all
again was most of its time: at 1,000 papers 2,900 files in 1,100 folders, 3.5 of the 4
seconds on a disk (creating a file costs a journal entry; reading one costs little).

Each file is checked against what this build means to write, by bytes or by a digest
the caller names (a cached page's key). What the last build wrote is remembered, as
git's index does, by each file's size, time and inode with the digest of its bytes: a
file still as that build left it is not read again. Anything else is compared byte for
byte, so the result is a clean build's whatever the folder held (a failed build,
another branch's site). Like MkDocs' own cleaning, the site folder's hidden entries
(``.git`` of a gh-pages checkout, ``.nojekyll``) are left alone.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path

from generator.build_cache import replace_file

Stamp = tuple[int, int, int, bytes]
"""A file's size, modification time and inode, and the digest of what it holds."""

_Seen = tuple[int, int, int, int]
"""A file's inode, size, modification and change times, as the build found it."""


def content_digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def _stamp(found: os.stat_result, digest: bytes) -> Stamp:
    return found.st_size, found.st_mtime_ns, found.st_ino, digest


def _seen(found: os.stat_result) -> _Seen:
    return found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns


def _files(site: Path) -> set[str]:
    """Every file under ``site`` but its hidden top-level entries (names only: no file is
    read or stat'ed)."""
    found: set[str] = set()
    for entry in os.scandir(site):
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            for folder, _dirs, names in os.walk(entry.path):
                found.update(os.path.join(folder, name) for name in names)
        else:
            found.add(entry.path)
    return found


@dataclass
class SiteSync:
    """One build's writes into ``site``, which holds the previous build's files."""

    site: Path
    before: set[str]
    """Every file the folder held when this build started."""
    known: dict[str, Stamp] = field(default_factory=dict)
    """What the last build wrote here, by path."""
    written: dict[str, Stamp] = field(default_factory=dict)
    """Every file this build wrote or found already right."""
    unchanged: int = 0
    left: dict[str, _Seen] = field(default_factory=dict)
    """The files of ``before`` this build has not written, as ``settle`` found them."""

    @classmethod
    def start(cls, site: Path, known: dict[str, Stamp] | None = None) -> SiteSync:
        site.mkdir(parents=True, exist_ok=True)
        return cls(site, _files(site), known or {})

    def current(self, path: str, digest: bytes) -> bool:
        """Whether ``path`` holds what has ``digest``, as the last build left it; if so,
        it counts as written."""
        path = os.path.normpath(path)
        known = self.known.get(path)
        if known is None or known[3] != digest:
            return False
        try:
            found = os.lstat(path)
        except OSError:
            return False
        if not stat.S_ISREG(found.st_mode) or _stamp(found, digest) != known:
            return False
        self.written[path] = known
        self.unchanged += 1
        return True

    def write(self, path: str, data: bytes, digest: bytes | None = None) -> None:
        """Make ``path`` hold ``data`` (whose digest is ``digest``, or its bytes'), writing
        only if it does not already. A new file replaces the old one, never writes through
        it: a link to it elsewhere keeps what it held."""
        digest = digest or content_digest(data)
        if self.current(path, digest):
            return
        path = os.path.normpath(path)
        try:
            found: os.stat_result | None = os.lstat(path)
        except (FileNotFoundError, NotADirectoryError):
            found = None
        if found is not None and stat.S_ISREG(found.st_mode) and found.st_size == len(data):
            with open(path, "rb") as existing:
                if existing.read() == data:
                    self.written[path] = _stamp(found, digest)
                    self.unchanged += 1
                    return
        if found is not None and stat.S_ISDIR(found.st_mode):
            shutil.rmtree(path)  # a folder the last build left where a file goes now
            found = None
        self._make_folder(os.path.dirname(path))
        if found is None:
            with open(path, "wb") as out:
                out.write(data)
        else:
            replace_file(path, data, mode=stat.S_IMODE(found.st_mode))
        self.written[path] = _stamp(os.lstat(path), digest)

    def _make_folder(self, folder: str) -> None:
        """``os.makedirs``, removing a file the last build left where a folder goes now."""
        try:
            os.makedirs(folder, exist_ok=True)
            return
        except (FileExistsError, NotADirectoryError):
            pass
        parent = folder
        while parent != str(self.site) and not os.path.isdir(parent):
            if os.path.lexists(parent):
                os.unlink(parent)
                break
            parent = os.path.dirname(parent)
        os.makedirs(folder, exist_ok=True)

    def made_here(self, folder: str) -> bool:
        """Whether this build wrote anything under ``folder``."""
        inside = os.path.normpath(folder) + os.sep
        return any(path.startswith(inside) for path in self.written)

    def replace(self, path: str) -> None:
        """Remove ``path`` before another writer writes it, so it writes a new file."""
        try:
            if not os.path.isdir(path):
                os.unlink(path)
        except FileNotFoundError:
            pass

    def settle(self) -> None:
        """Note how the old files this build has not written are, before other writers
        (MkDocs' pages and templates, the search plugin) start: ``prune`` removes those
        nobody wrote since."""
        for path in self.before.difference(self.written):
            try:
                found = os.lstat(path)
            except OSError:
                continue
            if not stat.S_ISDIR(found.st_mode):  # else a file's place is now a folder
                self.left[path] = _seen(found)

    def prune(self) -> int:
        """Remove the files the folder held before this build that nobody wrote during it,
        then the folders left empty. Returns how many files went."""
        inodes = {stamp[2] for stamp in self.written.values()}  # one file, two spellings
        folders: set[str] = set()
        removed = 0
        for path, seen in self.left.items():
            try:
                found = os.lstat(path)
            except OSError:
                continue
            if path in self.written or found.st_ino in inodes or _seen(found) != seen:
                continue
            os.unlink(path)
            removed += 1
            folders.add(os.path.dirname(path))
        top = str(self.site)
        for folder in sorted(folders, key=len, reverse=True):
            while (folder != top and folder.startswith(top) and os.path.isdir(folder)
                   and not os.listdir(folder)):
                os.rmdir(folder)
                folder = os.path.dirname(folder)
        return removed


def set_aside(site: Path, project: Path) -> Path | None:
    """Move a built site out of MkDocs' way before it cleans the folder (MkDocs always
    empties it, unless ``--dirty``); ``put_back`` returns it before anything is written.
    Returns where it went, or None when there is nothing to keep, it cannot move, or the
    folder holds the project itself."""
    aside = site.with_name(f".{site.name}.previous-build")
    try:
        if aside.is_dir() and not site.exists():
            aside.rename(site)  # a build stopped before it put the site back
        if (not site.is_dir() or site.is_symlink() or not any(site.iterdir())
                or project.resolve().is_relative_to(site.resolve())):
            return None
        if aside.exists():
            shutil.rmtree(aside, ignore_errors=True)
        site.rename(aside)
    except OSError:
        return None
    return aside


def put_back(aside: Path, site: Path) -> None:
    """Return a set-aside site to its folder; if something took its place, drop it."""
    try:
        if site.exists():
            site.rmdir()  # only an empty folder: anything else stays as it is
        aside.rename(site)
    except OSError:
        shutil.rmtree(aside, ignore_errors=True)
