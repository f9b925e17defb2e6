"""Validation beyond the golden cases: hostile YAML, the build path, JSON output, the schema."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from generator.entries import read_file
from generator.schema import schema_text
from generator.yaml_source import MAX_FILE_BYTES
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
    project = make_project(tmp_path, {"a.yaml": "- title: No tags\n  added: 2024-05-01\n"})
    relaxed = mkdocs_build(project, strict=False)
    assert relaxed.returncode == 0, relaxed.output
    assert "warning: paper 'no-tags': tags: no tags" in relaxed.output
    strict = mkdocs_build(project, site=tmp_path / "strict-site", strict=True)
    assert strict.returncode != 0


def test_make_site_keeps_the_previous_site_when_the_build_fails(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"a.yaml": GOOD})
    shutil.copy(REPO / "Makefile", project / "Makefile")
    shutil.copy(REPO / "pyproject.toml", project / "pyproject.toml")
    venv = tmp_path / "venv"  # stands in for .venv: the tools of the running interpreter
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "activate").touch()
    (venv / "bin" / "mkdocs").symlink_to(Path(sys.executable).parent / "mkdocs")
    (venv / ".installed").touch()
    env = {**os.environ, "VENV": str(venv)}
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
