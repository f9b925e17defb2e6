"""The Hugging Face daily-papers page importer, on the real seed page and a small sample."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from generator.importers.hf_page import parse_page
from tests.helpers import FIXTURES, make_project, run_cli, shared_file

SEED = "seed/000_02d93d0ed2aa8688.txt"


def test_seed_page_has_40_papers_with_dates_and_bylines() -> None:
    entries = parse_page(shared_file(SEED).read_text(encoding="utf-8"))
    assert len(entries) == 40
    first = entries[0]
    assert first["title"] == ("CodeT5+: Open Code Large Language Models for Code Understanding "
                              "and Generation")
    assert first["author_count"] == 6
    assert first["published"] == date(2023, 5, 13)
    assert first["upvotes"] == 2
    assert first["abstract"].startswith("Large language models (LLMs) pretrained on vast source")
    by_title = {e["title"]: e for e in entries}
    org = by_title["Causal Evaluation of Language Models"]
    assert org["org"] == "OpenCausaLab" and "author_count" not in org
    assert org["published"] == date(2024, 5, 1) and org["upvotes"] is None
    last = entries[-1]
    assert last["title"].startswith("Causal2Vec")
    assert (last["published"], last["upvotes"]) == (date(2025, 7, 31), None)
    assert last["author_count"] == 3
    assert sum(1 for e in entries if "links" in e) == 7
    assert by_title["Causal Agent based on Large Language Model"]["links"] == {
        "code": "https://github.com/Kairong-Han/Causal_Agent"}


def test_sample_page_covers_every_byline_and_date_form() -> None:
    entries = parse_page((FIXTURES / "hf_page_sample.txt").read_text(encoding="utf-8"))
    assert [e["title"] for e in entries] == [
        'A Tiny Benchmark: Testing <Things> & "Stuff"',
        "Organisations Write Papers Too",
        "Many Upvotes",
    ]
    assert entries[0]["links"] == {"code": "https://github.com/example-org/tiny-bench"}
    assert entries[0]["upvotes"] == 12 and entries[0]["author_count"] == 3
    assert entries[1]["org"] == "ExampleLab" and entries[1]["upvotes"] is None
    assert entries[2]["published"] == date(2025, 7, 31) and entries[2]["upvotes"] == 39


def test_import_appends_then_reimport_changes_nothing(tmp_path: Path) -> None:
    hand_written = ("# my own list: comments and layout must survive\n"
                    "- title: 'Hand   written'   # odd spacing kept\n"
                    "  added: 2024-01-02\n"
                    "  tags: [mine]\n")
    project = make_project(tmp_path, {"mine.yaml": hand_written})
    target = project / "content" / "papers" / "mine.yaml"
    sample = str(FIXTURES / "hf_page_sample.txt")
    done = run_cli(project, "import", "hf-page", sample, "--into", str(target),
                   "--added", "2026-01-05", "--tag", "imported")
    assert done.returncode == 0, done.stderr
    assert "hf-page: 3 found, 3 new, 0 already listed" in done.stdout
    after = target.read_bytes()
    assert after.startswith(hand_written.encode())
    check = run_cli(project, "check")
    assert check.returncode == 0, check.stdout + check.stderr

    again = run_cli(project, "import", "hf-page", sample, "--into", str(target))
    assert again.returncode == 0, again.stderr
    assert "3 found, 0 new, 3 already listed" in again.stdout
    assert target.read_bytes() == after


def test_imported_entries_carry_ids_dates_and_status(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    sample = str(FIXTURES / "hf_page_sample.txt")
    done = run_cli(project, "import", "hf-page", sample, "--added", "2026-01-05")
    assert done.returncode == 0, done.stderr
    text = (project / "content" / "papers" / "inbox.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema.json\n")
    assert "- id: a-tiny-benchmark-testing-things-stuff\n" in text
    assert "  added: 2026-01-05\n" in text
    assert "  status: to-read\n" in text
    assert "  org: ExampleLab\n" in text
