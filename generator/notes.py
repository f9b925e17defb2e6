"""Long notes: ``content/notes/<id>.md``, Markdown with optional front matter."""

from __future__ import annotations

import yaml
from frontmatter.default_handlers import YAMLHandler

from generator import yaml_source as ys
from generator.entries import Invalid, did_you_mean, to_date, to_note, to_text
from generator.model import ID_RE, Location, Note
from generator.problems import Problem

NOTE_FIELDS = ("heading", "updated")


def read_note(path: str, paper_id: str, data: bytes) -> tuple[Note | None, list[Problem]]:
    text, problems = ys.decode(path, data)
    if text is None:
        return None, problems
    if not ID_RE.fullmatch(paper_id):
        return None, [Problem(path, 1, 1, f"file name {paper_id!r} is not a paper id")]
    text = text.replace("\r\n", "\n")
    # python-frontmatter splits off the block; we compose it ourselves to keep positions.
    handler = YAMLHandler()
    if handler.detect(text):
        front, body = handler.split(text)
    else:
        front, body = "", text
    heading, updated = "Reading notes", None
    try:
        node = yaml.compose(front, Loader=ys._Loader) if front.strip() else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        column = mark.column + 1 if mark is not None else 1
        return None, [Problem(path, line, column,
                              f"front matter: YAML syntax: {getattr(exc, 'problem', exc)}",
                              paper_id)]
    if node is not None:
        if not isinstance(node, yaml.MappingNode):
            return None, [Problem(path, 2, 1, "front matter: expected a mapping (heading: ...)",
                                  paper_id)]
        for key_node, value_node in node.value:
            key = key_node.value
            line, column = key_node.start_mark.line + 2, key_node.start_mark.column + 1
            try:
                if key == "heading":
                    heading = to_text(value_node)
                elif key == "updated":
                    updated = to_date(value_node)
                else:
                    raise Invalid(f"unknown field{did_you_mean(key, NOTE_FIELDS)} "
                                  f"(known: {', '.join(NOTE_FIELDS)})")
            except Invalid as exc:
                problems.append(Problem(path, line, column, exc.message, paper_id, key))
    try:
        body = to_note(yaml.ScalarNode(ys.STR, body, style="|")) if body.strip() else ""
    except Invalid as exc:
        problems.append(Problem(path, 1, 1, exc.message, paper_id, "note"))
    if problems:
        return None, problems
    return Note(paper_id, body, Location(path, 1, 1), heading, updated), []

