"""What commands print: text from content is quoted, and no line is a GitHub workflow
command but our own annotations.

The runner (actions/runner ``ActionCommand``) reads a line as a command when, leading
whitespace trimmed, it starts with ``::``, or when it holds ``##[`` anywhere (the older
syntax). It splits lines at ``\n`` and ``\r`` only; our messages hold no character that
any reader might split at (``str.splitlines``'s form feeds, U+2028, ...): every one but
``\n`` at their ends is printable.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.adapters.cli import main
from generator.common.messages import line, name, quote
from generator.common.problems import Problem
from tests.helpers import make_project, run_cli
from tests.safety import ANNOTATION, commands, forged, runner_lines


def test_quote_is_repr_like_and_readable() -> None:
    assert quote("causal-agent") == "'causal-agent'"
    assert quote("it's") == "'it\\'s'"
    assert quote("a\nb\u2028c\x1b") == "'a\\nb\\u2028c\\x1b'"
    assert quote("##[add-mask]x") == "'##\\x5badd-mask]x'"
    assert quote("Gödel 中文") == "'Gödel 中文'"
    assert name("content/papers/list.yaml") == "content/papers/list.yaml"
    assert name("content/papers/x\n::error::y.yaml") == "'content/papers/x\\n::error::y.yaml'"
    assert name("published") == "published"
    assert name("::add-mask::") == "'::add-mask::'"
    assert line("::add-mask::secret") == "\\x3a:add-mask::secret"
    assert line(" \t::error::x") == " \\t::error::x"
    assert line("ok ##[error]x") == "ok ##\\x5berror]x"


@settings(max_examples=500)
@given(st.text())
@example("\u00a0::add-mask::x")
@example("\u2028::error::x")
def test_no_line_from_any_text_is_a_command(text: str) -> None:
    for made in (line(text), quote(text), name(text), str(Problem(text, 1, 1, text, text, text))):
        assert commands(made) == [], made
        assert made.isprintable(), made


SAFE_FILE = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"),
                    min_size=1, max_size=30)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("messages"), {})


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.text(min_size=1), value=st.text(), file=SAFE_FILE, title=st.text())
@example(field="x\n::error file=README.md,line=1::forged", value="##[add-mask]secret",
         file="x\n::warning::file", title="::notice::t")
def test_check_prints_no_command_but_its_annotations(
        project: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], field: str, value: str, file: str,
        title: str) -> None:
    """Random field names, values, titles and file names in a papers file: every problem
    is printed on one line, and the only workflow commands are our annotations, one per
    problem."""
    papers = project / "content" / "papers"
    shutil.rmtree(papers, ignore_errors=True)
    papers.mkdir(parents=True)
    entry = {"title": title, "added": value, "tags": ["t"], field: value}
    (papers / f"{file}.yaml").write_text("- " + json.dumps(entry) + "\n", encoding="utf-8")
    monkeypatch.chdir(project)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    capsys.readouterr()
    status = main(["check"])
    out = capsys.readouterr()
    printed = out.out + out.err
    assert forged(printed) == [], printed
    # our messages are printable through and through; an annotation's file= is the
    # file's path as the runner reads it (only \r, \n, %, : and , escaped)
    assert all(text.isprintable() for text in runner_lines(printed)
               if not ANNOTATION.fullmatch(text)), printed
    annotations = [text for text in commands(printed) if ANNOTATION.fullmatch(text)]
    problems = [text for text in runner_lines(out.out) if text and not text.startswith(
        ("::", "ok:", "inbox:"))]
    assert len(annotations) == len(problems), printed
    assert status in (0, 2)


def test_import_and_resolve_messages_quote_titles(tmp_path: Path) -> None:
    """An imported title that is a command is printed quoted (dry run)."""
    project = make_project(tmp_path, {"list.yaml": "- title: Mine\n  added: 2024-05-01\n"})
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{a,\n  title = {::add-mask::secret ##[error]x},\n  year = {2024}\n}\n"
                   "@misc{b,\n  title = {\n::error::forged},\n  year = {2024}\n}\n",
                   encoding="utf-8")
    done = run_cli(project, "import", "bibtex", str(bib), "--dry-run",
                   env={"GITHUB_ACTIONS": "true", "PATH": os.environ["PATH"]})
    assert done.returncode == 0, done.stderr
    assert forged(done.stdout + done.stderr) == []
    assert "'::add-mask::secret ##\\x5berror]x'" in done.stdout
