"""Big lists are cut at entries and parsed on several cores: the result must be the file's.

Cutting is a guess at YAML structure made on bytes; these tests hold it to what reading
the whole file gives, on the constructs that could fool it.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import loader
from generator.entries import read_file, read_piece
from generator.model import Paper
from generator.problems import Problem
from generator.yaml_source import split_entries
from tests.helpers import REPO, make_project

TODAY = date(2026, 1, 1)

#: Entries and lines that may stand between entries, including ones where a line
#: starting with "- " is not a new entry, or where a cut would change the document.
FRAGMENTS = [
    "- title: Plain paper\n  added: 2024-05-01\n  tags: [a, b]\n",
    "- title: Another plain paper\n  added: 2024-05-02\n",
    '- title: "A quoted title that runs on\n- over a line starting with a dash"\n'
    "  added: 2024-05-03\n",
    "- title: 'Single quoted\n- across lines'\n  added: 2024-05-03\n",
    "- title: Flow tags\n  added: 2024-05-04\n  tags: [a,\n- b]\n",
    "- title: Block abstract\n  added: 2024-05-05\n  abstract: |\n    line one\n\n"
    "    - not an entry\n",
    "-\n  title: Dash alone on its line\n  added: 2024-05-06\n",
    "# - a comment that looks like an entry\n",
    "...\n",
    "---\n",
    "- added: 2024-05-07\n",
    "- just a string\n",
    "- title: Anchored\n  added: &day 2024-05-08\n",
    "- title: Aliased\n  added: *day\n",
    "- title: Windows\r\n  added: 2024-05-09\r\n",
    "- title: Next\u0085line\n  added: 2024-05-10\n",
    "- title: Bad date\n  added: 2024-13-01\n",
    "- title: 因果推理\n  added: 2024-05-11\n  upvotes: lots\n",
    "- title: Tagged\n  added: !!str 2024-05-12\n",
    "- title: Python object\n  added: !!python/object:os.system x\n",
    "  - title: Indented list\n    added: 2024-05-13\n",
    "\n",
    "- title: Standard tag\n  org: !!str X\n  added: 2024-05-14\n",
    "- title: Local tag\n  org: !str X\n  added: 2024-05-15\n",
]
HEADS = ["", "---\n", "# yaml-language-server: $schema=x\n", "papers:\n", "%YAML 1.1\n---\n",
         "\ufeff", "%TAG !! tag:example.com,2000:\n---\n", "%TAG ! tag:yaml.org,2002:\n---\n",
         "[{title: Flow list, added: 2024-05-16}]\n"]


def read_cut(data: bytes, parts: int) -> tuple[list[Paper], list[Problem]]:
    """What ``loader`` makes of ``data`` cut into ``parts`` pieces, in one process."""
    papers: list[Paper] = []
    problems: list[Problem] = []
    for start, end, lines in split_entries(data, parts):
        if (start, end) == (0, len(data)):  # as loader._read_one: a whole file is a file
            return read_file("list.yaml", data, TODAY)
        found = read_piece("list.yaml", data[start:end], lines, TODAY)
        if found is None:
            return read_file("list.yaml", data, TODAY)
        papers += found[0]
        problems += found[1]
    return papers, problems


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(HEADS), st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=10),
       st.integers(min_value=2, max_value=8))
def test_cut_reading_equals_whole_reading(head: str, fragments: list[str], parts: int) -> None:
    data = (head + "".join(fragments)).encode()
    assert read_cut(data, parts) == read_file("list.yaml", data, TODAY)


def test_files_refused_whole_are_not_cut() -> None:
    entries = "".join(f"- title: Paper {n}\n  added: 2024-05-01\n" for n in range(50))
    for data in ("\ufeff" + entries).encode("utf-16-le"), ("\ufeff" + entries).encode("utf-16-be"):
        assert split_entries(data, 4) == [(0, len(data), 0)]
        assert "not UTF-8" in read_cut(data, 4)[1][0].message
    directive = ("%TAG !e! tag:example.com,2000:\n---\n" + entries).encode()
    assert split_entries(directive, 4) == [(0, len(directive), 0)]


def test_cuts_fall_at_entries_and_count_lines() -> None:
    data = b"# list\n- a: 1\n- b: 2\n-\n  c: 3\n- d\n"
    spans = split_entries(data, 3)
    assert [data[s:e] for s, e, _ in spans] == [b"# list\n- a: 1\n", b"- b: 2\n-\n  c: 3\n",
                                                 b"- d\n"]
    assert [lines for _, _, lines in spans] == [0, 2, 5]
    assert split_entries(data, 1) == [(0, len(data), 0)]


def test_a_clean_piece_reports_lines_of_the_whole_file() -> None:
    data = "".join(f"- title: Paper {n}\n  added: 2024-05-01\n  tags: [t]\n"
                   for n in range(9)).encode()
    data += b"- title: Late\n  added: 2024-13-01\n  tags: [t]\n"
    spans = split_entries(data, 4)
    assert len(spans) == 4
    start, end, lines = spans[-1]
    found = read_piece("list.yaml", data[start:end], lines, TODAY)
    assert found is not None
    assert [(p.line, p.field) for p in found[1]] == [(29, "added")]


def check_parallel_load() -> None:
    """Run in a fresh process: the loader forks only from a single-threaded one."""
    good = "".join(f"- title: Paper {n}\n  added: 2024-05-{n % 28 + 1:02d}\n  tags: [t{n % 5}]\n"
                   for n in range(3000))
    odd = good.replace("- title: Paper 2990\n", "- title: Paper 2990\r\n")  # read again whole
    bad = good.replace("Paper 2000\n  added: 2024-05-13", "Paper 2000\n  added: 2024-13-13")
    files = [(f"{name}.yaml", text.replace("Paper", name).encode())
             for name, text in (("good", good), ("odd", odd), ("bad", bad))]
    jobs = [(path, data, TODAY) for path, data in files]
    serial = [read_file(*job) for job in jobs]
    assert any(problem.field == "added" for problem in serial[2][1])
    loader.PARALLEL_BYTES, loader.MIN_PIECE = 0, 4096  # cut these small files too
    assert loader._parallel(jobs) == (os.cpu_count() or 1)
    results, prepared = loader._read_all(jobs, lambda paper: paper.title.upper())
    assert results == serial
    # prepared where read in parallel: not for the file read again whole
    clean = serial[0][0] + serial[2][0]
    assert prepared == {paper.id: paper.title.upper() for paper in clean}

    # a worker's failure reaches the caller, and leaves no process or thread behind
    main = os.getpid()

    class Unpicklable(Exception):
        def __init__(self, first: str, second: str) -> None:
            super().__init__(first + second)

    def fails(paper: Paper) -> str:
        if os.getpid() != main:
            raise Unpicklable("in a ", "worker")
        return paper.id

    def dies(paper: Paper) -> str:
        if os.getpid() != main:
            os._exit(3)
        return paper.id

    for prepare, expected in ((fails, RuntimeError), (dies, BrokenProcessPool)):
        try:
            loader._read_all(jobs, prepare)
        except expected as exc:
            assert prepare is dies or "Unpicklable: in a worker" in str(exc)
        else:
            raise AssertionError(f"no {expected.__name__}")
        assert threading.active_count() == 1 and not multiprocessing.active_children()
    assert loader._read_all(jobs)[0] == serial  # and forking still works
    print("parallel load ok")


@pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2,
                    reason="parallel loading needs fork and two cores")
def test_parallel_load_equals_serial_load() -> None:
    done = subprocess.run(
        [sys.executable, "-c",
         "from tests.test_parallel_load import check_parallel_load; check_parallel_load()"],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0 and "parallel load ok" in done.stdout, done.stderr


def check_parallel_build(project: str) -> None:
    """Run in a fresh process: the whole core, forking, against the same without forks."""
    from dataclasses import replace
    from pathlib import Path

    from generator import forking, outputs
    from generator.settings import SettingsError, read_project

    read = read_project(Path(project) / "mkdocs.yml")
    assert forking.cores() > 1
    forked = outputs.build_site(read.content_dir, read.settings, read.root, TODAY)
    cores = forking.cores
    forking.cores = lambda: 1  # type: ignore[assignment]
    alone = outputs.build_site(read.content_dir, read.settings, read.root, TODAY)
    forking.cores = cores  # type: ignore[assignment]
    assert forked.files == alone.files and forked.raw_html == alone.raw_html
    # a feed error raised in the forked child reaches the caller as itself
    try:
        outputs.build_site(read.content_dir, replace(read.settings, site_url="nowhere"),
                           read.root, TODAY)
    except SettingsError as exc:
        assert "site_url" in str(exc) and exc.problems[0].field == "site_url"
    else:
        raise AssertionError("no SettingsError")
    print("parallel build ok")


@pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2,
                    reason="parallel building needs fork and two cores")
def test_parallel_build_equals_serial_build(tmp_path: Path) -> None:
    papers = "".join(
        f"- title: Paper {n} with a long enough title\n  added: 2024-{n % 12 + 1:02d}-01\n"
        f"  tags: [t{n % 7}]\n  abstract: {'words ' * 200}\n" for n in range(2500))
    project = make_project(tmp_path, {"list.yaml": papers})
    done = subprocess.run(
        [sys.executable, "-c",
         f"from tests.test_parallel_load import check_parallel_build as c; c({str(project)!r})"],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0 and "parallel build ok" in done.stdout, done.stderr
