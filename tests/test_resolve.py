"""resolve: papers found on arXiv by exact title, with saved API answers (no network)."""

from __future__ import annotations

import urllib.request
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.adapters import cli
from generator.importers import resolve
from generator.importers.client import Client
from generator.load.model import Location, Paper, PubDate
from tests.helpers import FIXTURES, make_project, mkdocs_build, shared_file

LISTING = """\
# yaml-language-server: $schema=../schema.json
# The curator's own comment stays where it is.
- title: 'Causal probing of language models -- a sample entry and its wrapped title'
  author_count: 2      # from a daily papers page
  published: 2026-02-27
  added: 2026-03-01
  tags: [probing]

- id: namesake
  title: An Old-Style Identifier
  published: 2019-05-01   # the arXiv paper of that title is from 1999: not this one
  added: 2026-03-01
  tags: [probing]

- id: unknown
  title: A Paper arXiv Has Never Heard Of
  added: 2026-03-01
  tags: [probing]
  links:
    code: https://github.com/example/unknown
"""


class SavedAnswers:
    """A client whose every request is answered with one saved arXiv API answer."""

    def __init__(self, answer: bytes) -> None:
        self.answer = answer
        self.urls: list[str] = []

    def opener(self, request: urllib.request.Request, timeout: float) -> Any:
        import io

        self.urls.append(request.full_url)
        return io.BytesIO(self.answer)

    def client(self) -> Client:
        return Client(opener=self.opener, sleep=lambda seconds: None)


def run_resolve(project: Path, answers: SavedAnswers, monkeypatch: pytest.MonkeyPatch,
                *args: str) -> int:
    monkeypatch.setattr(cli, "CLIENT_FACTORY", answers.client)
    monkeypatch.chdir(project)
    return cli.main(["resolve", *args])


def test_titles_are_compared_folded() -> None:
    assert resolve.folded("Causal Probing of Language Models:\n A Sample Entry & Its Title") \
        == resolve.folded("causal probing of language models -- a sample entry and its title")
    assert resolve.folded(r"$\omega$Test: WebAssembly") == resolve.folded("ωTest: WebAssembly")
    assert resolve.folded("Caf\u00e9") == resolve.folded("Cafe\u0301")
    url = resolve.query_url('Can "LLMs" (really) infer: causation?')
    assert "ti%3A%22Can+LLMs+really+infer+causation%22" in url


def test_a_confident_match_inserts_only_its_lines(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path, {"list.yaml": LISTING})
    answers = SavedAnswers((FIXTURES / "arxiv_api_2026.xml").read_bytes())
    assert run_resolve(project, answers, monkeypatch) == 0
    assert len(answers.urls) == 3
    text = (project / "content" / "papers" / "list.yaml").read_text(encoding="utf-8")
    derived = "causal-probing-of-language-models-a-sample-entry-and-its"
    assert text == LISTING.replace(
        "- title: 'Causal probing of language models -- a sample entry and its wrapped title'\n",
        "- title: 'Causal probing of language models -- a sample entry and its wrapped title'\n"
        f"  id: {derived}\n"
        "  arxiv: '2603.01234'\n"
        "  authors:\n    - Ada Example\n    - Bo Sample\n"
        "  links:\n    pdf: https://arxiv.org/pdf/2603.01234\n")
    misses = yaml.safe_load((project / "content" / "arxiv-misses.yaml").read_text("utf-8"))
    assert [m["title"] for m in misses] == ["A Paper arXiv Has Never Heard Of",
                                            "An Old-Style Identifier"]
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    page = (build.site / "papers" / derived / "index.html").read_text(encoding="utf-8")
    assert "https://arxiv.org/abs/2603.01234" in page and "Ada Example" in page
    assert not (build.site / "arxiv-misses.yaml").exists()


def test_a_miss_waits_thirty_days_and_each_run_has_a_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path, {"list.yaml": LISTING})
    answers = SavedAnswers((FIXTURES / "arxiv_api_2026.xml").read_bytes())
    assert run_resolve(project, answers, monkeypatch) == 0
    assert run_resolve(project, answers, monkeypatch) == 0
    assert len(answers.urls) == 3  # the second run tried nothing: both misses are recent
    misses = resolve.read_misses((project / "content" / "arxiv-misses.yaml").read_bytes())
    papers = [Paper(id=f"p{n}", title=f"Paper {n}", added=date(2026, 1, 1),
                    source=Location("x", n, 1)) for n in range(300)]
    assert len(resolve.candidates(papers, misses, date.today())) == 200
    later = date.today() + timedelta(days=31)
    old = Paper(id="o", title="An Old-Style Identifier", added=date(2026, 1, 1),
                source=Location("x", 1, 1))
    assert resolve.candidates([old], misses, date.today()) == []
    assert resolve.candidates([old], misses, later) == [old]


def test_dry_run_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path, {"list.yaml": LISTING})
    answers = SavedAnswers((FIXTURES / "arxiv_api_2026.xml").read_bytes())
    assert run_resolve(project, answers, monkeypatch, "--dry-run", "--match", "probing") == 0
    assert (project / "content" / "papers" / "list.yaml").read_text("utf-8") == LISTING
    assert not (project / "content" / "arxiv-misses.yaml").exists()
    out = capsys.readouterr().out
    assert "arXiv 2603.01234" in out and "resolve: 1 found, 0 without a confident match" in out


def test_two_different_papers_of_one_title_are_not_guessed() -> None:
    paper = Paper(id="p", title="Same Title", added=date(2026, 1, 1),
                  source=Location("x", 1, 1))
    one = {"title": "Same title", "arxiv": "2401.00001", "published": date(2024, 1, 1)}
    two = {"title": "Same Title.", "arxiv": "2402.00002", "published": date(2024, 2, 1)}
    assert resolve.choose(paper, [one, two]) is None
    assert resolve.choose(paper, [one, {**one, "arxiv": "2401.00001v2"}]) == one
    dated = Paper(id="d", title="Same Title", added=date(2026, 1, 1),
                  source=Location("x", 1, 1), published=PubDate(date(2024, 1, 20)))
    assert resolve.choose(dated, [one, {**two, "published": date(2026, 2, 1)}]) == one


def test_a_real_arxiv_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answer = shared_file("fixtures/real/arxiv-atom-2026-transformer.xml").read_bytes()
    listing = ("- title: 'Mana: dexterous manipulation of articulated tools'\n"
               "  author_count: 4\n  published: 2026-06-12\n  added: 2026-06-20\n")
    project = make_project(tmp_path, {"list.yaml": listing})
    assert run_resolve(project, SavedAnswers(answer), monkeypatch) == 0
    text = (project / "content" / "papers" / "list.yaml").read_text("utf-8")
    assert "arxiv: '2606.13677'" in text and "- C. Karen Liu" in text
