"""The layout shows the pipeline, and cannot drift from it: imports only point down the
stages (common < load < enrich < render < pipeline < importers < adapters), and
ARCHITECTURE.md's diagram names every module of every folder, and nothing else."""

from __future__ import annotations

import argparse
import ast
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from generator.adapters import cli
from tests.helpers import REPO

PACKAGE = REPO / "generator"
#: Layers bottom to top; a module may import its own layer and those below it.
LAYERS = ("common", "load", "enrich", "render", "pipeline", "importers", "adapters")
#: The importers read and check entries as ``check`` does, but render nothing.
ALLOWED = {layer: set(LAYERS[:i + 1]) for i, layer in enumerate(LAYERS)}
ALLOWED["importers"] = {"common", "load", "enrich", "importers"}
#: Modules at the package's top, and their layer.
TOP = {"generator": "common", "generator.pipeline": "pipeline", "generator.__main__": "adapters"}
STAGE_FOLDERS = ("common", "load", "enrich", "render", "importers", "adapters")


def modules() -> dict[str, str]:
    """Every module of the package, by dotted name: its source."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path.read_text(encoding="utf-8")
    return found


def layer(module: str) -> str | None:
    """The layer of a module of ours, by its folder; None for a module in no stage."""
    if module in TOP:
        return TOP[module]
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in STAGE_FOLDERS else None


def imported(module: str, source: str, known: Mapping[str, str]) -> Iterator[tuple[int, str]]:
    """(line, module) for every module of ours that ``source`` imports, anywhere in it
    (function bodies and ``TYPE_CHECKING`` blocks too); ``from generator.x import y``
    names ``generator.x.y`` when that is a module."""
    is_package = (REPO / Path(*module.split(".")) / "__init__.py").exists()
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "generator":
                    yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            if base.split(".")[0] != "generator":
                continue
            for alias in node.names:
                full = f"{base}.{alias.name}"
                yield node.lineno, full if full in known else base


def upward_imports(known: Mapping[str, str]) -> list[str]:
    """Every import of ours that points up the pipeline, and every module in no stage."""
    wrong = []
    for module, source in known.items():
        mine = layer(module)
        if mine is None:
            wrong.append(f"{module} is in no stage folder ({', '.join(STAGE_FOLDERS)})")
            continue
        for line, target in imported(module, source, known):
            theirs = layer(target)
            if theirs is not None and theirs not in ALLOWED[mine]:
                wrong.append(f"{module}:{line} ({mine}) imports {target} ({theirs})")
    return wrong


def test_imports_only_point_down_the_pipeline() -> None:
    assert upward_imports(modules()) == []


def test_an_import_that_points_up_is_named() -> None:
    known = modules()
    known["generator.load.model"] += "\nfrom generator.render import feeds\n"
    known["generator.importers.emit"] += "\ndef f() -> None:\n    from generator import pipeline\n"
    known["generator.common.urls"] += "\nfrom generator.enrich.listing import Listing\n"
    known["generator.stray"] = "import generator.load.model\n"
    wrong = upward_imports(known)
    assert [w.split(" imports")[0].split(":")[0] for w in wrong] == [
        "generator.common.urls", "generator.importers.emit", "generator.load.model",
        "generator.stray is in no stage folder (common, load, enrich, render, importers, "
        "adapters)"]
    assert any("(load) imports generator.render.feeds (render)" in w for w in wrong)
    assert any("imports generator.pipeline (pipeline)" in w for w in wrong)
    assert any("imports generator.enrich.listing (enrich)" in w for w in wrong)


def test_only_the_mkdocs_adapter_imports_mkdocs() -> None:
    importers = sorted({
        module for module, source in modules().items()
        for node in ast.walk(ast.parse(source))
        if (isinstance(node, ast.Import) and any(
            a.name.split(".")[0] == "mkdocs" for a in node.names))
        or (isinstance(node, ast.ImportFrom) and not node.level
            and (node.module or "").split(".")[0] == "mkdocs")})
    assert importers == ["generator.adapters.mkdocs_plugin"]


# -- ARCHITECTURE.md's diagram names the folders and their modules ---------------------------

#: A box starts at the line's start with its folder, or with a module at the package's top.
_HEADER = re.compile(r"^(?:(" + "|".join(STAGE_FOLDERS) + r")/|[a-z_]+\.py)(?=\s|$)")
_PY = re.compile(r"(?<![\w/.])([a-z_]+\.py)\b")
_FOLDER = re.compile(r"(?<![\w/.*])([a-z_]+)/(?=[\s,)]|$)")


def diagram(text: str) -> str:
    """The text block under ARCHITECTURE.md's "One pipeline, one direction"."""
    section = text.split("## One pipeline, one direction", 1)[1]
    return section.split("```text\n", 1)[1].split("```", 1)[0]


def named(block: str) -> dict[str, set[str]]:
    """Folder ("" for the package's top) -> the modules and data folders the diagram names
    under it: each box starts at a line's start with its folder (or a module of the top),
    and holds the names up to the next box."""
    found: dict[str, set[str]] = {"": set()}
    folder = ""
    for line in block.splitlines():
        header = _HEADER.match(line)
        if header:
            folder = header.group(1) or ""
            found.setdefault(folder, set())
        found[folder].update(_PY.findall(line))
        found[folder].update(f"{name}/" for name in _FOLDER.findall(line)
                             if folder and name not in STAGE_FOLDERS)
    found[""] = {name for name in found[""] if name.endswith(".py")}
    return found


def present() -> dict[str, set[str]]:
    """Folder -> its modules (``__init__`` left out) and data folders, as on disk."""
    found: dict[str, set[str]] = {"": {p.name for p in PACKAGE.glob("*.py")} - {
        "__init__.py", "__main__.py"}}
    for folder in STAGE_FOLDERS:
        found[folder] = {p.name for p in (PACKAGE / folder).glob("*.py")} - {"__init__.py"}
        found[folder] |= {f"{p.name}/" for p in (PACKAGE / folder).iterdir()
                          if p.is_dir() and p.name != "__pycache__"}
    return found


def test_architecture_diagram_names_every_module_in_its_folder() -> None:
    on_disk = present()
    in_diagram = named(diagram((REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")))
    assert set(in_diagram) == set(on_disk), "a stage folder without its box, or the reverse"
    for folder, files in on_disk.items():
        where = f"generator/{folder}/" if folder else "generator/"
        assert files - in_diagram[folder] == set(), f"in {where}, not in its box"
        assert in_diagram[folder] - files == set(), f"in the box of {where}, not there"


def test_every_module_the_architecture_names_exists() -> None:
    """The stage list and the rest of ARCHITECTURE.md name modules that are there."""
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    ours = {p.name for p in PACKAGE.rglob("*.py")}
    elsewhere = {p.name for p in REPO.glob("*/*.py") if p.parts[-2] in ("tests", "benchmarks")}
    bare = set(re.findall(r"`([a-z_]+\.py)`", text)) | set(re.findall(
        r"`([a-z_]+\.py)[`:,(\s]", text))
    assert bare - ours - elsewhere == set()
    for path in re.findall(r"generator/[\w/.-]+", text):
        assert (REPO / path.rstrip(".")).exists(), path


def test_the_diagram_check_finds_a_missing_and_a_stray_module() -> None:
    block = diagram((REPO / "ARCHITECTURE.md").read_text(encoding="utf-8"))
    assert "feeds.py" in named(block)["render"]
    assert "feeds.py" not in named(block.replace("feeds.py", "feed.py"))["render"]
    assert "stray.py" in named(block.replace("feeds.py", "feeds.py stray.py"))["render"]


def test_the_cli_docstring_names_every_command() -> None:
    commands = next(action for action in cli.parser()._actions
                    if isinstance(action, argparse._SubParsersAction)).choices
    doc = cli.__doc__ or ""
    assert len(commands) >= 9
    for command in commands:
        assert f"``{command}" in doc, command


@pytest.mark.parametrize("folder", [*STAGE_FOLDERS, ""])
def test_each_module_says_its_stage_first(folder: str) -> None:
    stage = {"common": "Common", "load": "Load", "enrich": "Enrich", "render": "Render",
             "importers": "Import", "adapters": "Adapter", "": "Pipeline"}[folder]
    for path in sorted((PACKAGE / folder).glob("*.py")):
        if path.name in ("__init__.py", "__main__.py"):
            continue
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        assert doc.startswith(f"{stage}: "), f"{path.relative_to(REPO)}: {doc[:60]!r}"
