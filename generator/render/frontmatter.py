"""Render: YAML front matter for generated pages (title, date, tags, ...), written directly.

Every value is a flow node (JSON for strings), so any text reads back as written;
PyYAML's pure-Python emitter cost ~1 ms per page (10 s at 10,000 papers).
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

#: Characters YAML may not carry raw in a scalar (outside its printable set), and the line
#: breaks it would fold; JSON leaves them raw, so they are escaped as ``\uXXXX`` too.
_NOT_YAML_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


#: One encoder for every string: ``json.dumps(..., ensure_ascii=False)`` builds a new one
#: per call, a fifth of the front matter's cost.
_JSON_STRING = json.JSONEncoder(ensure_ascii=False).encode


def _yaml_printable(quoted: str) -> str:
    return _NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _yaml_flow(value: Any) -> str:
    """``value`` as a YAML flow node: JSON for strings, lists and mappings, ISO dates as is.

    Formatted directly: PyYAML's pure-Python emitter cost ~1 ms per page (10 s at 10,000).
    Characters YAML may not carry raw are left for ``front_matter`` to escape in one pass.
    """
    if isinstance(value, str):
        return _JSON_STRING(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | dict):
        try:  # JSON is YAML flow: one call for the whole node (tags, citation meta)
            return _JSON_STRING(value)
        except TypeError:  # a date inside: node by node
            pass
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_yaml_flow(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_yaml_flow(str(k))}: {_yaml_flow(v)}"
                               for k, v in value.items()) + "}"
    raise TypeError(f"no front matter form for {type(value).__name__}")


def front_matter(**fields: Any) -> str:
    """YAML front matter; every value is a flow node, so any text reads back as written.

    The characters YAML refuses can stand only inside JSON strings (keys and dates are
    ASCII), so one pass over the whole block escapes them where each string would.
    """
    lines = [f"{key}: {_yaml_flow(value)}\n" for key, value in fields.items()
             if value is not None and value != "" and value != []]
    return _yaml_printable("---\n" + "".join(lines) + "---")
