"""A site updated in place is the site a clean build writes: unchanged files are left
alone, changed ones rewritten, and whatever the build no longer makes removed."""

from __future__ import annotations

import os
from pathlib import Path

from generator.site_sync import SiteSync, content_digest, put_back, set_aside


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_only_changed_files_are_written_and_stale_ones_removed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    first = SiteSync.start(site)
    for name, data in {"a.html": b"A", "b/index.html": b"B", "old/index.html": b"O"}.items():
        first.write(str(site / name), data)
    assert first.prune() == 0
    before = {name: (site / name).stat().st_mtime_ns for name in ("a.html", "b/index.html")}

    second = SiteSync.start(site, first.written)
    second.write(str(site / "a.html"), b"A")      # unchanged: not touched
    second.write(str(site / "b/index.html"), b"b")  # same size, other bytes
    (site / "late.json").write_bytes(b"{}")       # another writer, during the build
    assert second.prune() == 1                     # old/index.html, then its folder

    assert files(site) == {"a.html": b"A", "b/index.html": b"b", "late.json": b"{}"}
    assert not (site / "old").exists()
    assert (site / "a.html").stat().st_mtime_ns == before["a.html"]
    assert second.unchanged == 1


def test_a_file_is_trusted_only_as_the_last_build_left_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    first = SiteSync.start(site)
    path = str(site / "page" / "index.html")
    first.write(path, b"<p>one</p>", b"key-1")
    first.prune()

    again = SiteSync.start(site, first.written)
    assert again.current(path, b"key-1")
    assert not again.current(path, b"key-2")  # another page now

    Path(path).write_bytes(b"<p>two</p>")  # changed behind the build's back, same size
    later = SiteSync.start(site, first.written)
    assert not later.current(path, b"key-1")
    later.write(path, b"<p>one</p>", b"key-1")
    assert Path(path).read_bytes() == b"<p>one</p>"


def test_digests_are_of_the_bytes(tmp_path: Path) -> None:
    site = tmp_path / "site"
    sync = SiteSync.start(site)
    sync.write(str(site / "x"), b"data")
    assert sync.written[os.path.normpath(site / "x")][3] == content_digest(b"data")


def test_a_site_set_aside_comes_back_whole(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert set_aside(site) is None  # nothing built yet
    (site / "sub").mkdir(parents=True)
    (site / "sub" / "page.html").write_bytes(b"kept")
    aside = set_aside(site)
    assert aside is not None and not site.exists()
    put_back(aside, site)
    assert files(site) == {"sub/page.html": b"kept"} and not aside.exists()

    aside = set_aside(site)
    assert aside is not None
    site.mkdir()
    (site / "new.html").write_bytes(b"something else took its place")
    put_back(aside, site)  # the newcomer stays; the old site is dropped
    assert files(site) == {"new.html": b"something else took its place"}
    assert not aside.exists()
