"""Import: write new entries as YAML text a curator would have written by hand.

Only new text is produced here; existing files are never re-serialised.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import yaml

from generator.load.model import PubDate

#: Field order of emitted entries: identity first, long text last.
FIELD_ORDER = ("id", "title", "arxiv", "authors", "author_count", "org", "published", "added",
               "upvotes", "tags", "status", "rating", "links", "note", "abstract")


class FlowList(list[str]):
    """A short list written on one line: ``tags: [a, b]``."""


class Folded(str):
    """Long prose written as a folded block, wrapped for reading in an editor."""


class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_folded(dumper: yaml.SafeDumper, value: Folded) -> yaml.Node:
    style = "|" if "\n" in value else ">"
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style=style)


def _represent_flow(dumper: yaml.SafeDumper, value: FlowList) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(FlowList, _represent_flow)
_Dumper.add_representer(Folded, _represent_folded)
PROSE = ("abstract", "note")


def ordered(entry: Mapping[str, Any]) -> dict[str, Any]:
    """The fields to write, in order; an importer's own keys (``_where``) never are."""
    keys = [k for k in FIELD_ORDER if k in entry] + [k for k in entry if k not in FIELD_ORDER
                                                    and not k.startswith("_")]
    out: dict[str, Any] = {}
    for key in keys:
        value = entry[key]
        if value in (None, "", [], {}, ()):
            continue
        if isinstance(value, PubDate):  # as a curator writes it: 2019, 2019-06, 2019-06-09
            value = {"year": value.first.year, "month": value.iso(),
                     "day": value.first}[value.precision]
        if key == "tags":
            value = FlowList(value)
        elif key in PROSE and isinstance(value, str):
            value = Folded(value)
        out[key] = value
    return out


def scalar(value: Any) -> str:
    """One value as YAML text on one line, quoted only where YAML needs it (``upvotes: 12``)."""
    if isinstance(value, bool) or value is None:
        raise TypeError(f"not an updatable value: {value!r}")
    if isinstance(value, PubDate):
        return value.iso()
    if isinstance(value, int | date):
        return value.isoformat() if isinstance(value, date) else str(value)
    text = yaml.dump(str(value), Dumper=_Dumper, allow_unicode=True, width=1_000_000,
                     default_flow_style=True)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def entries_yaml(entries: Sequence[Mapping[str, Any]], indent: int = 0) -> str:
    """Entries as block-sequence items, a blank line before each, indented to match the file."""
    chunks = []
    for entry in entries:
        text = yaml.dump([ordered(entry)], Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                         width=100, default_flow_style=False)
        if indent:
            text = "".join(" " * indent + line if line.strip() else line
                           for line in text.splitlines(keepends=True))
        chunks.append("\n" + text)
    return "".join(chunks)
