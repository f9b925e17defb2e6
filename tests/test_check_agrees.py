"""``check`` passes exactly when the strict build passes, on every golden case: each rule
the build applies, ``check`` applies too, and each problem is one line in both."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden import CASES, case_names, make_case
from tests.helpers import mkdocs_build, run_cli


@pytest.mark.slow
@pytest.mark.parametrize("name", case_names())
def test_check_passes_exactly_when_the_strict_build_passes(name: str, tmp_path: Path) -> None:
    project = make_case(CASES / name, tmp_path)
    check = run_cli(project, "check")
    build = mkdocs_build(project, site=tmp_path / "site")
    out = check.stdout + check.stderr
    assert "Traceback" not in out and "Traceback" not in build.output, out + build.output
    problems = [line for line in check.stdout.splitlines()
                if line.startswith("content") or line.startswith("mkdocs.yml")]
    clean = check.returncode == 0 and not any(": warning: " in line for line in problems)
    assert clean == (build.returncode == 0), f"check:\n{out}\nbuild:\n{build.output}"
    for line in problems:
        if ": notice: " not in line:  # notices go to MkDocs' info log, not printed here
            assert line in build.output, f"{line!r} is not in the build's output"
