"""Load: the JSON Schema of a papers file, generated from the field table in ``entries``.

Editors with the YAML language server read it (``# yaml-language-server: $schema=...``)
to complete and check fields while the curator types; the loader stays the authority.
"""

from __future__ import annotations

import json
from typing import Any

from generator.load.entries import FIELDS, REQUIRED

SCHEMA_FILE = "schema.json"


def paper_schema() -> dict[str, Any]:
    properties = {name: {"description": spec.description, **spec.schema}
                  for name, spec in FIELDS.items()}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Reading list: papers file",
        "description": "A list of papers; see README.md, 'Add and annotate a paper'.",
        "type": "array",
        "items": {
            "type": "object",
            "required": list(REQUIRED),
            "additionalProperties": False,
            "properties": properties,
        },
    }


def schema_text() -> str:
    return json.dumps(paper_schema(), indent=2, ensure_ascii=False) + "\n"
