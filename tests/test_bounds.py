"""Every input is bounded: size, depth and time (generator/load/bounds.py and its callers).

Speed is proven by benchmarks/hostile_markdown.py, not timed here; what is tested here is
what cannot be flaky: the limits refuse what they say, nothing accepted comes near
Python's recursion limit, a scan that was quadratic is linear, and each refusal is one
line naming the file, the line and the limit.
"""

from __future__ import annotations

import inspect
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.hostile_markdown import FAMILIES, largest
from generator.enrich import latex_math
from generator.enrich.markup import Markup
from generator.load import bounds, formulas
from generator.load import yaml_source as ys
from generator.load.entries import latest_date
from generator.load.loader import find_sources
from generator.load.settings import _TolerantLoader
from tests.helpers import make_project, run_cli

GOOD = "- id: good\n  title: Good paper\n  added: 2024-05-01\n  tags: [t]\n"

#: Frames left for one rendering: the build calls the core from deep inside MkDocs (about
#: 100 frames), and Python's limit is 1,000.
FRAMES = 300


@contextmanager
def frames_left(count: int) -> Iterator[None]:
    """Python's recursion limit set ``count`` frames above the caller's depth."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + count)
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def _reference_formulas(text: str) -> list[tuple[int, int, str, bool]]:
    """The scan as it was before it was made linear (quadratic, obviously right)."""
    found = []
    n, i = len(text), 0
    while i < n:
        char = text[i]
        if char == "\\" and i + 1 < n:
            if text[i + 1] in "[(":
                close = "\\]" if text[i + 1] == "[" else "\\)"
                end = text.find(close, i + 2)
                if end > i + 2:
                    found.append((i, end + 2, text[i + 2:end].strip(), text[i + 1] == "["))
                    i = end + 2
                    continue
            i += 2
            continue
        if char == "$":
            if text.startswith("$$", i):
                end = text.find("$$", i + 2)
                if end > i + 2 and text[i + 2:end].strip():
                    found.append((i, end + 2, text[i + 2:end].strip(), True))
                    i = end + 2
                    continue
                i += 2
                continue
            if i + 1 < n and not text[i + 1].isspace():
                at = i + 1
                while (at := text.find("$", at)) >= 0:
                    if text[at - 1] != "\\" and not text[at - 1].isspace() and not (
                            at + 1 < n and text[at + 1].isdigit()):
                        break
                    at += 1
                if at > i + 1:
                    found.append((i, at + 1, text[i + 1:at], False))
                    i = at + 1
                    continue
        i += 1
    return found


@given(st.text(alphabet="$\\()[] 1ax.", max_size=60))
def test_the_linear_formula_scan_finds_what_the_quadratic_one_found(text: str) -> None:
    assert [(f.start, f.end, f.latex, f.display) for f in formulas.formulas(text)] == \
        _reference_formulas(text)


@pytest.mark.parametrize("unit", ["$1", "\\(", "\\[", "$$ ", "$a. B$ ", "$ $1", "\\$1$"])
def test_formulas_in_100_kb_are_found_in_linear_time(unit: str) -> None:
    """A generous bound: the quadratic scan took minutes on 100 KB of these; linear takes
    a fraction of a second (benchmarks/hostile_markdown.py prints the figures)."""
    text = unit * (100_000 // len(unit))
    start = time.perf_counter()
    list(formulas.formulas(text))
    latex_math.to_text(text)
    assert time.perf_counter() - start < 5


@pytest.mark.slow
@pytest.mark.parametrize("family", list(FAMILIES))
def test_markdown_accepted_at_the_limits_stays_far_from_the_recursion_limit(
        family: str) -> None:
    """Each hostile family, as large as check accepts, renders with FRAMES frames left;
    one step more is refused with the limit it passes."""
    make: Callable[[int], str] = FAMILIES[family]
    n = largest(make)
    with frames_left(FRAMES):
        Markup().html(make(n), "notes/x.md")
    refused = bounds.markdown_problem(make(n + 1))
    assert refused is not None
    assert re.search(r"the limit is [0-9,]+", refused.message), refused.message


@pytest.mark.parametrize("text, depth", [
    ("x^{2}", 1), ("\\frac{a}{b}", 1), ("\\sqrt\\sqrt x", 2), ("\\left( a \\right)", 1),
    ("\\begin{matrix} a \\end{matrix}", 2), ("\\alpha + \\beta", 1), ("{" * 40, 40),
])
def test_formula_nesting_counts_groups_and_commands_in_a_row(text: str, depth: int) -> None:
    assert bounds.formula_nesting(text) == depth


@pytest.mark.parametrize("make", [
    lambda n: "{" * n + "x" + "}" * n, lambda n: "\\sqrt" * n + " x",
    lambda n: "\\frac{" * n + "x" + "}{y}" * n, lambda n: "\\left(" * n + "x" + "\\right)" * n,
    lambda n: "\\mathbf{" * n + "x" + "}" * n, lambda n: "a^{" * n + "x" + "}" * n,
    lambda n: "\\begin{matrix}" * n + "x" + "\\end{matrix}" * n,
])
def test_formulas_at_the_limit_convert_with_frames_to_spare(
        make: Callable[[int], str]) -> None:
    from latex2mathml.converter import convert
    from pylatexenc.latex2text import LatexNodes2Text

    n = 1
    while bounds.formula_nesting(make(n + 1)) <= bounds.MAX_NESTING:
        n += 1
    latex = make(n)
    to_text = LatexNodes2Text(math_mode="text").latex_to_text
    with frames_left(FRAMES):
        for run in (convert, to_text):
            try:
                run(latex)
            except RecursionError:
                raise
            except Exception:
                continue
    assert bounds.formula_too_deep(make(n + 1))


def test_yaml_nests_sixteen_levels_and_no_more() -> None:
    def tags(depth: int) -> bytes:
        return GOOD.replace("[t]", "[" * (depth - 2) + "t" + "]" * (depth - 2)).encode()

    assert not ys.parse("a.yaml", tags(16)).problems
    problem, = ys.parse("a.yaml", tags(17)).problems
    assert problem.message == "YAML lists and mappings nested 17 levels deep; the limit is " \
                              "16 levels"
    start = time.perf_counter()
    assert ys.parse("a.yaml", b"- a: " + b"[" * 1_000_000).problems
    block = "".join(f"{'  ' * i}k{i}:\n" for i in range(5_000)).encode()
    assert ys.parse("a.yaml", block).problems
    assert time.perf_counter() - start < 5


def test_env_values_are_read_as_mkdocs_reads_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """One scalar typed by YAML's implicit rules, never a document: an alias bomb in a
    variable is text, as in MkDocs itself."""
    from mkdocs.utils.yaml import get_yaml_loader

    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b]"
    values = {"BOMB": bomb, "PORT": "8000", "FLAG": "true", "EMPTY": "", "URL": "https://x.y/"}
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    source = "".join(f"{name.lower()}: !ENV [{name}, fallback]\n" for name in values)
    source += "missing: !ENV [NOT_SET_ANYWHERE, fallback]\nbare: !ENV NOT_SET_ANYWHERE\n"
    ours = yaml.load(source, Loader=_TolerantLoader)
    theirs = yaml.load(source, Loader=get_yaml_loader())
    assert ours == theirs
    assert ours["bomb"] == bomb and ours["port"] == 8000 and ours["empty"] is None


def test_an_alias_bomb_in_arxiv_misses_stops_resolve_at_once(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"list.yaml": GOOD})
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]"
              for i in range(8)]
    (project / "content" / "arxiv-misses.yaml").write_text(
        "\n".join(f"- {line}" for line in lines) + "\n", encoding="utf-8")
    start = time.perf_counter()
    done = run_cli(project, "resolve", "--dry-run")
    assert time.perf_counter() - start < 30
    assert done.returncode == 2, done.stdout + done.stderr
    out = done.stdout + done.stderr
    assert "Traceback" not in out
    assert re.search(r"^content/arxiv-misses\.yaml:2:\d+: YAML aliases \(\*name\) are not "
                     r"supported", done.stdout, re.M), out


@pytest.mark.parametrize("make, kind", [
    (lambda path: os.mkfifo(path), "a named pipe"),
    (lambda path: socket.socket(socket.AF_UNIX).bind(str(path)), "a socket"),
])
@pytest.mark.parametrize("where", ["images/cat.png", "papers/more.yaml", "notes/good.md",
                                   "intro.md"])
def test_anything_but_files_and_folders_is_an_error_with_its_path(
        tmp_path: Path, make: Callable[[Path], None], kind: str, where: str) -> None:
    project = make_project(tmp_path, {"list.yaml": GOOD})
    path = project / "content" / where
    path.parent.mkdir(parents=True, exist_ok=True)
    make(path)
    sources, problems = find_sources(project / "content", project)
    assert [str(p) for p in problems] == [
        f"content/{where}:1:1: is {kind}, not a regular file: only files and folders are read "
        "and published; remove it"]
    assert path not in (*sources.papers, *sources.notes, sources.intro)


def test_the_walk_follows_links_inside_as_mkdocs_does_and_stops_at_loops(
        tmp_path: Path) -> None:
    project = make_project(tmp_path, {"list.yaml": GOOD})
    content = project / "content"
    (content / "images" / "2024").mkdir(parents=True)
    (content / "images" / "2024" / "a.png").write_bytes(b"png")
    (content / "pictures").symlink_to("images")  # inside: read, as MkDocs reads it
    sources, problems = find_sources(content, project)
    assert problems == []
    assert [uri for uri, _ in sources.published] == ["images/2024/a.png",
                                                     "pictures/2024/a.png"]
    (content / "images" / "2024" / "up").symlink_to("../..")
    _, problems = find_sources(content, project)
    assert {p.path for p in problems} == {"content/images/2024/up",
                                          "content/pictures/2024/up"}


def test_folders_nest_sixteen_levels_under_content_and_no_more(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"list.yaml": GOOD})
    content = project / "content"
    (content.joinpath(*["d"] * 16)).mkdir(parents=True)
    assert find_sources(content, project)[1] == []
    (content.joinpath(*["d"] * 17)).mkdir()
    problem, = find_sources(content, project)[1]
    assert problem.path == "content/" + "/".join(["d"] * 17)
    assert problem.message.startswith("folders nested 17 levels deep; the limit is 16")


def test_content_linked_out_of_the_project_is_refused_and_inside_it_is_read(
        tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", {"list.yaml": GOOD})
    real = project / "content"
    (project / "sources").mkdir()
    real.rename(project / "sources" / "content")
    real.symlink_to(Path("sources") / "content")  # inside the project: fine
    assert find_sources(real, project)[1] == []
    real.unlink()
    (project / "sources" / "content").rename(tmp_path / "elsewhere")
    real.symlink_to(tmp_path / "elsewhere")
    problem, = find_sources(real, project)[1]
    assert str(problem).startswith("content:1:1: the content folder is a symbolic link to a "
                                   "place outside the project")


def test_a_year_after_today_on_the_29th_of_february() -> None:
    assert latest_date(date(2028, 2, 29)) == date(2029, 2, 28)
    assert latest_date(date(2026, 12, 5)) == date(2027, 12, 5)


def test_check_and_the_build_give_one_line_for_a_note_past_the_limits(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"list.yaml": GOOD},
                           notes={"good": "Intro.\n\n" + "- " * 600 + "x\n"})
    done = run_cli(project, "check")
    assert done.returncode == 2
    assert done.stdout.splitlines()[0] == (
        "content/notes/good.md:3:1: paper 'good': note: the note has lists, quotes, "
        "definitions or indentation nested 600 levels deep; the limit is 16 levels")
    written = subprocess.run([sys.executable, "-m", "generator", "write", str(tmp_path / "o")],
                             cwd=project, capture_output=True, text=True, check=False)
    assert written.returncode == 2 and "Traceback" not in written.stderr
    assert done.stdout.splitlines()[0] in written.stdout
