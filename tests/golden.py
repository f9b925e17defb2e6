"""Golden cases as projects: ``tests/cases/<name>/`` copied into a fresh project.

A case holds ``papers/``, optional ``notes/`` and ``intro.md``, and optionally
``setup.json`` for what git cannot hold or should not store whole:

- ``"write"``: files made of repeated parts, ``{"path": "notes/x.md", "parts": [["[", 600],
  ["x\\n", 1]]}`` (a 100 KB note of nested brackets is 30 bytes here);
- ``"fifo"``, ``"socket"``: content-relative paths of a named pipe or a socket to create;
- ``"symlink"``: ``[link, target]`` pairs, the link content-relative, the target as written;
- ``"folders"``: ``[path, depth]``, a file at the bottom of ``depth`` nested folders;
- ``"content_outside": true``: ``content/`` is a link to a folder beside the project.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
from pathlib import Path

from tests.helpers import make_project

CASES = Path(__file__).resolve().parent / "cases"


def case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if p.is_dir())


def make_case(case: Path, root: Path) -> Path:
    """The project of golden case ``case`` under ``root`` (``root/project``)."""
    project = make_project(root / "project", {})
    content = project / "content"
    for part in ("papers", "notes"):
        if (case / part).is_dir():
            shutil.copytree(case / part, content / part, dirs_exist_ok=True)
    if (case / "intro.md").is_file():
        shutil.copy(case / "intro.md", content / "intro.md")
    setup_file = case / "setup.json"
    setup = json.loads(setup_file.read_text(encoding="utf-8")) if setup_file.is_file() else {}
    for item in setup.get("write", []):
        path = content / item["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(text * times for text, times in item["parts"]),
                        encoding="utf-8")
    for relative in setup.get("fifo", []):
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(content / relative)
    for relative in setup.get("socket", []):
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(str(content / relative))
    for relative, target in setup.get("symlink", []):
        (content / relative).parent.mkdir(parents=True, exist_ok=True)
        (content / relative).symlink_to(target)
    for relative, depth in setup.get("folders", []):
        bottom = content.joinpath(*[relative] * depth)
        bottom.mkdir(parents=True)
        (bottom / "deep.txt").write_text("deep\n", encoding="utf-8")
    if setup.get("content_outside"):
        outside = root / "outside"
        content.rename(outside)
        (outside / "private-notes.txt").write_text("not for the site\n", encoding="utf-8")
        content.symlink_to(Path("..") / "outside")
    return project
