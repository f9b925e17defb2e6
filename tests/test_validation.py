"""Validation beyond the golden cases: hostile YAML, the build path, JSON output, the schema."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from generator.load.entries import read_file
from generator.load.schema import schema_text
from generator.load.yaml_source import MAX_FILE_BYTES
from tests.helpers import REPO, make_project, mkdocs_build, run_cli

GOOD = "- title: Good paper\n  added: 2024-05-01\n  tags: [t]\n"
BAD = "- title: Bad paper\n  added: 2024-13-01\n  tags: [t]\n  upvotes: many\n"


def test_billion_laughs_is_refused_at_once() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{', '.join(f'*a{i - 1}' for _ in range(9))}]" for i in range(1, 10)]
    bomb = "- title: Laughs\n  added: 2024-05-01\n  note:\n" + "".join(
        f"    {line}\n" for line in lines)
    start = time.perf_counter()
    papers, problems = read_file("bomb.yaml", bomb.encode(), date(2026, 1, 1))
    assert time.perf_counter() - start < 5
    assert papers == []
    assert problems and all("aliases" in p.message for p in problems)


def test_a_50_mb_file_is_refused_before_parsing() -> None:
    data = GOOD.encode() * (50 * 2**20 // len(GOOD) + 1)
    assert len(data) > MAX_FILE_BYTES
    start = time.perf_counter()
    papers, problems = read_file("huge.yaml", data, date(2026, 1, 1))
    assert time.perf_counter() - start < 5
    assert papers == [] and "split the list into several files" in problems[0].message


def test_check_reports_json_and_exit_status(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"a.yaml": BAD})
    done = run_cli(project, "check", "--format", "json")
    assert done.returncode == 2
    found = json.loads(done.stdout)
    assert [(p["line"], p["field"]) for p in found] == [(2, "added"), (4, "upvotes")]
    assert found[0]["text"].startswith("content/papers/a.yaml:2:10: paper 'bad-paper': added:")
    ok = make_project(tmp_path / "ok", {"a.yaml": GOOD})
    assert run_cli(ok, "check").returncode == 0


def test_mkdocs_build_fails_with_the_same_messages_and_no_traceback(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"a.yaml": BAD})
    check = run_cli(project, "check")
    build = mkdocs_build(project)
    assert build.returncode != 0
    assert "Traceback" not in build.output
    for line in check.stdout.splitlines():
        assert line in build.output
    assert not (build.site / "index.html").exists()


def test_warnings_print_but_fail_only_under_strict(tmp_path: Path) -> None:
    soon = (date.today() + timedelta(days=30)).isoformat()  # within a year: a warning
    project = make_project(tmp_path, {"a.yaml": f"- title: From the future\n  added: {soon}\n"})
    relaxed = mkdocs_build(project, strict=False)
    assert relaxed.returncode == 0, relaxed.output
    assert f"warning: paper 'from-the-future': added: date {soon} is in the future" \
        in relaxed.output
    strict = mkdocs_build(project, site=tmp_path / "strict-site", strict=True)
    assert strict.returncode != 0


def test_make_site_keeps_the_previous_site_when_the_build_fails(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"a.yaml": GOOD})
    shutil.copy(REPO / "Makefile", project / "Makefile")
    shutil.copy(REPO / "pyproject.toml", project / "pyproject.toml")
    shutil.copy(REPO / "uv.lock", project / "uv.lock")
    venv = tmp_path / "venv"  # stands in for .venv: the running interpreter, installed
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    python.chmod(0o755)
    (venv / ".installed").touch()
    env = {**os.environ, "VENV": str(venv), "UV": str(REPO / ".uv" / "bin" / "uv")}
    first = subprocess.run(["make", "site"], cwd=project, env=env, capture_output=True,
                           text=True, check=False)
    assert first.returncode == 0, first.stdout + first.stderr
    before = (project / "site" / "index.html").read_bytes()
    (project / "content" / "papers" / "a.yaml").write_text(GOOD + BAD)
    second = subprocess.run(["make", "site"], cwd=project, env=env, capture_output=True,
                            text=True, check=False)
    assert second.returncode != 0
    assert "upvotes: expected a whole number" in second.stdout + second.stderr
    assert (project / "site" / "index.html").read_bytes() == before


def test_schema_file_is_current() -> None:
    committed = (REPO / "content" / "schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "run: python -m generator schema"


def test_papers_files_point_editors_at_the_schema() -> None:
    for path in (REPO / "content" / "papers").glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema.json", path


def test_titles_in_any_script_are_told_apart_and_get_ids() -> None:
    from generator.importers.append import plan
    from generator.load.model import normalise_title

    assert normalise_title("因果推理") != normalise_title("大型语言模型的因果推理") != ""
    assert normalise_title("Café Society!") == normalise_title("cafe society")
    existing, _ = read_file("a.yaml", "- title: 因果推理\n  added: 2024-05-01\n".encode(),
                            date(2026, 1, 1))
    result = plan("bibtex", [{"title": "大型语言模型的因果推理"}, {"title": "Совсем другая статья"},
                             {"title": "因果推理"}], existing, date(2026, 1, 2))
    assert (len(result.new), result.already) == (2, 1)
    ids = [entry["id"] for entry in result.new]
    assert ids[1] == "sovsem-drugaia-stat-ia" or ids[1].startswith("paper-")
    assert ids[0].startswith("paper-") and len(set(ids)) == 2


def test_append_lines_up_with_lists_indented_any_way(tmp_path: Path) -> None:
    from generator.importers.append import new_bytes

    for old in (b"-   id: x\n    title: Wide dash\n    added: 2024-05-01\n",
                b"  - id: x\n    title: Indented list\n    added: 2024-05-01\n"):
        data = new_bytes("t.yaml", old, [{"id": "y", "title": "New", "added": date(2024, 6, 1)}])
        assert data.startswith(old)
        papers, problems = read_file("t.yaml", data, date(2026, 1, 1))
        assert [p.id for p in papers] == ["x", "y"], problems


def test_append_refuses_a_file_closed_with_document_end() -> None:
    import pytest

    from generator.common.problems import ContentError
    from generator.importers.append import new_bytes

    with pytest.raises(ContentError, match=r"ends with '\.\.\.'"):
        new_bytes("t.yaml", b"- title: A\n  added: 2024-05-01\n...\n", [{"title": "B"}])


def test_a_non_utf8_intro_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"a.yaml": GOOD})
    (project / "content" / "intro.md").write_bytes(b"Caf\xe9\n")
    done = run_cli(project, "check")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "content/intro.md:1:4: file is not UTF-8" in done.stdout


def test_listing_sizes_below_one_are_settings_errors(tmp_path: Path) -> None:
    options = {"plugins": ["search", "tags", {"reading-list": {"page_size": 0}}]}
    project = make_project(tmp_path, {"a.yaml": GOOD}, config=options)
    build = mkdocs_build(project)
    assert build.returncode != 0 and "Traceback" not in build.output
    assert "page_size: expected 1 or more papers per listing page, got 0" in build.output
