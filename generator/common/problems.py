"""Common: problems found in curator input, and the one exception that carries them.

Every stage collects problems instead of raising on the first, so a curator
sees every mistake of a push in one run.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum

from generator.common.messages import line, name, quote


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"
    """Worth knowing, fails nothing (not even ``--strict``): a formula shown as LaTeX."""


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One finding, positioned like a compiler message (1-based line and column)."""

    path: str
    line: int
    column: int
    message: str
    paper: str | None = None
    field: str | None = None
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        """One line (``messages.line``): names from content quoted where they need it."""
        where = f"{name(self.path)}:{self.line}:{self.column}:"
        parts = [where]
        if self.severity is not Severity.ERROR:
            parts.append(f"{self.severity.value}:")
        if self.paper is not None:
            parts.append(f"paper {quote(self.paper)}:")
        if self.field is not None:
            parts.append(f"{name(self.field)}:")
        parts.append(self.message)
        return line(" ".join(parts))

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        data["text"] = str(self)
        return data

    def github_annotation(self, path: str | None = None) -> str:
        """A GitHub Actions workflow command, so the problem shows on the pull request's diff.

        ``path`` replaces ``self.path`` in ``file=``: GitHub wants it relative to the
        repository root, which differs from the project folder when mkdocs.yml is not at the top.
        """
        kind = {Severity.ERROR: "error", Severity.WARNING: "warning"}.get(self.severity, "notice")
        text = _escape_data(str(self))
        where = _escape_property(path if path is not None else self.path)
        return f"::{kind} file={where},line={self.line},col={self.column}::{text}"


def _escape_data(text: str) -> str:
    """Escape a workflow command's message, as @actions/core does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """Escape a workflow command's property value (``file=...``), as @actions/core does."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def warnings(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.WARNING]


def notices(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.NOTICE]


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.path, p.line, p.column, p.message))


def problems_json(problems: Sequence[Problem]) -> str:
    """The problems as JSON; ``##[`` (a workflow command anywhere in a line) written
    ``##\\u005b``, which reads back as the same text."""
    text = json.dumps([p.as_dict() for p in problems], indent=2, ensure_ascii=False)
    return text.replace("##[", "##\\u005b")


class ContentError(Exception):
    """The content folder has errors; raised once, after every problem was collected."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sort_problems(problems)
        count = len(errors(self.problems))
        noun = "problem" if count == 1 else "problems"
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{count} {noun} in the reading list:\n{lines}")

    def __reduce__(self) -> tuple[Callable[..., ContentError], tuple[object, ...]]:
        """Picklable, so it can be raised in a forked worker and re-raised here."""
        return type(self), (self.problems,)
