"""Rebuilds are builds: whatever a curator changes, a rebuild in the same process (as
``mkdocs serve`` rebuilds, reusing what it remembers) gives the same site, byte for byte,
as a first build; and pages filled into a shell are the pages the theme renders."""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.helpers import REPO, SITE_URL, copy_repo_project

NOTED = "can-large-language-models-infer-causation-from-correlation"


def build(project: Path, site: Path, command: str = "build") -> None:
    """``mkdocs build --strict`` in this process. MkDocs keeps a plugin with startup
    events for the process, as ``mkdocs serve`` does between rebuilds, so a project's
    second build reuses what the first remembered; as ``serve`` (``command``), it also
    rewrites only the files that changed in the site folder it wrote."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    with mock.patch.dict(os.environ, {"SITE_URL": SITE_URL, "NO_MKDOCS_2_WARNING": "1"}):
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
        config.plugins.on_startup(command=command, dirty=False)
        mkdocs_build(config)


def cold_build(project: Path, site: Path) -> None:
    """A first build of the project: a copy in a new folder, which nothing remembers."""
    copy = site.with_name(site.name + "-project")
    shutil.copytree(project, copy)
    build(copy, site)


def tree(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def assert_same_site(warm: Path, cold: Path) -> None:
    files = tree(cold)
    assert tree(warm) == files
    _, mismatch, errors = filecmp.cmpfiles(warm, cold, files, shallow=False)
    assert not mismatch and not errors, mismatch[:5]


def cli_build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SITE_URL": SITE_URL, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict",
                           "--site-dir", str(site)], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


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


def card(project: Path, seed: int) -> None:
    """The curator's own card template (``overrides/reading-list/card.html``)."""
    ours = (REPO / "generator" / "render" / "templates" / "card.html").read_text("utf-8")
    path = project / "overrides" / "reading-list" / "card.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ours.replace("</article>", f"<p>Card {seed}</p></article>"),
                    encoding="utf-8")


EDITS: dict[str, Callable[[Path, int], None]] = {
    "edit": edit_title, "add": add, "delete": delete, "retag": retag, "rename": rename,
    "note": note, "mkdocs.yml": configure, "template": template, "card": card,
}


@pytest.mark.slow
@settings(max_examples=6, deadline=None,
          phases=[Phase.explicit, Phase.generate],  # a whole build per step: no shrinking
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(st.tuples(st.sampled_from(sorted(EDITS)), st.integers(0, 999)),
                      min_size=2, max_size=4))
def test_a_rebuild_after_any_edits_is_a_first_build(
        tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, int]]) -> None:
    root = tmp_path_factory.mktemp("warm")
    project = copy_repo_project(root / "project")
    build(project, root / "warm", "serve")
    for number, (edit, seed) in enumerate(steps):
        EDITS[edit](project, seed)
        build(project, root / "warm", "serve")
        cold_build(project, root / f"cold-{number}")
        assert_same_site(root / "warm", root / f"cold-{number}")


def test_every_kind_of_edit_is_drawn() -> None:
    """The property test above can draw each edit (none is left to chance forever)."""
    assert set(EDITS) == {"edit", "add", "delete", "retag", "rename", "note", "mkdocs.yml",
                          "template", "card"}


def test_a_failed_build_leaves_the_last_site(tmp_path: Path) -> None:
    project = copy_repo_project(tmp_path / "project")
    site = tmp_path / "site"
    assert cli_build(project, site).returncode == 0
    before = {path: (site / path).read_bytes() for path in tree(site)}
    papers = _papers_file(project)
    papers.write_text(papers.read_text("utf-8").replace("added: 2026-", "added: 2026-13-", 1),
                      encoding="utf-8")
    done = cli_build(project, site)
    assert done.returncode != 0 and "expected a date" in done.stderr
    assert {path: (site / path).read_bytes() for path in tree(site)} == before


def test_a_theme_that_renders_pages_otherwise_fails_the_build(tmp_path: Path) -> None:
    """A template that prints a page's title in a way filling cannot reproduce (here in
    capitals) fails the build naming the page, instead of publishing other pages wrong."""
    project = copy_repo_project(tmp_path / "project")
    header = project / "overrides" / "partials" / "header.html"
    material = Path(__import__("material").__file__).parent / "templates" / "partials"
    header.parent.mkdir(parents=True, exist_ok=True)
    header.write_text((material / "header.html").read_text("utf-8").replace(
        "{{ page.meta.title }}", "{{ page.meta.title | upper }}"), encoding="utf-8")
    done = cli_build(project, tmp_path / "site")
    assert done.returncode != 0
    assert "the theme renders this page differently from its shell" in done.stderr


def test_pages_filled_into_shells_are_the_pages_the_theme_renders(tmp_path: Path) -> None:
    """Every paper page, tag page and month, filled, equals the page MkDocs renders when
    the kind has no shell (each page rendered the usual way)."""
    from generator.adapters import shells

    project = copy_repo_project(tmp_path / "project")
    build(project, tmp_path / "filled")
    with mock.patch.object(shells, "SHARED", 10**9):
        build(project, tmp_path / "rendered")
    files = tree(tmp_path / "rendered")
    assert tree(tmp_path / "filled") == files
    indent = re.compile(r"[ \t]*\n\s*")  # filled pages leave the theme's indentation out
    for name in files:
        filled, rendered = ((folder / name).read_bytes() for folder in
                            (tmp_path / "filled", tmp_path / "rendered"))
        if filled != rendered:
            assert indent.sub("\n", filled.decode()) == indent.sub("\n", rendered.decode()), name


def test_a_kind_too_small_for_a_shell_is_rebuilt_whole_under_serve(tmp_path: Path) -> None:
    """Three papers of one file share a shell; once one is deleted, MkDocs renders the
    other two itself, and the rebuild keeps them (the last build's filled files are not
    stale)."""
    from tests.helpers import make_project

    entries = "".join(f"- id: paper-{n}\n  title: Paper {n}\n  added: 2024-05-0{n}\n"
                      for n in (1, 2, 3))
    project = make_project(tmp_path / "project", {"a.yaml": entries})
    build(project, tmp_path / "warm", "serve")
    papers = project / "content" / "papers" / "a.yaml"
    papers.write_text(entries.split("- id: paper-3")[0], encoding="utf-8")
    build(project, tmp_path / "warm", "serve")
    cold_build(project, tmp_path / "cold")
    assert (tmp_path / "warm" / "papers" / "paper-2" / "index.html").is_file()
    assert_same_site(tmp_path / "warm", tmp_path / "cold")


def test_a_rebuild_after_a_failed_one_leaves_nothing_of_it(tmp_path: Path) -> None:
    """A rebuild that stops after MkDocs wrote its pages (the stand-ins among them) and
    before ours are filled, as when another plugin's ``on_post_build`` fails: the next
    rebuild is a first build, with no stand-in left behind."""
    from generator.adapters.mkdocs_plugin import ReadingListPlugin

    project = copy_repo_project(tmp_path / "project")
    build(project, tmp_path / "warm", "serve")
    def fails(self: object, *, config: object) -> None:
        raise RuntimeError("another plugin failed")

    with mock.patch.object(ReadingListPlugin, "on_post_build", fails), \
            pytest.raises(RuntimeError):
        build(project, tmp_path / "warm", "serve")
    assert any("rlslot" in name for name in tree(tmp_path / "warm"))
    build(project, tmp_path / "warm", "serve")
    cold_build(project, tmp_path / "cold")
    assert not any("rlslot" in name for name in tree(tmp_path / "warm"))
    assert_same_site(tmp_path / "warm", tmp_path / "cold")


def test_serve_clean_remembers_from_its_second_build(tmp_path: Path) -> None:
    """``mkdocs serve --clean`` starts as ``build`` (a one-off build keeps nothing), then
    rebuilds on each save: once serving, builds remember."""
    from mkdocs.config import load_config

    project = copy_repo_project(tmp_path / "project")
    build(project, tmp_path / "site", "build")
    with mock.patch.dict(os.environ, {"SITE_URL": SITE_URL, "NO_MKDOCS_2_WARNING": "1"}):
        plugin = load_config(str(project / "mkdocs.yml")).plugins["reading-list"]
    root = project.resolve()
    assert root not in plugin._memos  # type: ignore[attr-defined]
    plugin.on_serve(None, config=None, builder=None)  # type: ignore[attr-defined]
    with mock.patch.dict(os.environ, {"SITE_URL": SITE_URL, "NO_MKDOCS_2_WARNING": "1"}):
        from mkdocs.commands.build import build as mkdocs_build
        mkdocs_build(load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"),
                                 strict=True))
    assert root in plugin._memos  # type: ignore[attr-defined]
