"""Golden cases: one folder per class of bad input under tests/cases/, each with the exact
messages `python -m generator check` must print and its exit status (expected.txt).

Regenerate after an intended change of wording with
`REGEN_CASES=1 pytest tests/test_error_cases.py`,
then read the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from tests.helpers import make_project

CASES = Path(__file__).resolve().parent / "cases"


def run_case(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    project = make_project(tmp_path / "project", {})
    for part in ("papers", "notes"):
        if (case / part).is_dir():
            shutil.copytree(case / part, project / "content" / part, dirs_exist_ok=True)
    if (case / "intro.md").is_file():
        shutil.copy(case / "intro.md", project / "content" / "intro.md")
    old = Path.cwd()
    os.chdir(project)
    try:
        status = main(["check"])
    finally:
        os.chdir(old)
    out = capsys.readouterr().out
    return f"exit: {status}\n{out}"


@pytest.mark.parametrize("name", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_case(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = CASES / name
    actual = run_case(case, tmp_path, capsys)
    expected_file = case / "expected.txt"
    if os.environ.get("REGEN_CASES") == "1" or not expected_file.exists():
        expected_file.write_text(actual, encoding="utf-8")
    assert actual == expected_file.read_text(encoding="utf-8")


def test_every_error_names_file_line_and_field() -> None:
    for expected in CASES.glob("*/expected.txt"):
        for line in expected.read_text(encoding="utf-8").splitlines()[1:]:
            if line.startswith(("ok:", "inbox:")):
                continue
            path, row, column, rest = line.split(":", 3)
            assert path.startswith("content/"), line
            assert int(row) >= 1 and int(column) >= 1, line
            assert rest.strip(), line
