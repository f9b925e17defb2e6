"""Load: long notes, ``content/notes/<id>.md``, Markdown with optional front matter."""

from __future__ import annotations

from datetime import date

from frontmatter.default_handlers import YAMLHandler

from generator.common.problems import Problem
from generator.load import bounds
from generator.load import yaml_source as ys
from generator.load.entries import Invalid, date_problem, did_you_mean, to_date, to_text
from generator.load.model import ID_RE, Location, Note

NOTE_FIELDS = ("heading", "updated")


def read_note(path: str, paper_id: str, data: bytes, today: date
              ) -> tuple[Note | None, list[Problem]]:
    text, problems = ys.decode(path, data)
    if text is None:
        return None, problems
    if not ID_RE.fullmatch(paper_id):
        return None, [Problem(path, 1, 1, f"file name {paper_id!r} is not a paper id")]
    text = text.replace("\r\n", "\n")
    # python-frontmatter splits off the block; we compose it ourselves to keep positions.
    # Blank lines above the opening '---' would silently make the front matter body text.
    handler = YAMLHandler()
    front, body = "", text
    if handler.detect(text.lstrip("\n")):
        try:
            front, body = handler.split(text.lstrip("\n"))
        except ValueError:
            line = len(text) - len(text.lstrip("\n")) + 1
            return None, [Problem(path, line, 1, (
                "front matter opened with '---' is never closed: end it with a line '---', "
                "or, for a horizontal rule, put text above it"), paper_id)]
    heading, updated = "Reading notes", None
    # lines above the front matter's first line: the opening '---' and any blank lines
    offset = text[: text.index(front)].count("\n") if front.strip() else 0
    parsed = ys.parse_text(path, front, line_offset=offset)
    if parsed.problems:
        return None, list(parsed.problems)
    node = parsed.node
    if isinstance(node, ys.BadNode):
        return None, [Problem(path, node.line, node.column, node.message, paper_id)]
    if node is not None and not (isinstance(node, ys.ScalarNode) and node.tag == ys.NULL):
        if not isinstance(node, ys.MappingNode):
            return None, [Problem(path, 2, 1, "front matter: expected a mapping (heading: ...)",
                                  paper_id)]
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ys.ScalarNode) else "?"
            line, column = ys.position(key_node)
            try:
                if key in seen:
                    raise Invalid("duplicate key; YAML would silently keep only the last one")
                seen.add(key)
                if isinstance(value_node, ys.BadNode):
                    raise Invalid(value_node.message)
                if key in NOTE_FIELDS:
                    line, column = ys.position(value_node)  # point at the wrong value
                if key == "heading":
                    heading = to_text(value_node)
                elif key == "updated":
                    updated = to_date(value_node)
                    message = date_problem(updated, today)
                    if message is not None:
                        raise Invalid(message)
                else:
                    raise Invalid(f"unknown field{did_you_mean(key, NOTE_FIELDS)} "
                                  f"(known: {', '.join(NOTE_FIELDS)})")
            except Invalid as exc:
                problems.append(Problem(path, line, column, exc.message, paper_id, key))
    # the body's first line in the file: the front matter is a prefix of the text
    first_line = text.count("\n", 0, len(text) - len(body)) + 1
    # where the note starts: the blank lines above it are not kept (``to_text``)
    start = text.count("\n", 0, len(text) - len(body.lstrip())) + 1
    excess = bounds.markdown_problem(body)
    if excess is not None:
        problems.append(Problem(path, first_line + excess.line - 1, 1,
                                f"the note {excess.message}", paper_id, "note"))
    else:
        try:
            body = (to_text(ys.ScalarNode(body, "|", 1, 1), multiline=True,
                            limit=bounds.NOTE_MAX) if body.strip() else "")
        except Invalid as exc:
            problems.append(Problem(path, 1, 1, exc.message, paper_id, "note"))
    if problems:
        return None, problems
    return Note(paper_id, body, Location(path, start, 1), heading, updated), []

