"""Golden cases: one folder per class of bad input under tests/cases/, each with the exact
messages `python -m generator check` must print and its exit status (expected.txt).

Regenerate after an intended change of wording with
`REGEN_CASES=1 pytest tests/test_error_cases.py`,
then read the diff.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from generator.adapters.cli import main
from generator.load import loader
from tests.golden import CASES, case_names, make_case

#: The day the cases are checked on: dates "in the future" or "a year after today" in
#: them are read against it, so the expected messages hold on any day.
TODAY = date(2026, 6, 1)


class _Day(date):
    @classmethod
    def today(cls) -> _Day:
        return cls(TODAY.year, TODAY.month, TODAY.day)


def run_case(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
             monkeypatch: pytest.MonkeyPatch) -> str:
    project = make_case(case, tmp_path)
    monkeypatch.setattr(loader, "date", _Day)
    old = Path.cwd()
    os.chdir(project)
    try:
        status = main(["check"])
    finally:
        os.chdir(old)
    out = capsys.readouterr().out
    return f"exit: {status}\n{out}"


@pytest.mark.parametrize("name", case_names())
def test_case(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
              monkeypatch: pytest.MonkeyPatch) -> None:
    case = CASES / name
    actual = run_case(case, tmp_path, capsys, monkeypatch)
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
            assert path == "content" or path.startswith("content/"), line
            assert int(row) >= 1 and int(column) >= 1, line
            assert rest.strip(), line
