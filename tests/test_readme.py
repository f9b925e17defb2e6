"""The README's commands, run: every fenced ``sh`` block, each line as a newcomer types it.

Commands that reach the network run against saved answers (``tests/fixtures``), the update
command against a local release of this repository; the files the import examples name
ship in ``examples/``, so a newcomer can run every command as written. ``make test`` and
``make serve`` are the only commands not run: this test is part of the first, and the
second never ends. A command this test does not know how to run fails it, so a new README
command comes with a way to check it.
"""

from __future__ import annotations

import io
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from generator.adapters import cli
from generator.importers.client import Client
from tests.helpers import FIXTURES, REPO

NOT_RUN = {("make", "test"), ("make", "serve")}
VENV_PYTHON = (".venv/bin/python", "-m", "generator")

#: What each host answers, whatever the query: saved real answers.
SAVED_ANSWERS = {
    "export.arxiv.org": FIXTURES / "arxiv_api_2026.xml",
    "rss.arxiv.org": FIXTURES / "arxiv_rss_sample.xml",
    "huggingface.co": FIXTURES / "hf_daily_sample.json",
}
UPSTREAM_URL = "https://github.com/OWNER/TEMPLATE"


def readme_commands() -> list[list[str]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"^```sh\n(.*?)^```", text, flags=re.S | re.M):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if words:
                commands.append(words)
    return commands


COMMANDS = readme_commands()


def test_the_readme_has_its_commands() -> None:
    firsts = {tuple(words[:2]) for words in COMMANDS}
    assert ("make", "site") in firsts and ("make", "test") in firsts
    assert sum(tuple(words[:3]) == VENV_PYTHON for words in COMMANDS) >= 5


def test_the_readme_imports_files_that_ship() -> None:
    """Every file an import example names is in the repository, and every importer of
    files has an example."""
    from generator.importers import SOURCES
    from generator.load.model import normalise_arxiv

    imports = [words[4:] for words in COMMANDS
               if tuple(words[:3]) == VENV_PYTHON and words[3:4] == ["import"]]
    named = [word for words in imports for word in words
             if not word.startswith("-") and "/" in word and not word.startswith("http")
             and normalise_arxiv(word) is None]
    assert named, "the README shows no import of a file"
    for name in named:
        assert (REPO / name).is_file(), f"the README imports {name}, which does not ship"
    shown = {words[0] for words in imports if words}
    for source in ("bibtex", "csl-json", "ris", "awesome", "hf-page"):
        assert source in shown and source in SOURCES
    assert any(words and (REPO / words[0]).is_file() for words in imports), \
        "the README shows no import of a file without its kind"


def _project_files() -> Iterator[str]:
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard",
                             "-z"], cwd=REPO, capture_output=True, text=True, check=True)
    yield from (name for name in listed.stdout.split("\0") if name)


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org",
                    "-c", "init.defaultBranch=main", *args], cwd=root, check=True,
                   capture_output=True)


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository as a newcomer clones it, with the reader's files beside."""
    root = tmp_path_factory.mktemp("readme") / "reading-list"
    for name in _project_files():
        source = REPO / name
        if source.is_file() and not name.startswith("node_modules/"):
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "a copy of the template")
    return root


@pytest.fixture(scope="module")
def upstream(checkout: Path) -> Path:
    """The template with a newer release tagged, as the update command finds it."""
    root = checkout.parent / "template"
    shutil.copytree(checkout, root)
    pyproject = root / "pyproject.toml"
    pyproject.write_text(re.sub(r'(?m)^version = ".*"$', 'version = "99.0.0"',
                                pyproject.read_text(encoding="utf-8")), encoding="utf-8")
    (root / "CHANGELOG.md").write_text("# Changelog\n\n## v99.0.0\n\n- A fix.\n",
                                       encoding="utf-8")
    _git(root, "commit", "-q", "-am", "release 99.0.0")
    _git(root, "tag", "v99.0.0")
    return root


class SavedAnswers:
    def __init__(self) -> None:
        self.urls: list[str] = []

    def opener(self, request: Any, timeout: float) -> io.BytesIO:
        url = request.full_url
        self.urls.append(url)
        host = urlsplit(url).hostname or ""
        if host not in SAVED_ANSWERS:
            raise AssertionError(f"no saved answer for {url}")
        return io.BytesIO(SAVED_ANSWERS[host].read_bytes())

    def client(self) -> Client:
        return Client(opener=self.opener, sleep=lambda seconds: None)


def readme_imports() -> str:
    """The README's example of configured imports: the plugin's entry with its options."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"^```yaml\n(.*?)^```", text, flags=re.S | re.M)
              if "imports:" in b]
    assert len(blocks) == 1, "the README shows configured imports in one yaml block"
    return blocks[0]


def configure_imports(root: Path) -> None:
    """Put the README's ``imports:`` example into the copy's mkdocs.yml, as a curator would."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    entry = "  - reading-list:\n"
    assert entry in text
    options = readme_imports().split(entry, 1)[1]
    config.write_text(text.replace(entry, entry + options, 1), encoding="utf-8")


def _run_generator(args: list[str], root: Path, upstream: Path, monkeypatch: pytest.MonkeyPatch,
                   capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    if "--configured" in args:
        configure_imports(root)
    answers = SavedAnswers()
    monkeypatch.setattr(cli, "CLIENT_FACTORY", answers.client)
    monkeypatch.chdir(root)
    args = [str(upstream) if arg == UPSTREAM_URL else arg for arg in args]
    status = cli.main(args)
    out = capsys.readouterr()
    return status, out.out + out.err


def _run_make(target: str, root: Path) -> tuple[int, str]:
    venv = Path(sys.prefix)
    # The test's own environment stands for .venv: never let make reinstall into it.
    keep = [f"--old-file={venv}/{marker}" for marker in
            (".installed", ".installed-test", ".installed-zensical", "bin/activate")]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(["make", "--no-print-directory", *keep, target, f"VENV={venv}"],
                          cwd=root, capture_output=True, text=True, env=env, check=False)
    return done.returncode, done.stdout + done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("words", [w for w in COMMANDS if tuple(w[:2]) not in NOT_RUN],
                         ids=lambda words: " ".join(words)[:60])
def test_readme_command_runs(words: list[str], checkout: Path, upstream: Path,
                             monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    before = {path: path.read_bytes() for path in (checkout / "content").rglob("*")
              if path.is_file()}
    if tuple(words[:3]) == VENV_PYTHON:
        status, out = _run_generator(words[3:], checkout, upstream, monkeypatch, capsys)
    elif words[0] == "make" and len(words) == 2:
        status, out = _run_make(words[1], checkout)
    else:
        pytest.fail(f"the README runs {shlex.join(words)!r}: teach tests/test_readme.py to run it")
    assert status == 0, f"{shlex.join(words)} exited with {status}:\n{out}"
    assert "Traceback" not in out
    print(f"$ {shlex.join(words)}\n{out}")
    if "--dry-run" in words:
        after = {path: path.read_bytes() for path in (checkout / "content").rglob("*")
                 if path.is_file()}
        assert after == before, "a --dry-run changed content/"
    if words[:2] == ["make", "site"]:
        assert (checkout / "site" / "index.html").is_file()
        assert (checkout / "site" / "feed.xml").is_file()
    if words[:2] == ["make", "site-zensical"]:
        assert (checkout / "site-zensical" / "index.html").is_file()
    if words[3:4] == ["import"]:
        assert re.search(r"^[\w-]+: \d+ found", out, flags=re.M), out
    if "--configured" in words:
        assert "arxiv:" in out and "hf-daily:" in out
