"""Exact installs: every install goes through uv.lock (the Makefile, CI, the workflows), the
lock covers the Python versions CI uses, a clean clone installs exactly what it names,
and the weekly lock workflow tests a new lock before proposing it in a pull request
whose body is GitHub Markdown that mentions and closes nothing."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.adapters.lock_changes import compare, versions
from generator.adapters.update import PROJECT_PATHS
from tests.helpers import REPO
from tests.safety import check_pull_request_body
from tests.test_github_markdown import shown

UV = REPO / ".uv" / "bin" / "uv"
WORKFLOWS = REPO / ".github" / "workflows"
LOCK = (REPO / "uv.lock").read_text(encoding="utf-8")


def uv() -> str:
    if not UV.exists():
        pytest.fail("uv is missing: run 'make test' (the Makefile installs it into .uv/)")
    return str(UV)


def ci_pythons() -> list[str]:
    pages = yaml.safe_load((WORKFLOWS / "pages.yml").read_text(encoding="utf-8"))
    found: list[str] = pages["jobs"]["test"]["strategy"]["matrix"]["python"]
    return found


def test_the_lock_is_current_with_pyproject() -> None:
    done = subprocess.run([uv(), "lock", "--check", "--offline"], cwd=REPO, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr


def test_the_makefile_installs_uv_at_a_pinned_version_and_syncs_from_the_lock() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^UV_VERSION := \d+\.\d+\.\d+$", makefile, re.M)
    assert "-m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)" in makefile
    assert "UV_SYNC    := $(UV) sync --locked" in makefile
    installs = re.findall(r"^\t(.*(?:pip install|uv sync|UV_SYNC).*)$", makefile, re.M)
    assert installs and all("uv==" in line or "UV_SYNC" in line for line in installs), installs
    assert ci_pythons() == ["3.11", "3.12"]
    assert "uv.lock" in PROJECT_PATHS and ".github/workflows/lock.yml" in PROJECT_PATHS


def test_every_workflow_installs_through_the_makefile() -> None:
    for path in sorted(WORKFLOWS.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        assert "pip install" not in text, path.name
        assert "cache: pip" not in text, path.name  # uv keeps its own cache
        if "python -m generator" in text:
            assert "make .venv/.installed" in text or "make .uv/bin/uv" in text, path.name


@pytest.mark.parametrize("python", ["3.11", "3.12"])
def test_the_lock_installs_on_every_python_ci_uses(python: str) -> None:
    """What `uv sync --locked` would install for that Python, from the lock alone."""
    interpreter = shutil.which(f"python{python}")
    pyenv = Path.home() / ".pyenv" / "versions"
    candidates = sorted(pyenv.glob(f"{python}.*/bin/python{python}")) if pyenv.is_dir() else []
    if candidates:
        interpreter = str(candidates[-1])
    if interpreter is None:
        pytest.skip(f"Python {python} is not installed here (CI tests it in its matrix)")
    done = subprocess.run(
        [uv(), "sync", "--locked", "--dry-run", "--offline", "--python", interpreter,
         "--extra", "test", "--extra", "zensical"], cwd=REPO, capture_output=True, text=True,
        timeout=120, check=False,
        env={**os.environ, "UV_PROJECT_ENVIRONMENT": f".venv-dry-run-{python}",
             "UV_PYTHON_DOWNLOADS": "never"})
    shutil.rmtree(REPO / f".venv-dry-run-{python}", ignore_errors=True)
    assert done.returncode == 0, done.stderr
    locked = versions(LOCK)
    for name, version in re.findall(r"^ [+~] ([\w.-]+)==(\S+)$", done.stderr, re.M):
        assert version in locked[name.lower()].split(", "), (name, version)


@pytest.mark.slow
def test_a_clean_clone_installs_exactly_what_the_lock_names(tmp_path: Path) -> None:
    """The repository's files as a fresh clone has them, installed by the Makefile (uv from
    this checkout's .uv/, packages from uv's cache: tests run offline)."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO,
                            capture_output=True, check=True).stdout.decode().split("\0")
    clone = tmp_path / "clone"
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, clone / name)
    python = Path(sys.base_prefix) / "bin" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
    done = subprocess.run(["make", ".venv/.installed", f"UV={uv()}", f"PYTHON={python}"],
                          cwd=clone, capture_output=True, text=True, timeout=600, check=False,
                          env={**os.environ, "UV_OFFLINE": "1"})
    assert done.returncode == 0, done.stdout + done.stderr
    report = subprocess.run(
        [str(clone / ".venv/bin/python"), "-c",
         "import importlib.metadata as m, json, generator; print(json.dumps(["
         "generator.__file__, {d.metadata['Name']: d.version for d in m.distributions()}]))"],
        capture_output=True, text=True, check=True, cwd=tmp_path)
    where, installed = json.loads(report.stdout)
    assert Path(where).is_relative_to(clone)  # the project itself, editable
    locked = versions(LOCK)
    for name, version in installed.items():
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key == "reading-list-generator":
            continue
        assert key in locked, f"{name} is installed but not in uv.lock"
        assert version in locked[key].split(", "), (name, version, locked[key])
    assert {"mkdocs", "mkdocs-material", "zensical", "nh3"} <= {
        re.sub(r"[-_.]+", "-", name).lower() for name in installed}


OLD = """\
version = 1
[[package]]
name = "nh3"
version = "0.3.8"
source = { registry = "https://pypi.org/simple" }
[[package]]
name = "gone"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
[[package]]
name = "reading-list-generator"
version = "0.2.0"
source = { editable = "." }
"""
NEW = OLD.replace('"0.3.8"', '"0.3.9"').replace('name = "gone"', 'name = "fixes-1"')


def test_the_pull_request_lists_each_change_and_says_where_the_tests_ran() -> None:
    changes = compare(OLD, NEW)
    body = changes.summary("3.11 and 3.12", "https://github.com/o/r/actions/runs/7")
    assert check_pull_request_body(body, "lock", ("https://github.com/o/r/",)) == []
    text = shown(body)
    assert "nh3: 0.3.8 → 0.3.9" in text
    assert "fixes-1: new, 1.0" in text and "gone: 1.0, no longer needed" in text
    assert "reading-list-generator" not in text  # the project itself is no dependency
    assert "make test-all passed on the new lock, on Python 3.11 and 3.12" in text
    assert "starts no workflow" in text


def test_the_lock_workflow_tests_before_it_opens_a_pull_request() -> None:
    flow = yaml.safe_load((WORKFLOWS / "lock.yml").read_text(encoding="utf-8"))
    assert set(flow[True]) == {"schedule", "workflow_dispatch"}
    [job] = flow["jobs"].values()
    runs = [str(step.get("run", "")) for step in job["steps"]]
    lock = next(i for i, run in enumerate(runs) if "uv lock --upgrade" in run)
    tests = [i for i, run in enumerate(runs) if run.startswith("make test-all")]
    opens = next(i for i, run in enumerate(runs) if "gh pr create" in run)
    assert lock < min(tests) and max(tests) < opens
    assert {"PYTHON=python3.11", "PYTHON=python3.12"} <= {
        word for i in tests for word in runs[i].split()}
    assert "generator lock-summary" in runs[opens] and "--body-file" in runs[opens]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
