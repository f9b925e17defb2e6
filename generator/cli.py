"""Command-line adapter: ``check``, ``write`` and ``import``.

Exit status: 0 fine, 1 a source could not be read or written, 2 the content
(or an import) has validation errors.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from generator.importers import append
from generator.importers.hf_page import PageFormatError, parse_page
from generator.loader import display_path, load_content
from generator.outputs import build_site, write_tree
from generator.problems import ContentError, Problem, errors, problems_json, sort_problems
from generator.schema import SCHEMA_FILE, schema_text
from generator.settings import Project, read_project

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2


def _repository_path(path: str, root: Path | None) -> str:
    """``path`` (relative to the project folder) relative to the repository GitHub checked out.

    GitHub places annotations by paths from the repository root (``GITHUB_WORKSPACE``); the
    project folder (where mkdocs.yml is) is usually that root, but may be a subfolder.
    """
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if root is None or not workspace:
        return path
    try:
        return (root.resolve() / path).relative_to(Path(workspace).resolve()).as_posix()
    except ValueError:
        return path


def _report(problems: Sequence[Problem], fmt: str = "text", root: Path | None = None) -> None:
    problems = sort_problems(problems)
    if fmt == "json":
        print(problems_json(problems))
        return
    for problem in problems:
        print(problem)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:
            print(problem.github_annotation(_repository_path(problem.path, root)))
    n_errors = len(errors(problems))
    n_warnings = len(problems) - n_errors
    if problems:
        print(f"{n_errors} error(s), {n_warnings} warning(s)", file=sys.stderr)


def _project(args: argparse.Namespace) -> Project:
    config = Path(args.config)
    if not config.is_file():
        raise SystemExit(f"error: {config} not found (run from the project folder or pass "
                         "--config path/to/mkdocs.yml)")
    return read_project(config)


def cmd_check(args: argparse.Namespace) -> int:
    project = _project(args)
    loaded = load_content(project.content_dir, project.root)
    _report(loaded.problems, args.format, project.root)
    if args.format == "text" and not loaded.problems:
        print(f"ok: {len(loaded.content.papers)} papers, no problems")
    return EXIT_INVALID if errors(loaded.problems) else EXIT_OK


def cmd_write(args: argparse.Namespace) -> int:
    project = _project(args)
    try:
        site = build_site(project.content_dir, project.settings, project.root)
    except ContentError as exc:
        _report(exc.problems, root=project.root)
        return EXIT_INVALID
    _report(site.warnings, root=project.root)
    write_tree(site.files, Path(args.directory))
    print(f"wrote {len(site.files)} files to {args.directory}")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    project = _project(args)
    target = Path(args.output) if args.output else project.content_dir / SCHEMA_FILE
    append.atomic_write(target, schema_text().encode("utf-8"))
    print(f"wrote {display_path(target, project.root)}")
    return EXIT_OK


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2024-08-13, got {text!r}") from None


def cmd_import(args: argparse.Namespace) -> int:
    project = _project(args)
    loaded = load_content(project.content_dir, project.root)
    if errors(loaded.problems):
        print("the reading list has errors; fix them before importing:", file=sys.stderr)
        _report(loaded.problems, root=project.root)
        return EXIT_INVALID
    source = Path(args.file)
    try:
        text = source.read_text(encoding="utf-8-sig")
        entries = parse_page(text, source.as_posix())
    except OSError as exc:
        print(f"error: cannot read {source}: {exc.strerror}", file=sys.stderr)
        return EXIT_FAILED
    except (UnicodeDecodeError, PageFormatError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    target = Path(args.into) if args.into else project.content_dir / "papers" / "inbox.yaml"
    plan = append.plan(args.source, entries, loaded.content.papers, args.added or date.today(),
                       args.tag)
    print(plan.summary())
    if args.dry_run:
        for entry in plan.new:
            print(f"  would add {entry['id']}: {entry['title']}")
        return EXIT_OK
    try:
        append.apply(target, display_path(target, project.root), plan.new, date.today())
    except ContentError as exc:
        print("import stopped; nothing was written:", file=sys.stderr)
        _report(exc.problems, root=project.root)
        return EXIT_INVALID
    if plan.new:
        print(f"appended {len(plan.new)} entries to {display_path(target, project.root)}")
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m generator", description=__doc__.split("\n")[0])
    root.add_argument("--config", default="mkdocs.yml", help="path to mkdocs.yml")
    commands = root.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="validate content/ and print every problem")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.set_defaults(run=cmd_check)

    write = commands.add_parser("write", help="write the generated Markdown and feeds to a folder")
    write.add_argument("directory")
    write.set_defaults(run=cmd_write)

    schema = commands.add_parser("schema", help="write the JSON Schema for papers files")
    schema.add_argument("--output", help="where to write it (default content/schema.json)")
    schema.set_defaults(run=cmd_schema)

    imp = commands.add_parser("import", help="append papers from an outside listing")
    imp.add_argument("source", choices=("hf-page",), help="format of the input")
    imp.add_argument("file", help="the saved listing")
    imp.add_argument("--into", help="YAML file to append to (default content/papers/inbox.yaml)")
    imp.add_argument("--added", type=_parse_date, help="date the papers join the list (today)")
    imp.add_argument("--tag", action="append", default=[], help="add this tag (repeatable)")
    imp.add_argument("--dry-run", action="store_true", help="print what would be added")
    imp.set_defaults(run=cmd_import)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    code: int = args.run(args)
    return code
