"""The rules that protect the curator: append only, no duplicates, all or nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.adapters import cli
from generator.importers import append
from tests.helpers import FIXTURES, make_project, run_cli

HAND_WRITTEN = (
    "# my own list: comments and layout must survive\n"
    "\n"
    "- title: 'Hand   written'   # odd spacing kept\n"
    "  added: 2024-01-02\n"
    "  tags: [mine]\n"
    "\n"
    "-   title: \"Causal Probing of Language Models: a sample entry & its wrapped title\"\n"
    "    added: 2024-01-03      # same title as a sample, other case\n"
    "    tags:\n"
    "      - mine\n"
)

SAMPLES = {
    "arxiv": ["arxiv_api_2026.xml", "arxiv_api_2016.xml"],
    "arxiv-rss": ["arxiv_rss_sample.xml"],
    "hf-daily": ["hf_daily_sample.json"],
    "bibtex": ["sample.bib"],
    "hf-page": ["hf_page_sample.txt"],
    "csl-json": ["zotero.csl.json", "manubot.csl.json"],
    "ris": ["zotero.ris", "endnote.ris", "wos.ris"],
    "awesome": ["awesome.md"],
}


def project_with(tmp_path: Path, text: str = HAND_WRITTEN,
                 options: dict[str, Any] | None = None) -> tuple[Path, Path]:
    project = make_project(tmp_path / "project", {"mine.yaml": text})
    if options:
        config_path = project / "mkdocs.yml"
        config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
        for plugin in config["plugins"]:
            if isinstance(plugin, dict) and "reading-list" in plugin:
                plugin["reading-list"].update(options)
        config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return project, project / "content" / "papers" / "mine.yaml"


def snapshot(project: Path) -> dict[str, bytes]:
    """Every file under content/, hidden temporary files included."""
    return {p.relative_to(project).as_posix(): p.read_bytes()
            for p in sorted((project / "content").rglob("*")) if p.is_file()}


def sample(name: str) -> str:
    return str(FIXTURES / name)


@pytest.mark.parametrize("source", sorted(SAMPLES))
def test_every_source_appends_after_the_curators_bytes_and_reimport_is_a_no_op(
        tmp_path: Path, source: str) -> None:
    project, target = project_with(tmp_path)
    files = [sample(name) for name in SAMPLES[source]]
    done = run_cli(project, "import", source, *files, "--into", str(target), "--tag", "imported")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{source}: ")
    after = target.read_bytes()
    assert after.startswith(HAND_WRITTEN.encode()), "the curator's bytes must be a prefix"
    assert len(after) > len(HAND_WRITTEN)
    check = run_cli(project, "check", "--format", "json")
    assert check.returncode == 0, check.stdout
    imported = [p for p in json.loads(check.stdout) if p["severity"] == "error"]
    assert imported == []
    listed = yaml.safe_load(after)
    assert all(e["status"] == "to-read" and "imported" in e["tags"] for e in listed[2:])

    again = run_cli(project, "import", source, *files, "--into", str(target))
    assert again.returncode == 0, again.stderr
    assert ", 0 new, " in again.stdout
    assert target.read_bytes() == after


def test_progress_line_counts_duplicates_by_arxiv_id_and_title(tmp_path: Path) -> None:
    text = HAND_WRITTEN + "- title: Another name\n  arxiv: '1501.00001v1'\n  added: 2024-01-04\n"
    project, target = project_with(tmp_path, text)
    done = run_cli(project, "import", "arxiv", sample("arxiv_api_2026.xml"),
                   sample("arxiv_api_2016.xml"), "--into", str(target), "--added", "2026-03-05")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "arxiv: 3 found, 1 new, 2 already listed"
    new = yaml.safe_load(target.read_bytes())[-1]
    assert new["id"] == "hep-th-9901001" and new["arxiv"] == "hep-th/9901001"
    assert new["added"].isoformat() == "2026-03-05" and new["status"] == "to-read"
    assert new["authors"] == ["Cy Oldtimer"]


def test_default_target_is_the_inbox(tmp_path: Path) -> None:
    project, _ = project_with(tmp_path)
    done = run_cli(project, "import", "hf-daily", sample("hf_daily_sample.json"))
    assert done.returncode == 0, done.stderr
    inbox = project / "content" / "papers" / "inbox.yaml"
    entries = yaml.safe_load(inbox.read_bytes())
    assert [e["id"] for e in entries] == ["2603.00011", "2603.00012"]
    assert entries[0]["upvotes"] == 42 and entries[0]["org"] == "Example Lab"
    assert entries[0]["links"] == {"code": "https://github.com/example-org/everything",
                                   "project": "https://example.org/everything"}
    assert "appended 2 entries to content/papers/inbox.yaml" in done.stdout


def test_dry_run_prints_and_writes_nothing(tmp_path: Path) -> None:
    project, _ = project_with(tmp_path)
    before = snapshot(project)
    done = run_cli(project, "import", "bibtex", sample("sample.bib"), "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "bibtex: 4 found, 4 new, 0 already listed" in done.stdout
    assert ("  would add 2401.00001 to content/papers/inbox.yaml: "
            "'Causal Abstractions: The Eprint Field'") in done.stdout
    assert snapshot(project) == before


def test_match_exclude_tag_and_tag_rules(tmp_path: Path) -> None:
    project, target = project_with(tmp_path, options={
        "tag_rules": {r"\bcausal": "causality", "mediation": "mediation"}})
    done = run_cli(project, "import", "arxiv-rss", sample("arxiv_rss_sample.xml"),
                   "--match", "causal|replace", "--exclude", "original date", "--tag", "feed",
                   "--into", str(target))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == ("arxiv-rss: 2 found, 1 new, 0 already listed, "
                                           "1 filtered out")
    new = yaml.safe_load(target.read_bytes())[-1]
    assert new["title"] == "A New Paper About Causal Language Models"
    assert new["tags"] == ["causality", "mediation", "feed"]


def test_update_changes_only_the_named_values_lines(tmp_path: Path) -> None:
    text = ("# hand-kept\n"
            "- title: Daily Paper With Everything   # keep me\n"
            "  arxiv: \"2603.00011\"\n"
            "  added: 2024-01-02\n"
            "  upvotes: 3        # refreshed by imports\n"
            "  org: Old Name\n"
            "  tags: [mine]\n"
            "- {title: Daily Paper With Little, arxiv: '2603.00012', added: 2024-01-02,"
            " upvotes: 7, tags: [mine]}\n")
    project, target = project_with(tmp_path, text)
    done = run_cli(project, "import", "hf-daily", sample("hf_daily_sample.json"),
                   "--update", "upvotes,org", "--into", str(target))
    assert done.returncode == 0, done.stderr
    assert "hf-daily: 2 found, 0 new, 2 already listed, 2 updated" in done.stdout
    assert target.read_text(encoding="utf-8") == text.replace(
        "upvotes: 3        #", "upvotes: 42        #").replace(
        "org: Old Name", "org: Example Lab").replace("upvotes: 7,", "upvotes: 0,")
    assert run_cli(project, "check").returncode == 0


def test_update_adds_a_missing_value_under_the_title(tmp_path: Path) -> None:
    text = ("- title: Daily Paper With Everything\n"
            "  arxiv: '2603.00011'\n"
            "  added: 2024-01-02\n"
            "  tags: [mine]\n")
    project, target = project_with(tmp_path, text)
    dry = run_cli(project, "import", "hf-daily", sample("hf_daily_sample.json"),
                  "--update", "upvotes", "--into", str(target), "--dry-run")
    assert "  would update 2603.00011: upvotes (none) -> 42" in dry.stdout
    assert target.read_text(encoding="utf-8") == text
    done = run_cli(project, "import", "hf-daily", sample("hf_daily_sample.json"),
                   "--update", "upvotes", "--into", str(target))
    assert done.returncode == 0, done.stderr
    lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[:5] == ["- title: Daily Paper With Everything\n", "  upvotes: 42\n",
                         *text.splitlines(keepends=True)[1:]]


def test_update_refuses_unknown_fields(tmp_path: Path) -> None:
    project, _ = project_with(tmp_path)
    done = run_cli(project, "import", "hf-daily", sample("hf_daily_sample.json"),
                   "--update", "title")
    assert done.returncode == 1
    assert "only these fields can be refreshed in place: upvotes" in done.stderr


@pytest.mark.parametrize("content, message", [
    (b"<rss version='2.0'><channel><item><title>cut", "not well-formed XML"),
    (b"<html><body><p>Service unavailable</p></body></html>", "not an RSS or Atom feed"),
])
def test_malformed_source_changes_nothing(tmp_path: Path, content: bytes, message: str) -> None:
    project, target = project_with(tmp_path)
    bad = tmp_path / "bad.xml"
    bad.write_bytes(content)
    before = snapshot(project)
    done = run_cli(project, "import", "arxiv-rss", str(bad), "--into", str(target))
    assert done.returncode == 1
    assert message in done.stderr and "nothing was written" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert snapshot(project) == before


def test_missing_file_and_bad_arguments_are_one_line_errors(tmp_path: Path) -> None:
    project, _ = project_with(tmp_path)
    before = snapshot(project)
    for args, message in [
        (["bibtex", str(tmp_path / "nope.bib")], "cannot read"),
        (["arxiv", "not-an-id"], "neither a file nor an arXiv id"),
        (["hf-daily", sample("hf_daily_sample.json"), "--tag", "Bad Tag"], "tag 'Bad Tag'"),
        (["hf-daily", sample("hf_daily_sample.json"), "--match", "("], "--match '('"),
        (["hf-daily", sample("hf_daily_sample.json"), "--into", str(tmp_path / "x.yaml")],
         "new entries go to a .yaml file under content/papers/"),
    ]:
        done = run_cli(project, "import", *args)
        assert done.returncode == 1, (args, done.stderr)
        assert message in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
    assert snapshot(project) == before


def test_an_entry_that_would_not_validate_is_skipped_and_the_others_imported(
        tmp_path: Path) -> None:
    """Nothing an importer writes can fail the check of the file it appends to: an entry
    that would (a control character, a 31-digit upvote count) is reported with where it
    is in the source, and the others are imported."""
    project, target = project_with(tmp_path)
    bad = tmp_path / "daily.json"
    bad.write_text(json.dumps([
        {"paper": {"id": "2603.00099", "title": "Bell \u0007 rings", "upvotes": 1}},
        {"paper": {"id": "2603.00098", "title": "Counted too far", "upvotes": 10 ** 30}},
        {"paper": {"id": "2603.00097", "title": "A good paper", "upvotes": 3}},
    ]), encoding="utf-8")
    done = run_cli(project, "import", "hf-daily", str(bad), "--into", str(target))
    assert done.returncode == 0, done.stderr
    assert "hf-daily: 3 found, 1 new, 0 already listed, 2 that would not validate" \
        in done.stdout
    assert (f"skipped {bad}: item 1 (arXiv 2603.00099): title: contains control character "
            "U+0007") in done.stderr
    assert f"skipped {bad}: item 2 (arXiv 2603.00098): upvotes: expected a whole number" \
        in done.stderr
    assert "inbox.yaml" not in done.stderr + done.stdout.replace(str(target), "")
    assert [e["title"] for e in yaml.safe_load(target.read_bytes())[2:]] == ["A good paper"]
    assert run_cli(project, "check").returncode == 0


def test_ctrl_c_while_writing_leaves_every_file_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
        ) -> None:
    project, target = project_with(tmp_path)
    before = snapshot(project)

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(append.os, "replace", interrupted)
    code = cli.main(["--config", str(project / "mkdocs.yml"), "import", "bibtex",
                     sample("sample.bib"), "--into", str(target)])
    assert code == 130
    assert "interrupted" in capsys.readouterr().err
    assert snapshot(project) == before  # no half-written file, no temporary file left


def test_configured_imports_run_in_order_without_duplicates(tmp_path: Path) -> None:
    project, _ = project_with(tmp_path, options={"imports": [
        {"source": "hf-daily", "inputs": [sample("hf_daily_sample.json")],
         "into": "content/papers/daily.yaml", "tags": ["daily"]},
        {"source": "hf-daily", "inputs": [sample("hf_daily_sample.json")]},
        {"source": "bibtex", "inputs": sample("sample.bib"), "match": "arXiv"},
    ]})
    done = run_cli(project, "import", "--configured", "--added", "2026-03-05")
    assert done.returncode == 0, done.stderr
    summaries = [line for line in done.stdout.splitlines() if not line.startswith("  ")]
    assert summaries[:3] == [
        "hf-daily: 2 found, 2 new, 0 already listed",
        "hf-daily: 2 found, 0 new, 2 already listed",
        "bibtex: 4 found, 1 new, 0 already listed, 3 filtered out",
    ]
    daily = yaml.safe_load((project / "content/papers/daily.yaml").read_bytes())
    assert [e["tags"] for e in daily] == [["daily"], ["daily"]]
    inbox = yaml.safe_load((project / "content/papers/inbox.yaml").read_bytes())
    assert [e["title"] for e in inbox] == ["A Conference Paper Without arXiv"]
    assert run_cli(project, "check").returncode == 0


def test_configured_imports_are_checked_before_anything_runs(tmp_path: Path) -> None:
    project, _ = project_with(tmp_path, options={"imports": [{"source": "rss"}]})
    done = run_cli(project, "import", "--configured")
    assert done.returncode == 1
    assert "imports #1: source: expected one of arxiv" in done.stderr


def test_no_configured_imports_is_not_a_failure(tmp_path: Path) -> None:
    project, _ = project_with(tmp_path)
    before = snapshot(project)
    done = run_cli(project, "import", "--configured")
    assert done.returncode == 0, done.stderr
    assert "no imports configured" in done.stdout
    assert snapshot(project) == before


# --- no lost edits ------------------------------------------------------------------------------

def test_concurrent_imports_into_one_file_keep_every_entry(tmp_path: Path) -> None:
    """Twelve imports at once, each of its own paper, into one file: all twelve land."""
    project, target = project_with(tmp_path)
    sources = []
    for n in range(12):
        source = tmp_path / f"p{n}.bib"
        source.write_text(f"@misc{{k{n}, title={{Concurrent paper number {n}}}, "
                          f"author={{Ann Author}}, year={{2024}}}}\n", encoding="utf-8")
        sources.append(source)
    processes = [subprocess.Popen(
        [sys.executable, "-m", "generator", "import", "bibtex", str(source), "--into",
         str(target), "--tag", "t"], cwd=project, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True) for source in sources]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    entries = yaml.safe_load(target.read_text(encoding="utf-8"))
    titles = {entry["title"] for entry in entries}
    assert {f"Concurrent paper number {n}" for n in range(12)} <= titles
    assert target.read_text(encoding="utf-8").startswith(HAND_WRITTEN)


def test_a_save_during_an_import_is_never_lost(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """The curator saves the file after the import read it: the import notices, starts
    over from the saved file, and both the edit and the new entries are kept."""
    project, target = project_with(tmp_path)
    real_prepare = append.prepare
    saves = iter([HAND_WRITTEN + "# saved by the curator meanwhile\n"])

    def prepare_then_save(*args: Any, **kwargs: Any) -> Any:
        files = real_prepare(*args, **kwargs)
        edit = next(saves, None)
        if edit is not None:
            target.write_text(edit, encoding="utf-8")
        return files

    monkeypatch.setattr(append, "prepare", prepare_then_save)
    monkeypatch.chdir(project)
    assert cli.main(["import", "bibtex", sample("sample.bib"), "--into", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith(HAND_WRITTEN + "# saved by the curator meanwhile\n")
    assert "changed while the import ran; starting over" in capsys.readouterr().err
    assert len(yaml.safe_load(text)) > 2


def test_a_file_that_keeps_changing_stops_the_import_and_keeps_the_save(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    project, target = project_with(tmp_path)
    real_prepare = append.prepare
    count = iter(range(100))

    def prepare_then_save(*args: Any, **kwargs: Any) -> Any:
        files = real_prepare(*args, **kwargs)
        target.write_text(HAND_WRITTEN + f"# save {next(count)}\n", encoding="utf-8")
        return files

    monkeypatch.setattr(append, "prepare", prepare_then_save)
    monkeypatch.chdir(project)
    assert cli.main(["import", "bibtex", sample("sample.bib"), "--into", str(target)]) == 1
    assert target.read_text(encoding="utf-8") == HAND_WRITTEN + "# save 2\n"
    err = capsys.readouterr().err
    assert "kept changing while the import ran" in err and "nothing was written" in err
    assert not list(target.parent.glob(".*.tmp"))
