"""A copy of the template takes a newer release: the project's files change, the curator's
never do, and the two cannot conflict."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from generator.adapters.update import PROJECT_PATHS
from tests.helpers import REPO


def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org",
                           "-c", "init.defaultBranch=main", *args], cwd=root,
                          capture_output=True, text=True, check=True)
    return done.stdout


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def release(root: Path, version: str, files: dict[str, str], delete: tuple[str, ...] = ()
            ) -> None:
    write(root, {**files, "pyproject.toml": f'[project]\nname = "x"\nversion = "{version}"\n'})
    for name in delete:
        (root / name).unlink()
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"release {version}")
    git(root, "tag", f"v{version}")


def update(copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "update", *args], cwd=copy,
                          capture_output=True, text=True, check=False,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO),
                               "HOME": str(copy)})


def test_a_copy_takes_the_new_release_and_keeps_its_own_files(tmp_path: Path) -> None:
    upstream = tmp_path / "upstream"
    upstream.mkdir()
    git(upstream, "init", "-q")
    release(upstream, "0.1.0", {
        "generator/core.py": "VERSION = 1\n", "generator/old.py": "GONE = True\n",
        "generator/theme/main.html": "<!-- look 1 -->\n", "tests/test_core.py": "# 1\n",
        "Makefile": "all:\n", "CHANGELOG.md": "# Changelog\n\n## 0.1.0\n\n- First.\n",
        "mkdocs.yml": "site_name: Template\n", "content/papers/list.yaml": "[]\n",
        "overrides/.gitkeep": "", "README.md": "The template.\n"})
    copy = tmp_path / "copy"
    git(tmp_path, "clone", "-q", str(upstream), str(copy))
    git(copy, "remote", "remove", "origin")  # "Use this template" keeps no link
    # the curator makes the copy theirs
    mine = {"mkdocs.yml": "site_name: My papers\nsite_url: https://papers.example.org/\n",
            "content/papers/list.yaml": "- title: Mine\n  added: 2024-05-01\n",
            "overrides/main.html": "{% extends 'base.html' %}\n", "README.md": "My list.\n"}
    write(copy, mine)
    git(copy, "add", "-A")
    git(copy, "commit", "-q", "-m", "my list")
    # meanwhile upstream ships a fix, and changes its own example files too
    release(upstream, "0.2.0", {
        "generator/core.py": "VERSION = 2\n", "generator/new.py": "NEW = True\n",
        "generator/theme/main.html": "<!-- look 2 -->\n", "tests/test_core.py": "# 2\n",
        "CHANGELOG.md": "# Changelog\n\n## 0.2.0\n\n- A fix.\n\n## 0.1.0\n\n- First.\n",
        "mkdocs.yml": "site_name: Template, renamed\n", "README.md": "The template, v2.\n",
        "content/papers/list.yaml": "- title: Example\n  added: 2024-01-01\n"},
        delete=("generator/old.py",))

    done = update(copy, "--from", str(upstream), "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "from v0.1.0 to v0.2.0" in done.stdout and "(dry run" in done.stdout
    assert (copy / "generator" / "core.py").read_text() == "VERSION = 1\n"

    summary = tmp_path / "summary.md"
    done = update(copy, "--from", str(upstream), "--summary", str(summary))
    assert done.returncode == 0, done.stderr
    assert (copy / "generator" / "core.py").read_text() == "VERSION = 2\n"
    assert (copy / "generator" / "new.py").exists()
    assert not (copy / "generator" / "old.py").exists()
    assert (copy / "generator" / "theme" / "main.html").read_text() == "<!-- look 2 -->\n"
    assert (copy / "tests" / "test_core.py").read_text() == "# 2\n"
    for name, text in mine.items():
        assert (copy / name).read_text() == text, name  # the curator's, untouched
    # the CHANGELOG as written (zero-width spaces after # keep GitHub from linking)
    text = summary.read_text(encoding="utf-8").replace("\u200b", "")
    assert "## 0.2.0" in text and "- A fix." in text and "## 0.1.0" not in text
    # staged, without conflicts, ready to commit
    status = git(copy, "status", "--porcelain")
    assert "UU" not in status and status.strip()
    assert all(line[3:].startswith(("generator/", "tests/", "pyproject.toml", "CHANGELOG.md"))
               for line in status.splitlines()), status
    git(copy, "commit", "-q", "-m", "update")
    again = update(copy, "--from", str(upstream))
    assert again.returncode == 0 and "already on the newest release" in again.stdout


def test_local_edits_to_project_files_stop_the_update(tmp_path: Path) -> None:
    upstream = tmp_path / "upstream"
    upstream.mkdir()
    git(upstream, "init", "-q")
    release(upstream, "1.0.0", {"generator/core.py": "A\n"})
    copy = tmp_path / "copy"
    git(tmp_path, "clone", "-q", str(upstream), str(copy))
    release(upstream, "1.1.0", {"generator/core.py": "B\n"})
    (copy / "generator" / "core.py").write_text("my patch\n", encoding="utf-8")
    done = update(copy, "--from", str(upstream))
    assert done.returncode == 1
    assert "local changes" in done.stderr and "nothing was changed" in done.stderr
    assert (copy / "generator" / "core.py").read_text() == "my patch\n"


def test_what_the_project_owns_is_written_down_once() -> None:
    """Every top-level file of the repository is either the project's or the curator's, and
    the curator's are exactly the site's content and settings."""
    tracked = git(REPO, "ls-files").splitlines()
    tops = {path.split("/")[0] for path in tracked}
    owned = {path.split("/")[0] for path in PROJECT_PATHS}
    curators = tops - owned
    assert curators <= {"content", "mkdocs.yml", "overrides", "README.md", ".github",
                        ".gitignore"}, curators
    workflows = {Path(p).name for p in tracked if p.startswith(".github/workflows/")}
    assert {f".github/workflows/{name}" for name in workflows} <= set(PROJECT_PATHS)
    assert yaml.safe_load((REPO / ".github" / "workflows" / "update.yml").read_text())


def test_a_source_that_is_no_url_or_path_is_refused_before_git_runs(tmp_path: Path) -> None:
    """``--from='--upload-pack=touch X;false'`` would make git fetch run the command:
    a source must be a URL git fetches over, user@host:path, or a path that exists."""
    upstream = tmp_path / "upstream"
    upstream.mkdir()
    git(upstream, "init", "-q")
    release(upstream, "1.0.0", {"generator/core.py": "A\n"})
    copy = tmp_path / "copy"
    git(tmp_path, "clone", "-q", str(upstream), str(copy))
    release(upstream, "1.1.0", {"generator/core.py": "B\n"})
    for source in ("--upload-pack=touch X;false", "-oProxyCommand=touch X",
                   "ext::sh -c touch% X", "fd::3", "ssh://-oProxyCommand=touch%20X/r",
                   "x\n::error::forged", "http://[::1/x", "not-a-folder"):
        done = update(copy, "--from", source)
        assert done.returncode == 1, source
        assert "expected the template repository as a URL" in done.stderr, done.stderr
        assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
        assert not (copy / "X").exists() and not (tmp_path / "X").exists()
    assert (copy / "generator" / "core.py").read_text() == "A\n"
    done = update(copy, "--from", "file://" + str(upstream), "--dry-run")
    assert done.returncode == 0 and "from v1.0.0 to v1.1.0" in done.stdout, done.stderr
