"""A YAML syntax error is reported on the line of the mistake (``yaml_source.syntax_position``),
for every kind libyaml reports, and nothing that only follows from it is reported.

libyaml finds a key with no ':' at the next line's token, and a quote or bracket never
closed where the file ends; those were reported a line (or the whole rest of the file)
after the mistake. The golden case ``tests/cases/yaml_syntax_lines`` shows the messages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.load.loader import load_content
from generator.load.settings import SettingsError, read_project
from generator.load.yaml_source import parse_text

FIELDS = "  title: A paper\n  added: 2024-05-01\n"


@pytest.mark.parametrize("text, line, column, says", [
    # left open: reported where it starts, not where libyaml gave up
    ("- id: a\n  added 2024-05-01\n  tags: [x]\n", 2, 3, "could not find the ':' after this key"),
    ("- id: a\n  added 2024-05-01", 2, 3, "could not find the ':' after this key"),  # no \n
    ("- id: a\n" + FIELDS * 50 + "  published 2024\n" + FIELDS, 102, 3, "the ':' after this key"),
    ("- id: a\n  title: 'Open\n  added: 2024\n\n- id: b\n", 2, 10,
     "the quoted value opened here is never closed"),
    ('- id: a\n  title: "Open\n---\n', 2, 10, "the quoted value opened here is never closed"),
    ("- id: a\n  tags: [x, y\n  added: 2024\n", 2, 9, "the '[' opened here is never closed"),
    ("- id: a\n  links: {code: x\n  added: 2024\n", 2, 10,
     "the '{' opened here is never closed"),
    # a key glued to its value, on its own line or read on with the next lines
    ("- id: a\n  title:Foo\n  added: 2024\n", 2, 8, "a ':' after a key needs a space"),
    ("- id:a\n  title: Foo\n  added: 2024\n", 1, 5, "a ':' after a key needs a space"),
    # found where the mistake is: kept there
    ("- id: a\n  title: A: B\n", 2, 11, "mapping values are not allowed"),
    ("- id: a\n  title: a\n   added: 2024\n", 3, 9, "mapping values are not allowed"),
    ("- id: a\n  added: 2024\n tags: [x]\n", 3, 2, "did not find expected '-' indicator"),
    ("- id: a\n  added: 2024\n  - b\n", 3, 3, "did not find expected key"),
    ("- id: a\n\tadded: 2024\n", 2, 1, "a tab is used for indentation"),
    ("- id: a\n  title: `a`\n", 2, 10, "found character that cannot start any token"),
    ('- id: a\n  title: "a \\q b"\n', 2, 13, "found unknown escape character"),
    ("- id: a\n  tags: [x, y}\n", 2, 14, "did not find expected ',' or ']'"),
    # at the end of the file: the end of its last line, not a line after it
    ("- id: a\n  tags: [x,\n\n# the end\n", 2, 12, "did not find expected node content"),
])
def test_a_syntax_error_names_the_line_of_the_mistake(text: str, line: int, column: int,
                                                      says: str) -> None:
    [problem] = parse_text("list.yaml", text.encode()).problems
    assert (problem.line, problem.column) == (line, column), str(problem)
    assert says in problem.message


def test_a_line_offset_moves_every_kind_alike() -> None:
    """Front matter starts below the note's '---': its errors are counted from there."""
    [problem] = parse_text("n.md", b"heading: 'Open\nupdated: 2024\n", line_offset=1).problems
    assert (problem.line, problem.column) == (2, 10)


def test_mkdocs_yml_mistakes_name_their_line(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nsite_url https://example.org/\ndocs_dir: content\n")
    with pytest.raises(SettingsError) as raised:
        read_project(config)
    [problem] = raised.value.problems
    assert (problem.line, problem.column) == (2, 1)
    assert "could not find the ':' after this key" in problem.message


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "content"


def test_a_note_is_not_reported_for_a_paper_a_broken_file_may_hold(tmp_path: Path) -> None:
    content = write(tmp_path, {"papers/a.yaml": "- id: a\n  title: A\n  added 2024-05-01\n",
                               "notes/a.md": "A note on a.\n"})
    problems = load_content(content, tmp_path, date(2026, 1, 1)).problems
    assert [(p.path, p.line) for p in problems] == [("content/papers/a.yaml", 3)]


def test_a_note_with_no_paper_is_still_reported_when_the_list_loads(tmp_path: Path) -> None:
    content = write(tmp_path, {"papers/a.yaml": "- id: a\n  title: A\n  added: 2024-05-01\n",
                               "notes/b.md": "A note on nothing.\n"})
    [problem] = load_content(content, tmp_path, date(2026, 1, 1)).problems
    assert problem.path == "content/notes/b.md" and "no paper has the id 'b'" in problem.message
