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
    first.settle()
    (site / "404.html").write_bytes(b"MkDocs writes this one")
    assert first.prune() == 0
    before = {name: (site / name).stat().st_mtime_ns for name in ("a.html", "b/index.html")}

    second = SiteSync.start(site, first.written)
    second.write(str(site / "a.html"), b"A")      # unchanged: not touched
    second.write(str(site / "b/index.html"), b"b")  # same size, other bytes
    second.settle()
    (site / "late.json").write_bytes(b"{}")       # other writers, later in the build
    (site / "404.html").write_bytes(b"MkDocs wrote this one again")
    assert second.prune() == 1                     # old/index.html, then its folder

    assert files(site) == {"404.html": b"MkDocs wrote this one again", "a.html": b"A",
                           "b/index.html": b"b", "late.json": b"{}"}
    assert not (site / "old").exists()
    assert (site / "a.html").stat().st_mtime_ns == before["a.html"]
    assert second.unchanged == 1


def done(sync: SiteSync) -> int:
    """The end of a build: what is left of the old site is noted, then pruned."""
    sync.settle()
    return sync.prune()


def test_a_file_is_trusted_only_as_the_last_build_left_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    first = SiteSync.start(site)
    path = str(site / "page" / "index.html")
    first.write(path, b"<p>one</p>", b"key-1")
    done(first)

    again = SiteSync.start(site, first.written)
    assert again.current(path, b"key-1")
    assert not again.current(path, b"key-2")  # another page now

    written = Path(path).stat().st_mtime_ns
    Path(path).write_bytes(b"<p>two</p>")  # changed behind the build's back, same size
    os.utime(path, ns=(written + 10**9, written + 10**9))  # (a later clock tick)
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
    project = tmp_path / "project"
    assert set_aside(site, project) is None  # nothing built yet
    (site / "sub").mkdir(parents=True)
    (site / "sub" / "page.html").write_bytes(b"kept")
    aside = set_aside(site, project)
    assert aside is not None and not site.exists()
    put_back(aside, site)
    assert files(site) == {"sub/page.html": b"kept"} and not aside.exists()

    aside = set_aside(site, project)
    assert aside is not None
    site.mkdir()
    (site / "new.html").write_bytes(b"something else took its place")
    put_back(aside, site)  # the newcomer stays; the old site is dropped
    assert files(site) == {"new.html": b"something else took its place"}
    assert not aside.exists()


def test_hidden_entries_and_links_elsewhere_are_left_alone(tmp_path: Path) -> None:
    """As MkDocs' own cleaning does, the folder's hidden entries stay (a gh-pages
    checkout's ``.git``); a file changed is a new file, so a link to the old one elsewhere
    keeps what it held."""
    site = tmp_path / "site"
    first = SiteSync.start(site)
    first.write(str(site / "page.html"), b"old page")
    first.write(str(site / "gone.html"), b"no longer made")
    done(first)
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_bytes(b"ref: refs/heads/gh-pages\n")
    (site / ".nojekyll").write_bytes(b"")
    backup = tmp_path / "backup.html"
    os.link(site / "page.html", backup)

    second = SiteSync.start(site, first.written)
    second.write(str(site / "page.html"), b"new page")
    assert done(second) == 1
    assert files(site) == {".git/HEAD": b"ref: refs/heads/gh-pages\n", ".nojekyll": b"",
                           "page.html": b"new page"}
    assert backup.read_bytes() == b"old page"


def test_a_folder_where_a_file_goes_and_the_reverse(tmp_path: Path) -> None:
    site = tmp_path / "site"
    first = SiteSync.start(site)
    first.write(str(site / "x" / "index.html"), b"x was a folder")
    first.write(str(site / "y"), b"y was a file")
    done(first)
    second = SiteSync.start(site, first.written)
    second.write(str(site / "x"), b"x is a file")
    second.write(str(site / "y" / "index.html"), b"y is a folder")
    done(second)
    assert files(site) == {"x": b"x is a file", "y/index.html": b"y is a folder"}


def test_a_site_left_aside_by_a_stopped_build_comes_back(tmp_path: Path) -> None:
    project = tmp_path / "project"
    site = project / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_bytes(b"A")
    aside = set_aside(site, project)
    assert aside is not None and not site.exists()
    # The build was killed here: the next one finds the site where it was.
    again = set_aside(site, project)
    assert again == aside
    put_back(again, site)
    assert files(site) == {"a/index.html": b"A"}
    assert set_aside(project, project) is None  # a site folder holding the project: never
    assert (project / "site" / "a" / "index.html").exists()
