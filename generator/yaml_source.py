"""Read one YAML file into position-carrying nodes, refusing what is unsafe.

Composing (not constructing) keeps every value's line and column for error
messages, never builds Python objects from YAML tags, and shares alias nodes
instead of expanding them, so an alias bomb costs nothing until it is walked;
``walk`` refuses to walk a node twice.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from generator.problems import Problem

try:  # libyaml is ~10x faster; the pure-Python loader is the fallback of last resort
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

#: Bigger files are refused before parsing: a reading list this size should be split.
MAX_FILE_BYTES = 32 * 1024 * 1024

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
STANDARD_TAGS = frozenset({STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, SEQ, MAP})


@dataclass(frozen=True, slots=True)
class Parsed:
    node: yaml.Node | None
    problems: tuple[Problem, ...]


def position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def decode(path: str, data: bytes) -> tuple[str | None, list[Problem]]:
    """UTF-8 with or without a BOM; anything else is pointed at by line and column."""
    if len(data) > MAX_FILE_BYTES:
        return None, [Problem(path, 1, 1, (
            f"file is {len(data) / 2**20:.0f} MiB; the limit is {MAX_FILE_BYTES // 2**20} MiB "
            "per file: split the list into several files"))]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        start = data[: exc.start]
        line = start.count(b"\n") + 1
        column = exc.start - (start.rfind(b"\n") + 1) + 1
        return None, [Problem(path, line, column, (
            f"file is not UTF-8 (byte 0x{data[exc.start]:02x}): save it as UTF-8"))]


def _syntax_problem(path: str, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    if "'\\t'" in str(problem) or "\\t" in str(problem):
        message = "YAML syntax: a tab is used for indentation; indent with spaces"
    else:
        detail = f"{problem} ({context})" if context else str(problem)
        message = f"YAML syntax: {detail}"
    return Problem(path, line, column, message)


def parse(path: str, data: bytes) -> Parsed:
    text, problems = decode(path, data)
    if text is None:
        return Parsed(None, tuple(problems))
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        return Parsed(None, (_syntax_problem(path, exc),))
    return Parsed(node, ())


class Walker:
    """Tracks visited nodes so shared (aliased) nodes are reported instead of expanded."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._seen: set[int] = set()
        self.problems: list[Problem] = []

    def visit(self, node: yaml.Node, paper: str | None = None, field: str | None = None) -> bool:
        """False (with a problem) when the node is an alias or carries a non-standard tag."""
        key = id(node)
        if key in self._seen:
            line, column = position(node)
            self.problems.append(Problem(
                self.path, line, column,
                "YAML aliases (*name) are not supported: write the value out",
                paper, field))
            return False
        self._seen.add(key)
        if node.tag not in STANDARD_TAGS:
            line, column = position(node)
            self.problems.append(Problem(
                self.path, line, column,
                f"YAML tag {node.tag!r} is not allowed: only plain values, lists and mappings",
                paper, field))
            return False
        return True
