"""A local build says where it points: with ``site_url`` at mkdocs.yml's default
(``http://127.0.0.1:8000/reading-list/``, ``SITE_URL`` unset), ``make site`` and the build
say once that feeds, sitemap, canonical links and BibTeX lead to this computer, and how to
give the real address; an info line, so ``--strict`` still passes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.load.settings import local_address_note
from tests.helpers import REPO, copy_repo_project

DEFAULT = "http://127.0.0.1:8000/reading-list/"


@pytest.mark.parametrize("site_url", [DEFAULT, "http://localhost:8000/", "http://[::1]/x/",
                                      "http://127.0.1.1:8080/"])
def test_a_loopback_address_is_told(site_url: str) -> None:
    note = local_address_note(site_url, {})
    assert note is not None and site_url in note
    assert "SITE_URL=https://OWNER.github.io/REPOSITORY/ make site" in note


@pytest.mark.parametrize("site_url, environ", [
    ("https://example.github.io/reading-list/", {}),
    ("https://papers.example.org/", {}),
    ("http://127.0.0.1:8000/reading-list/", {"SITE_URL": "http://127.0.0.1:8000/reading-list/"}),
])
def test_an_address_chosen_is_not(site_url: str, environ: dict[str, str]) -> None:
    assert local_address_note(site_url, environ) is None


def make_site(project: Path, tmp_path: Path, site_url: str | None
              ) -> subprocess.CompletedProcess[str]:
    """``make site`` in ``project``, the running interpreter's tools standing in for .venv."""
    for name in ("Makefile", "pyproject.toml", "uv.lock"):
        shutil.copy(REPO / name, project / name)
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True, exist_ok=True)
    (venv / "bin" / "activate").touch()
    for tool in ("mkdocs", "python"):  # the running environment's own, as scripts
        wrapper = venv / "bin" / tool
        wrapper.write_text(f'#!/bin/sh\nexec "{Path(sys.executable).parent / tool}" "$@"\n',
                           encoding="utf-8")
        wrapper.chmod(0o755)
    (venv / ".installed").touch()
    # as a curator runs it: not from inside another make (which would print its folders)
    env = {key: value for key, value in os.environ.items()
           if key != "SITE_URL" and not key.startswith(("MAKE", "MFLAGS"))}
    # UV: an existing file, so make does not install uv for this stand-in .venv
    env.update({"VENV": str(venv), "UV": "/bin/true", "NO_MKDOCS_2_WARNING": "1"})
    if site_url is not None:
        env["SITE_URL"] = site_url
    return subprocess.run(["make", "site"], cwd=project, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, check=False, timeout=600)


def test_make_site_with_the_default_address_says_where_it_points(tmp_path: Path) -> None:
    project = copy_repo_project(tmp_path / "project")  # the shipped mkdocs.yml, unedited
    shutil.rmtree(project / "content" / "papers")
    shutil.rmtree(project / "content" / "notes")
    (project / "content" / "papers").mkdir()
    (project / "content" / "papers" / "a.yaml").write_text(
        "- title: A paper\n  added: 2024-05-01\n  tags: [t]\n", encoding="utf-8")
    done = make_site(project, tmp_path, None)
    output = done.stdout
    assert done.returncode == 0, output  # --strict: an info line, not a warning
    assert output.count(f"this site points at {DEFAULT}") == 1, output
    assert "SITE_URL=https://OWNER.github.io/REPOSITORY/ make site" in output
    assert "publish it as it is" not in output
    assert output.rstrip().endswith("site/ is ready: preview it with 'make serve'")
    assert DEFAULT in (project / "site" / "feed.xml").read_text(encoding="utf-8")
    # given the address, the build says nothing of it, and the site points there
    done = make_site(project, tmp_path, "https://example.github.io/reading-list/")
    output = done.stdout
    assert done.returncode == 0, output
    assert "points at" not in output and "SITE_URL=" not in output
    assert "https://example.github.io/reading-list/" in (
        project / "site" / "feed.xml").read_text(encoding="utf-8")
