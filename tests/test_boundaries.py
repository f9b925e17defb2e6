"""Nothing outside content/ is read, nothing the tool did not write is deleted, and every
mistake is one line with where it is: never a traceback."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from generator.importers.append import new_bytes
from generator.importers.hf_page import parse_page
from tests.helpers import make_project, mkdocs_build, run_cli

GOOD = "- id: good\n  title: Good paper\n  added: 2024-05-01\n  tags: [t]\n"


def one_line_error(done: object, *needles: str) -> str:
    out = getattr(done, "stdout", "") + getattr(done, "stderr", "")
    assert "Traceback" not in out, out
    for needle in needles:
        assert needle in out, out
    return str(out)


@pytest.mark.parametrize("where", ["notes/good.md", "papers/more.yaml", "secret.txt",
                                   "notes", "images"])
def test_a_link_out_of_content_is_an_error_with_its_path(tmp_path: Path, where: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    project = make_project(tmp_path / "project", {"list.yaml": GOOD})
    link = project / "content" / where
    if link.exists():
        os.rename(link, link.with_name(link.name + ".old"))
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside if where in ("notes", "images") else outside / "passwd")
    done = run_cli(project, "check")
    assert done.returncode == 2
    one_line_error(done, f"content/{where}:1:1: symbolic link to a place outside the content "
                         "folder")
    build = mkdocs_build(project)
    assert build.returncode != 0
    assert "root:x:0:0" not in build.output and "Traceback" not in build.output
    assert not (build.site / "secret.txt").exists()


def test_a_link_inside_content_is_read(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"list.yaml": GOOD}, notes={"shared": "A shared note."})
    (project / "content" / "notes" / "good.md").symlink_to("shared.md")
    (project / "content" / "notes" / "shared.md").rename(project / "content" / "shared.md")
    (project / "content" / "notes" / "good.md").unlink()
    (project / "content" / "notes" / "good.md").symlink_to("../shared.md")
    done = run_cli(project, "check")
    assert done.returncode == 0, done.stdout


def test_broken_links_and_folders_named_like_notes_are_errors(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"list.yaml": GOOD})
    notes = project / "content" / "notes"
    notes.mkdir()
    (notes / "good.md").symlink_to("nowhere.md")
    (notes / "folder.md").mkdir()
    done = run_cli(project, "check")
    assert done.returncode == 2
    one_line_error(done, "content/notes/good.md:1:1: broken symbolic link (to nowhere.md)",
                   "content/notes/folder.md:1:1: is a folder, not a file")


def test_upper_case_yaml_files_are_read_and_never_published_raw(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"list.YML": GOOD})
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    assert (build.site / "papers" / "good" / "index.html").is_file()
    assert not list(build.site.rglob("*.YML"))


def test_write_never_deletes_a_folder_it_did_not_write(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", {"list.yaml": GOOD})
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.tex").write_text("years of work", encoding="utf-8")
    done = run_cli(project, "write", str(mine))
    assert done.returncode == 1
    one_line_error(done, "is not empty and was not written by this command")
    assert (mine / "thesis.tex").read_text(encoding="utf-8") == "years of work"
    out = tmp_path / "out"
    assert run_cli(project, "write", str(out)).returncode == 0
    assert (out / ".reading-list-output").is_file()
    assert run_cli(project, "write", str(out)).returncode == 0  # its own folder: replaced
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_cli(project, "write", str(empty)).returncode == 0


@pytest.mark.parametrize("edit, expected", [
    (lambda c: c["plugins"][1]["reading-list"].update(home_size="fifty"),
     "home_size: expected a whole number of papers on the home page, got 'fifty'"),
    (lambda c: c["plugins"][1]["reading-list"].update(tag_rules=["causal"]),
     "tag_rules: expected a mapping of keyword"),
    (lambda c: c["plugins"][1]["reading-list"].update(tag_rules={"(": "x"}),
     "tag_rules: '(': not a valid regular expression"),
    (lambda c: c["plugins"][1]["reading-list"].update(feed_size=0),
     "feed_size: expected 1 or more items per feed, got 0"),
])
def test_mistakes_in_mkdocs_yml_are_one_line_from_check(tmp_path: Path, edit: object,
                                                        expected: str) -> None:
    project = make_project(tmp_path, {"list.yaml": GOOD})
    config_path = project / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    edit(config)  # type: ignore[operator]
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    done = run_cli(project, "check")
    assert done.returncode == 2
    out = one_line_error(done, expected)
    line = next(line for line in out.splitlines() if expected in line)
    assert line.startswith("mkdocs.yml:") and not line.startswith("mkdocs.yml:1:1:")


def test_a_yaml_syntax_error_in_mkdocs_yml_is_one_line_from_check(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"list.yaml": GOOD})
    config_path = project / "mkdocs.yml"
    config_path.write_text(config_path.read_text(encoding="utf-8") + "nav: [unclosed\n",
                           encoding="utf-8")
    done = run_cli(project, "check")
    assert done.returncode == 2
    one_line_error(done, "mkdocs.yml:", "YAML syntax:")


def test_an_impossible_date_on_a_papers_page_skips_that_paper() -> None:
    page = ("A good paper\nIts abstract.\n• 3 authors\n·\nMay 13, 2023 2\n"
            "A bad paper\nIts abstract.\n• 2 authors\n·\nFeb 30, 2024\n")
    found = parse_page(page, "page.txt")
    assert [entry["title"] for entry in found] == ["A good paper"]
    assert [str(s) for s in found.skipped] == [
        "page.txt:10 ('A bad paper'): no such date: 'Feb 30, 2024'"]


def test_appending_to_a_crlf_file_keeps_crlf() -> None:
    old = b"- title: A\r\n  added: 2024-05-01\r\n  tags: [t]\r\n"
    new = new_bytes("t.yaml", old, [{"id": "b", "title": "B", "added": "2024-05-02"}])
    assert new.startswith(old)
    assert b"\n" not in new.replace(b"\r\n", b"")


def test_importer_inputs_that_cannot_be_read_are_one_line_with_an_exit_status(
        tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", {"list.yaml": GOOD})
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    done = run_cli(project, "import", "hf-daily", str(deep))
    assert done.returncode == 1
    one_line_error(done, "JSON nested too deeply", "nothing was written")
    mixed = tmp_path / "mixed.json"
    mixed.write_text(json.dumps([
        {"paper": {"title": ["a", "b"]}},
        {"paper": {"id": "2401.00001", "title": "Readable", "authors": [{"name": "Ann"}]}},
    ]), encoding="utf-8")
    done = run_cli(project, "import", "hf-daily", str(mixed))
    assert done.returncode == 0, done.stderr
    one_line_error(done, "skipped", "item 1: title: expected text, got a list",
                   "1 with unreadable values")
    inbox = (project / "content" / "papers" / "inbox.yaml").read_text(encoding="utf-8")
    assert "Readable" in inbox and "['a', 'b']" not in inbox
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"paper": {"title": {"x": 1}}}]), encoding="utf-8")
    done = run_cli(project, "import", "hf-daily", str(bad))
    assert done.returncode == 1
    one_line_error(done, "no entry could be read (1 skipped)", "nothing was written")
