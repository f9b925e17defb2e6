"""Warm builds are cold builds: whatever a curator changes, a build that reuses the cache
gives the same site, byte for byte, as a build without it."""

from __future__ import annotations

import filecmp
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from generator import build_cache
from tests.helpers import SITE_URL, copy_repo_project

NOTED = "can-large-language-models-infer-causation-from-correlation"


def build(project: Path, site: Path, cache: bool = True) -> str:
    """``mkdocs build --strict`` in this process, as ``mkdocs serve`` rebuilds: the plugin
    persists, so its blobs in memory are used too; returns what it logged of the cache."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    with mock.patch.dict(os.environ, {"SITE_URL": SITE_URL, "NO_MKDOCS_2_WARNING": "1"}):
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        config.plugins["reading-list"].config.cache = cache
        with capture_log() as lines:
            mkdocs_build(config)
    return "\n".join(line for line in lines if "cache" in line)


@contextmanager
def capture_log() -> Iterator[list[str]]:
    import logging

    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage())

    handler = Keep(logging.INFO)
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        yield lines
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def tree(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def assert_same_site(warm: Path, cold: Path) -> None:
    files = tree(cold)
    assert tree(warm) == files
    _, mismatch, errors = filecmp.cmpfiles(warm, cold, files, shallow=False)
    assert not mismatch and not errors, mismatch[:5]


def cold_build(project: Path, site: Path) -> None:
    """The same project built without the cache (``cache: false``)."""
    assert "reused" not in build(project, site, cache=False)


def cli_build(project: Path, site: Path) -> str:
    """``mkdocs build --strict`` in a new process: only the cache on disk is shared."""
    env = {**os.environ, "SITE_URL": SITE_URL, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict",
                           "--site-dir", str(site)], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return done.stderr


# -- edits, as a curator would make them in the files -------------------------------------

def _papers_file(project: Path) -> Path:
    return sorted((project / "content" / "papers").glob("*.yaml"))[0]


def _entries(project: Path) -> tuple[str, list[str]]:
    head, *items = re.split(r"(?m)^(?=- id: )", _papers_file(project).read_text("utf-8"))
    return head, items


def _save(project: Path, head: str, items: list[str]) -> None:
    _papers_file(project).write_text(head + "".join(items), encoding="utf-8")


def _entry(paper_id: str, seed: int) -> str:
    return (f"- id: {paper_id}\n  title: 'Causal probing, take {seed}'\n"
            f"  published: 2025-0{seed % 9 + 1}-1{seed % 10}\n  added: 2026-11-2{seed % 8}\n"
            f"  tags: [causal-reasoning, tag-{seed % 3}]\n"
            f"  abstract: 'We probe causal structure in language models, variant {seed}.'\n")


def _pick(items: list[str], seed: int) -> int:
    """An entry no note file names (renaming or deleting it would orphan the note)."""
    choices = [i for i, item in enumerate(items) if NOTED not in item.split("\n", 1)[0]]
    return choices[seed % len(choices)]


def edit_title(project: Path, seed: int) -> None:
    head, items = _entries(project)
    i = _pick(items, seed)
    paper_id = items[i].split("\n", 1)[0].removeprefix("- id: ")
    items[i] = _entry(paper_id, seed)
    _save(project, head, items)


def add(project: Path, seed: int) -> None:
    head, items = _entries(project)
    _save(project, head, [*items, _entry(f"added-paper-{seed}-{len(items)}", seed)])


def delete(project: Path, seed: int) -> None:
    head, items = _entries(project)
    del items[_pick(items, seed)]
    _save(project, head, items)


def retag(project: Path, seed: int) -> None:
    head, items = _entries(project)
    i = _pick(items, seed)
    tags = f"  tags: [retagged-{seed % 4}, causal-reasoning]\n"
    if re.search(r"(?m)^  tags: .*\n", items[i]):
        items[i] = re.sub(r"(?m)^  tags: .*\n", tags, items[i], count=1)
    else:
        first, rest = items[i].split("\n", 1)
        items[i] = f"{first}\n{tags}{rest}"
    _save(project, head, items)


def rename(project: Path, seed: int) -> None:
    head, items = _entries(project)
    i = _pick(items, seed)
    first, rest = items[i].split("\n", 1)
    if "  aliases:" in rest:
        return
    old = first.removeprefix("- id: ")
    items[i] = f"- id: {old}-v{seed}\n  aliases: [{old}]\n{rest}"
    _save(project, head, items)


def note(project: Path, seed: int) -> None:
    if seed % 2:
        path = project / "content" / "notes" / f"{NOTED}.md"
        path.write_text(path.read_text("utf-8") + f"\nAnother thought, number {seed}.\n",
                        encoding="utf-8")
        return
    head, items = _entries(project)
    i = _pick(items, seed)
    if "  note:" in items[i]:
        return
    first, rest = items[i].split("\n", 1)
    items[i] = f"{first}\n  note: 'Read *this* first ({seed}).'\n{rest}"
    _save(project, head, items)


def configure(project: Path, seed: int) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(re.sub(r"home_size: \d+", f"home_size: {10 + seed % 40}", text),
                      encoding="utf-8")


def template(project: Path, seed: int) -> None:
    partial = project / "overrides" / "partials" / "copyright.html"
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_text(f'<div class="md-copyright">Kept by a curator ({seed})</div>\n',
                       encoding="utf-8")


EDITS: dict[str, Callable[[Path, int], None]] = {
    "edit": edit_title, "add": add, "delete": delete, "retag": retag, "rename": rename,
    "note": note, "mkdocs.yml": configure, "template": template,
    "upgrade": lambda project, seed: None,  # the fingerprint changes below
}


@pytest.mark.slow
@settings(max_examples=4, deadline=None, derandomize=True,
          phases=[Phase.explicit, Phase.generate],  # a whole build per step: no shrinking
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(st.tuples(st.sampled_from(sorted(EDITS)), st.integers(0, 999)),
                      min_size=3, max_size=5))
def test_a_warm_build_after_any_edits_is_the_cold_build(
        tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, int]]) -> None:
    root = tmp_path_factory.mktemp("warm")
    project = copy_repo_project(root / "project")
    code = build_cache.code()  # our package and every installed package's version
    with mock.patch.object(build_cache, "code", lambda: code):
        build(project, root / "warm")
        for number, (edit, seed) in enumerate(steps):
            EDITS[edit](project, seed)
            if edit == "upgrade":
                code = build_cache.digest(code, f"fake-package=={seed}")
            # In place, as a curator rebuilds, and now and then into a new folder.
            warm = root / ("warm" if number % 3 < 2 else f"warm-{number}")
            log = build(project, warm)
            cold_build(project, root / f"cold-{number}")
            assert_same_site(warm, root / f"cold-{number}")
            assert "reused" in log, log  # the cache was used, not bypassed


def test_an_unchanged_rebuild_reuses_every_page_and_a_note_rebuilds_one(
        tmp_path: Path) -> None:
    project = copy_repo_project(tmp_path / "project")
    first = build(project, tmp_path / "first")
    built = int(re.search(r"(\d+) built", first).group(1))  # type: ignore[union-attr]
    assert f"0 pages reused, {built} built" in first
    assert f"{built} pages reused, 0 built" in build(project, tmp_path / "again")
    note(project, 2)  # a short note on one entry: its page and the cards that show it
    log = build(project, tmp_path / "noted")
    rebuilt = int(re.search(r"(\d+) built", log).group(1))  # type: ignore[union-attr]
    assert 1 <= rebuilt <= 5, log


def test_a_corrupt_or_truncated_cache_is_never_trusted(tmp_path: Path) -> None:
    project = copy_repo_project(tmp_path / "project")
    cli_build(project, tmp_path / "first")
    blobs = sorted(p for p in (project / build_cache.FOLDER / "pages").rglob("*")
                   if p.is_file())
    for number, blob in enumerate(blobs):
        data = blob.read_bytes()
        if number % 3 == 0:
            blob.write_bytes(data[: len(data) // 2])  # truncated
        elif number % 3 == 1:
            blob.write_bytes(data.replace(b"<h1", b"<h2", 1) or b"x")  # corrupt
    for number, compiled in enumerate((project / build_cache.FOLDER / "templates").rglob("*")):
        if compiled.is_file():
            data = compiled.read_bytes()
            compiled.write_bytes(data[:100] if number % 2 else data[:-10] + b"0123456789")
    log = cli_build(project, tmp_path / "warm")
    reused = int(re.search(r"(\d+) pages reused", log).group(1))  # type: ignore[union-attr]
    assert reused <= len(blobs) - len(blobs) * 2 // 3
    cold_build(project, tmp_path / "cold")
    assert_same_site(tmp_path / "warm", tmp_path / "cold")


@pytest.mark.slow
def test_two_builds_at_once_leave_a_cache_that_builds_the_cold_site(tmp_path: Path) -> None:
    project = copy_repo_project(tmp_path / "project")
    env = {**os.environ, "SITE_URL": SITE_URL, "NO_MKDOCS_2_WARNING": "1"}
    edit_title(project, 3)  # a state no other test has cached
    runs = [subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                              "--site-dir", str(tmp_path / f"site-{n}")],
                             cwd=project, env=env, stderr=subprocess.PIPE, text=True)
            for n in range(2)]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    edit_title(project, 7)
    assert "reused" in cli_build(project, tmp_path / "warm")
    cold_build(project, tmp_path / "cold")
    assert_same_site(tmp_path / "warm", tmp_path / "cold")


def test_a_site_changed_between_builds_is_put_right(tmp_path: Path) -> None:
    """The site folder is updated in place: whatever happened to it since the last build
    (a file edited, removed or added, a build cut short), the next is the clean build."""
    project = copy_repo_project(tmp_path / "project")
    site = tmp_path / "site"
    cli_build(project, site)
    pages = sorted(site.glob("papers/*/index.html"))
    edited = pages[0].read_bytes()
    pages[0].write_bytes(edited[:-12] + b"not my page\n")  # same size, other bytes
    pages[1].unlink()
    (site / "feed.xml").write_bytes((site / "feed.xml").read_bytes() + b"<!-- -->")
    (site / "papers" / "a-removed-paper").mkdir()
    (site / "papers" / "a-removed-paper" / "index.html").write_bytes(b"stale")
    (tmp_path / ".site.previous-build").mkdir()  # left by a build that was killed

    assert "0 built" in cli_build(project, site)
    cold_build(project, tmp_path / "cold")
    assert_same_site(site, tmp_path / "cold")
    assert not (tmp_path / ".site.previous-build").exists()


def test_a_failed_build_leaves_the_last_site(tmp_path: Path) -> None:
    project = copy_repo_project(tmp_path / "project")
    site = tmp_path / "site"
    cli_build(project, site)
    before = tree(site)
    papers = _papers_file(project)
    papers.write_text(papers.read_text("utf-8").replace("added: 2026-", "added: 2026-13-", 1),
                      encoding="utf-8")
    env = {**os.environ, "SITE_URL": SITE_URL, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict",
                           "--site-dir", str(site)], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode != 0 and "expected a date" in done.stderr
    assert tree(site) == before
