"""The scheduled import workflow: least permissions, pinned actions, a pull request, no push."""

from __future__ import annotations

import re
from typing import Any

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


# actionlint and zizmor check every workflow file, this one included: tests/test_publish.py
