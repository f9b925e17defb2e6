"""Load: read one YAML file into small position-carrying nodes, refusing what is unsafe.

We compose nodes ourselves from libyaml's event stream instead of calling
``yaml.compose``: PyYAML's composer runs its Python type resolver on every
scalar, which costs twice the parse itself (measured: 2.8 s against 0.9 s of
events for a 23 MB listing). Here a scalar's YAML type is resolved only when a
field asks for it. Aliases are refused at the first ``*name``, so an alias bomb
is never expanded, no tag can construct a Python object (only the standard
ones are accepted), and collections nest at most ``MAX_NESTING`` deep. Every YAML
file under content/ is read here: papers, notes' front matter, arxiv-misses.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from generator.common.problems import Problem
from generator.load.bounds import MAX_NESTING, nesting_message

try:  # libyaml is ~10x faster; the pure-Python parser is the fallback of last resort
    LOADER: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    LOADER = yaml.SafeLoader

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

_resolver = yaml.resolver.Resolver()


class Node:
    __slots__ = ("column", "line")
    tag: str = ""

    def __init__(self, line: int, column: int) -> None:
        self.line = line  # 1-based, as editors show them
        self.column = column


class ScalarNode(Node):
    __slots__ = ("_tag", "style", "value")

    def __init__(self, value: str, style: str | None, line: int, column: int,
                 tag: str | None = None) -> None:
        super().__init__(line, column)
        self.value = value
        self.style = style
        self._tag = tag

    @property
    def tag(self) -> str:  # type: ignore[override]
        """The type YAML 1.1 gives this scalar (``no`` is a bool, ``2401.10000`` a float)."""
        if self._tag is None:
            if self.style is None:
                tag: str = _resolver.resolve(  # type: ignore[no-untyped-call]
                    yaml.ScalarNode, self.value, (True, False))
                self._tag = tag
            else:
                self._tag = STR
        return self._tag


    def is_null_or_bool(self) -> bool:
        """Cheaper than ``tag`` for text fields: only short plain words can be null or bool."""
        return self.style is None and len(self.value) <= 5 and self.tag in (NULL, BOOL)


class SequenceNode(Node):
    __slots__ = ("flow_style", "value")
    tag = SEQ

    def __init__(self, line: int, column: int, flow_style: bool) -> None:
        super().__init__(line, column)
        self.value: list[Node] = []
        self.flow_style = flow_style


class MappingNode(Node):
    __slots__ = ("value",)
    tag = MAP

    def __init__(self, line: int, column: int) -> None:
        super().__init__(line, column)
        self.value: list[tuple[Node, Node]] = []


class BadNode(Node):
    """Stands where an alias or a forbidden tag was; the reader reports it with its field."""

    __slots__ = ("message",)
    tag = "bad"

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(line, column)
        self.message = message


@dataclass(frozen=True, slots=True)
class Parsed:
    node: Node | None
    problems: tuple[Problem, ...]
    has_bad: bool = False
    """Some node is a ``BadNode`` (already reported); readers must look for it."""


def position(node: Node) -> tuple[int, int]:
    return node.line, node.column


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


def _position_of(text: str | bytes, index: int) -> tuple[int, int]:
    """Line and column (in characters) of ``index``, which libyaml counts in bytes for bytes."""
    before = text[:index]
    if isinstance(before, bytes):
        before = before.decode("utf-8", "replace")
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


#: Contexts of a mistake libyaml finds only where it gives up, often lines later: a key
#: with no ':' (found at the next line's token), a quote or a bracket never closed (found
#: at the end of the file). The curator's mistake is where that thing starts: its line is
#: reported, and where libyaml gave up only in the message. Any other error is where
#: libyaml found it (a tab, a stray ':', a line indented wrong).
_LEFT_OPEN = {
    "while scanning a simple key": "could not find the ':' after this key",
    "while scanning a quoted scalar": "the quoted value opened here is never closed",
    "while parsing a flow sequence": "the '[' opened here is never closed",
    "while parsing a flow mapping": "the '{' opened here is never closed",
}


def _last_content(text: str) -> tuple[int, int]:
    """Line and column just after the last character of the last line that holds more than
    a comment: where the file ends, for a curator."""
    lines = text.splitlines()
    for number in range(len(lines), 0, -1):
        line = lines[number - 1].rstrip()
        if line and not line.lstrip().startswith("#"):
            return number, len(line) + 1
    return 1, 1


GLUED = "YAML syntax: a ':' after a key needs a space (write 'key: value')"
_KEY_GLUED = re.compile(r"[^\s:#][^\s:]*:(?=[^\s:/])")
_STARTS_VALUE = re.compile(r"\s*(?:- |[^\s#][^#]*?: )")


def _glued_key(lines: list[str], found: int) -> tuple[int, int] | None:
    """Where a key is glued to its value (``- id:x``), if the ':' libyaml stopped at on
    line ``found`` (0-based) ends a plain value that began there, lines earlier: such a
    value runs on over the next lines until a ``key: value`` ends it."""
    number = found - 1
    while number >= 0:  # up through the lines the value ran on over
        line = lines[number]
        start = _STARTS_VALUE.match(line)
        if start is not None:
            glued = _KEY_GLUED.match(line, start.end())
            return (number + 1, glued.end()) if glued else None
        if line.lstrip().startswith("#"):
            return None
        number -= 1
    return None


def syntax_position(exc: yaml.YAMLError, text: str | bytes) -> tuple[int, int, str]:
    """Line, column (1-based) and message of a YAML syntax error, on the line the mistake
    is on (``_LEFT_OPEN``); an error libyaml meets at the end of the file is placed at the
    end of its last line, not on a line after it that an editor does not show."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    problem = " ".join(str(getattr(exc, "problem", None) or exc).split())
    context = str(getattr(exc, "context", None) or "")
    found, opened = getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)
    left_open = _LEFT_OPEN.get(context)
    key = "simple key" in context
    if left_open and found is not None and opened is not None and (
            found.line > opened.line or "end of stream" in problem) and (
            "quoted" not in context or "unexpected" in problem):  # not a bad escape in it
        lines = text.splitlines()
        glued = _KEY_GLUED.match(lines[opened.line], opened.column) \
            if key and opened.line < len(lines) else None
        if glued is not None:  # title:Foo
            return opened.line + 1, glued.end(), GLUED
        detail = "" if key or "end of stream" in problem else \
            f" ({problem} at line {found.line + 1})"
        return opened.line + 1, opened.column + 1, f"YAML syntax: {left_open}{detail}"
    if found is not None and problem.startswith("mapping values are not allowed"):
        where = _glued_key(text.splitlines(), found.line)
        if where is not None:  # - id:x, read with the lines after it as one value
            return where[0], where[1], GLUED
    mark = found or opened
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    last = _last_content(text)
    if (line, column) > last:
        line, column = last
    if "tab character" in problem or "'\\t'" in problem:
        return line, column, "YAML syntax: a tab is used for indentation; indent with spaces"
    return line, column, f"YAML syntax: {problem} ({context})" if context else \
        f"YAML syntax: {problem}"


def _syntax_problem(path: str, exc: yaml.YAMLError, text: str | bytes,
                    line_offset: int = 0) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML does not allow
        line, column = _position_of(text, exc.position)
        return Problem(path, line + line_offset, column, (
            f"character U+{exc.character:04X} is not allowed in YAML: remove it"
            if isinstance(exc.character, int) else f"YAML: {exc.reason}"))
    line, column, message = syntax_position(exc, text)
    return Problem(path, line + line_offset, column, message)


class _Composer:
    """Builds nodes from events; a stack replaces recursion, so depth costs no Python frames."""

    def __init__(self, path: str, line_offset: int) -> None:
        self.path = path
        self.offset = line_offset
        self.problems: list[Problem] = []
        self.found_bad = False

    def where(self, event: Any) -> tuple[int, int]:
        return event.start_mark.line + 1 + self.offset, event.start_mark.column + 1

    def bad(self, event: Any, message: str) -> BadNode:
        self.found_bad = True
        line, column = self.where(event)
        return BadNode(line, column, message)

    def tag_ok(self, event: Any, standard: str) -> bool:
        tag = event.tag
        return tag is None or tag == "!" or tag == standard or tag in STANDARD_TAGS

    def compose(self, text: str | bytes) -> Node | None:
        # the hot loop of a 10,000-entry check: event classes bound to locals, one call
        # per event (get_event) instead of yaml.parse's generator around check/get
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        seq_start, map_start = yaml.SequenceStartEvent, yaml.MappingStartEvent
        seq_end, map_end = yaml.SequenceEndEvent, yaml.MappingEndEvent
        document_start, stream_end = yaml.DocumentStartEvent, yaml.StreamEndEvent
        offset = self.offset + 1
        root: Node | None = None
        documents = 0
        stack: list[Node] = []
        keys: list[Node | None] = []
        skip_depth = 0  # inside a collection with a forbidden tag: consume, build nothing
        loader = LOADER(text)
        get_event = loader.get_event
        try:
            while True:
                event: Any = get_event()
                kind = type(event)
                node: Node
                if skip_depth:
                    if kind is seq_start or kind is map_start:
                        skip_depth += 1
                    elif kind is seq_end or kind is map_end:
                        skip_depth -= 1
                    continue
                if kind is scalar_event:
                    tag = event.tag
                    if tag is None:
                        mark = event.start_mark
                        node = ScalarNode(event.value, event.style or None, mark.line + offset,
                                          mark.column + 1)
                    elif self.tag_ok(event, STR):
                        mark = event.start_mark
                        node = ScalarNode(event.value, event.style or None, mark.line + offset,
                                          mark.column + 1, tag if tag in STANDARD_TAGS else None)
                    else:
                        node = self.bad(event, f"YAML tag {tag!r} is not allowed: only plain "
                                               "values, lists and mappings")
                elif kind is map_start or kind is seq_start:
                    if event.tag is not None and not self.tag_ok(
                            event, SEQ if kind is seq_start else MAP):
                        node = self.bad(event, f"YAML tag {event.tag!r} is not allowed: only "
                                               "plain values, lists and mappings")
                        skip_depth = 1
                    elif len(stack) >= MAX_NESTING:  # libyaml has no limit; readers recurse
                        line, column = self.where(event)
                        self.problems.append(Problem(self.path, line, column, nesting_message(
                            len(stack) + 1, "YAML lists and mappings")))
                        break
                    else:
                        mark = event.start_mark
                        stack.append(MappingNode(mark.line + offset, mark.column + 1)
                                     if kind is map_start else
                                     SequenceNode(mark.line + offset, mark.column + 1,
                                                  bool(event.flow_style)))
                        keys.append(None)
                        continue
                elif kind is map_end or kind is seq_end:
                    node = stack.pop()
                    keys.pop()
                elif kind is alias_event:
                    node = self.bad(event, "YAML aliases (*name) are not supported: write the "
                                           "value out")
                elif kind is document_start:
                    documents += 1
                    if documents > 1:
                        line, column = self.where(event)
                        self.problems.append(Problem(self.path, line, column, (
                            "a file holds one YAML document: remove the second '---'")))
                        break
                    continue
                elif kind is stream_end:
                    break
                else:
                    continue
                if not stack:
                    root = node
                    continue
                parent = stack[-1]
                if type(parent) is SequenceNode:
                    parent.value.append(node)
                elif keys[-1] is None:
                    keys[-1] = node
                else:
                    parent.value.append((keys[-1], node))  # type: ignore[attr-defined]
                    keys[-1] = None
        finally:
            loader.dispose()
        return root


def parse(path: str, data: bytes, line_offset: int = 0) -> Parsed:
    text, problems = decode(path, data)
    if text is None:
        return Parsed(None, tuple(problems))
    # libyaml reads UTF-8 bytes twice as fast as a str it must encode again
    return parse_text(path, data, line_offset)


def parse_text(path: str, text: str | bytes, line_offset: int = 0) -> Parsed:
    composer = _Composer(path, line_offset)
    try:
        node = composer.compose(text)
    except yaml.YAMLError as exc:
        return Parsed(None, (*composer.problems, _syntax_problem(path, exc, text, line_offset)))
    return Parsed(node, tuple(composer.problems), composer.found_bad)
