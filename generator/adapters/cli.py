"""Adapter: the command line, ``python -m generator`` (or ``reading-list``), and its commands.

- ``check``: validate content/ and print every problem.
- ``write DIR``: write the generated Markdown and files to a folder, for any builder.
- ``schema``: write the JSON Schema of papers files (``content/schema.json``).
- ``import``: append papers from arXiv, Hugging Face, BibTeX, CSL-JSON, RIS or an
  awesome list.
- ``resolve``: find papers without an arXiv id on arXiv, by exact title.
- ``build DIR``: build the site with the engine mkdocs.yml names (MkDocs or Zensical).
- ``zensical DIR``: build the site with Zensical.
- ``lock-summary``: describe a new uv.lock against the old one, for its pull request.
- ``update``: take the generator's newest release from the template repository.

Exit status: 0 fine, 1 a source could not be read or written, 2 the content
(or an import) has validation errors.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.common import messages, weburl
from generator.common.messages import quote
from generator.common.problems import (
    ContentError,
    Problem,
    errors,
    notices,
    problems_json,
    sort_problems,
)
from generator.importers import SOURCES
from generator.importers.common import SourceError
from generator.load.loader import (
    PAPER_SUFFIXES,
    PAPERS_DIR,
    Loaded,
    display_path,
    load_content,
)
from generator.load.settings import Project, SettingsError, local_address_note, read_project

if TYPE_CHECKING:
    from generator.importers import run
    from generator.importers.client import Client

# Each command imports what only it needs (rendering, feeds, HTTP, BibTeX): `check` is run
# on every push and in editors, and those imports would cost it more than the check itself.

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2


def _say(text: str, err: bool = False) -> None:
    """Print one message as one line (``messages.line``): nothing printed from content can
    end a line or read as a GitHub workflow command."""
    print(messages.line(text), file=sys.stderr if err else sys.stdout)


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
        print(problems_json(problems))  # JSON: one string per line, ##[ escaped
        return
    for problem in problems:
        _say(str(problem))
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:
            # our own workflow command, its values escaped as the runner reads them
            print(problem.github_annotation(_repository_path(problem.path, root)))
    n_errors = len(errors(problems))
    n_notices = len(notices(problems))
    n_warnings = len(problems) - n_errors - n_notices
    if problems:
        _say(f"{n_errors} error(s), {n_warnings} warning(s)"
              + (f", {n_notices} notice(s)" if n_notices else ""), err=True)


def _project(args: argparse.Namespace) -> Project:
    config = Path(args.config)
    if not config.is_file():
        raise SystemExit(f"error: {config} not found (run from the project folder or pass "
                         "--config path/to/mkdocs.yml)")
    return read_project(config)


def _load(project: Project) -> Loaded:
    """The list as ``check`` and the build read it (the site's settings shape its paths)."""
    return load_content(project.content_dir, project.root,
                        directory_urls=project.settings.directory_urls,
                        page_size=project.settings.page_size)


def _load_for(project: Project, doing: str) -> Loaded | None:
    """The list, or None with its errors reported: nothing is written to a list that has
    errors (``doing``: what would have been done)."""
    loaded = _load(project)
    if errors(loaded.problems):
        _say(f"the reading list has errors; fix them before {doing}:", err=True)
        _report(loaded.problems, root=project.root)
        return None
    return loaded


def cmd_check(args: argparse.Namespace) -> int:
    project = _project(args)
    loaded = _load(project)
    _report(loaded.problems, args.format, project.root)
    if args.format == "text" and not errors(loaded.problems) and \
            len(notices(loaded.problems)) == len(loaded.problems):
        _say(f"ok: {len(loaded.content.papers)} papers, no problems")
    untagged = sum(1 for paper in loaded.content.papers if not paper.tags)
    if args.format == "text" and untagged:
        _say(f"inbox: {untagged} paper{'' if untagged == 1 else 's'} without tags yet "
              "(listed on the Inbox page, inbox/)")
    return EXIT_INVALID if errors(loaded.problems) else EXIT_OK


def cmd_write(args: argparse.Namespace) -> int:
    from generator.pipeline import OutputError, build_site, write_tree

    project = _project(args)
    try:
        site = build_site(project.content_dir, project.settings, project.root)
    except ContentError as exc:
        _report(exc.problems, root=project.root)
        return EXIT_INVALID
    _report(site.warnings, root=project.root)
    try:
        write_tree(site.as_files(), Path(args.directory))
    except OutputError as exc:
        _say(f"error: {exc}", err=True)
        return EXIT_FAILED
    _say(f"wrote {len(site.pages) + len(site.files)} files to {args.directory}")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from generator.importers.append import atomic_write
    from generator.load.schema import SCHEMA_FILE, schema_text

    project = _project(args)
    target = Path(args.output) if args.output else project.content_dir / SCHEMA_FILE
    atomic_write(target, schema_text().encode("utf-8"))
    _say(f"wrote {display_path(target, project.root)}")
    return EXIT_OK


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2024-08-13, got {text!r}") from None


def _client() -> Client:
    from generator.importers.client import Client

    return Client()


#: How the import command gets its HTTP client; tests put a fake one here.
CLIENT_FACTORY: Callable[[], Client] = _client


def _import_jobs(args: argparse.Namespace, project: Project) -> list[run.Job]:
    from generator.importers import run

    if args.configured:
        if args.source or args.inputs or args.query or args.day:
            raise SourceError("--configured runs the imports in mkdocs.yml: give no source")
        return run.jobs_from_config(project.settings.imports, project.root)
    if not args.source:
        raise SourceError(f"give a source ({', '.join(SOURCES)}), a file or --configured")
    into = Path(args.into).resolve() if args.into else None
    if args.source not in SOURCES:  # files, each read by the importer its kind names
        if args.day or args.query:
            raise SourceError("--date and --query need a source (hf-daily, arxiv)")
        jobs = []
        for item in (args.source, *args.inputs):
            source, description = run.detect_source(item, Path.cwd())
            _say(f"{item}: {description}, read with 'import {source}'")
            jobs.append(run.Job(source, (item,), into=into,
                                keywords_as_tags=args.keywords_as_tags))
        return jobs
    if args.day and args.source != "hf-daily":
        raise SourceError("--date is for hf-daily")
    if args.query and args.source != "arxiv":
        raise SourceError("--query is for arxiv")
    return [run.Job(args.source, tuple(args.inputs), args.query, args.day, args.max_results,
                    into, keywords_as_tags=args.keywords_as_tags)]


def _check_target(target: Path, project: Project) -> None:
    papers = (project.content_dir / PAPERS_DIR).resolve()
    if target.suffix not in PAPER_SUFFIXES or not target.resolve().is_relative_to(papers):
        raise SourceError(f"{target}: new entries go to a .yaml file under "
                          f"{display_path(papers, project.root)}/, the only files the site reads")


#: Times an import starts over when a file it is about to replace changed under it.
IMPORT_ATTEMPTS = 3


def cmd_import(args: argparse.Namespace) -> int:
    from generator.importers import append, run

    project = _project(args)
    default_into = project.content_dir / PAPERS_DIR / "inbox.yaml"
    try:
        jobs = _import_jobs(args, project)
        if not jobs:
            _say("no imports configured: add 'imports:' to the reading-list plugin's options "
                  "in mkdocs.yml; nothing to do")
            return EXIT_OK
        jobs = [replace(job, tags=job.tags + tuple(args.tag), match=args.match or job.match,
                        exclude=args.exclude or job.exclude,
                        keywords_as_tags=args.keywords_as_tags or job.keywords_as_tags)
                for job in jobs]
        for job in jobs:
            _check_target(job.into or default_into, project)
        update = run.parse_update(args.update)
        rules = run.compile_rules(project.settings.tag_rules)
        # the network and the sources first: the list is locked only while it is read,
        # planned against and written
        reads = run.read_all(jobs, CLIENT_FACTORY(), Path.cwd())
    except SourceError as exc:
        _say(f"error: {exc}; nothing was written", err=True)
        return EXIT_FAILED
    for read in reads:
        for skipped in read.found.skipped:
            _say(f"  skipped {skipped}", err=True)
        for warning in read.found.warnings:
            _say(f"  warning: {warning}", err=True)
        if read.found.nothing_new:
            _say(read.found.nothing_new)
    unreadable = sum(len(read.found.skipped) for read in reads)
    if unreadable and not any(read.found for read in reads):
        _say(f"error: no entry could be read ({unreadable} skipped); nothing was written",
              err=True)
        return EXIT_FAILED
    papers = project.content_dir / PAPERS_DIR
    papers.mkdir(parents=True, exist_ok=True)
    for attempt in range(1, IMPORT_ATTEMPTS + 1):
        with append.locked(papers):
            try:
                return _import_locked(args, project, reads, default_into, update, rules)
            except append.FileChanged as exc:
                shown = display_path(exc.path, project.root)
                if attempt == IMPORT_ATTEMPTS:
                    _say(f"error: {shown} kept changing while the import ran (saved in an "
                          "editor?); nothing was written: run the import again",
                          err=True)
                    return EXIT_FAILED
                _say(f"  {shown} changed while the import ran; starting over",
                      err=True)
    return EXIT_FAILED  # pragma: no cover - the loop returns


def _import_locked(args: argparse.Namespace, project: Project, reads: list[run.Read],
                   default_into: Path, update: tuple[str, ...],
                   rules: list[tuple[re.Pattern[str], str]]) -> int:
    """Read the list, plan the import against it and write it: under the list's lock."""
    from generator.importers import append, run

    loaded = _load_for(project, "importing")
    if loaded is None:
        return EXIT_INVALID
    planned = run.plan_all(reads, loaded.content.papers, default_into,
                           args.added or date.today(), update, rules)
    additions: dict[Path, list[dict[str, Any]]] = {}
    changes: list[append.Change] = []
    for done in planned:
        _say(done.plan.summary())
        for line in done.plan.listed + done.plan.merged:
            _say(f"  {line}")
        for skipped in done.plan.skipped[len(done.skipped):]:  # those that would not validate
            _say(f"  skipped {skipped}", err=True)
        for note in done.notes:
            _say(f"  note: {note}", err=True)
        additions.setdefault(done.target, []).extend(done.plan.new)
        changes.extend(done.plan.changes)
        if args.dry_run:
            shown = display_path(done.target, project.root)
            for entry in done.plan.new:
                _say(f"  would add {messages.name(entry['id'])} to {shown}: "
                     f"{quote(entry['title'])}")
            for change in done.plan.changes:
                _say(f"  would update {change}")
    if args.dry_run:
        return EXIT_OK
    try:
        files = append.prepare(project.root, additions, changes, date.today())
        append.write_all(files)
    except ContentError as exc:
        _say("import stopped; nothing was written:", err=True)
        _report(exc.problems, root=project.root)
        return EXIT_INVALID
    for target, entries in additions.items():
        if entries:
            _say(f"appended {len(entries)} entries to {display_path(target, project.root)}")
    if changes:
        _say(f"updated {len(changes)} values in existing entries")
    if args.summary:
        _write_summary(Path(args.summary), project, additions, files, args.link_base)
    return EXIT_OK


def _write_summary(path: Path, project: Project, additions: dict[Path, list[dict[str, Any]]],
                   files: Mapping[Path, Any], link_base: str | None) -> None:
    """Markdown for a pull request: the new papers, each linked to its lines in the file,
    and what the curator does next. Titles, ids and file names are outside text: written
    by the GitHub Markdown encoder."""
    from generator.common import github_markdown as gm
    from generator.load.entries import read_file

    lines: list[str] = []
    total = 0
    for target, entries in additions.items():
        if not entries or target not in files:
            continue
        shown = _repository_path(display_path(target, project.root), project.root)
        new_ids = {entry["id"] for entry in entries}
        papers, _ = read_file(shown, files[target].new, date.today())
        lines.append(f"\n{gm.code(shown)}:\n")
        for paper in papers:
            if paper.id in new_ids:
                total += 1
                where = weburl.path(shown) + f"#L{paper.source.line}"
                if link_base:
                    where = f"{link_base.rstrip('/')}/{where}"
                arxiv = f" · arXiv {gm.text(paper.arxiv)}" if paper.arxiv else ""
                lines.append(f"- {gm.link(paper.title, where)}{arxiv}")
    head = (f"**{total} new paper{'' if total == 1 else 's'}**, added with status `to-read` "
            "and listed on the site's Inbox page until they have a tag. To do: give each "
            "paper tags (and a note or a rating if you like), delete the entries that do not "
            "belong, then merge.\n" if total else "No new papers.\n")
    with path.open("a", encoding="utf-8") as stream:
        stream.write(head + "\n".join(lines) + "\n")


def _resolve_summary(lookups: Sequence[Any]) -> str:
    """Markdown for a pull request: what resolve found on arXiv (ids by the GitHub
    Markdown encoder)."""
    from generator.common import github_markdown as gm

    found = [lookup for lookup in lookups if lookup.entry is not None]
    lines = [f"\n**Found on arXiv by title:** {len(found)} of {len(lookups)} looked up."]
    lines += [f"- {gm.code(lookup.paper.id)}: "
              + gm.link(f"arXiv {lookup.entry['arxiv']}",
                        f"https://arxiv.org/abs/{lookup.entry['arxiv']}") for lookup in found]
    if len(found) < len(lookups):
        lines.append("Papers without a confident match are listed in "
                     "`content/arxiv-misses.yaml` and tried again in 30 days.")
    return "\n".join(lines) + "\n"


def cmd_resolve(args: argparse.Namespace) -> int:
    """Look papers without an arXiv id up by title; insert what a confident match gives."""
    from generator.importers import append, resolve, run

    project = _project(args)
    loaded = _load_for(project, "resolving")
    if loaded is None:
        return EXIT_INVALID
    today = date.today()
    misses_file = resolve.misses_path(project.content_dir)
    try:
        match = run.compile_pattern(args.match, "--match")
        misses_shown = display_path(misses_file, project.root)
        misses = resolve.read_misses(misses_file.read_bytes() if misses_file.exists() else None,
                                     misses_shown)
        todo = resolve.candidates(loaded.content.papers, misses, today, match, args.limit)
        waiting = sum(1 for paper in loaded.content.papers if not paper.arxiv) - len(todo)
        _say(f"resolve: {len(todo)} papers to look up on arXiv"
              + (f" ({waiting} others wait: tried recently, filtered out or over the limit)"
                 if waiting else ""))
        lookups = resolve.look_up(todo, CLIENT_FACTORY())
    except SourceError as exc:
        _say(f"error: {exc}; nothing was written", err=True)
        return EXIT_FAILED
    except ContentError as exc:
        print("resolve stopped; nothing was written:", file=sys.stderr)
        _report(exc.problems, root=project.root)
        return EXIT_INVALID
    for lookup in lookups:
        if lookup.entry is None:
            _say(f"  no confident match: {lookup.paper.id} ({quote(lookup.paper.title)})")
        else:
            _say(f"  {lookup.paper.id}: arXiv {lookup.entry['arxiv']}")
    found = [lookup for lookup in lookups if lookup.entry is not None]
    _say(f"resolve: {len(found)} found, {len(lookups) - len(found)} without a confident match")
    if args.dry_run:
        return EXIT_OK
    papers_dir = project.content_dir / PAPERS_DIR
    for attempt in range(1, IMPORT_ATTEMPTS + 1):
        with append.locked(papers_dir):
            now = _load(project)
            by_id = {paper.id: paper for paper in now.content.papers}
            changes = [change for lookup in found
                       if (paper := by_id.get(lookup.paper.id)) is not None and not paper.arxiv
                       and lookup.entry is not None
                       for change in resolve.changes(paper, lookup.entry)]
            old = misses_file.read_bytes() if misses_file.exists() else None
            try:
                new = resolve.misses_yaml(resolve.update_misses(
                    resolve.read_misses(old, misses_shown), lookups, today))
                files = append.prepare(project.root, {}, changes, today)
                if new != old:
                    files[misses_file] = append.Write(new, old)
                append.write_all(files)
                if args.summary:
                    with Path(args.summary).open("a", encoding="utf-8") as stream:
                        stream.write(_resolve_summary(lookups))
                return EXIT_OK
            except ContentError as exc:
                _say("resolve stopped; nothing was written:", err=True)
                _report(exc.problems, root=project.root)
                return EXIT_INVALID
            except append.FileChanged as exc:
                if attempt == IMPORT_ATTEMPTS:
                    _say(f"error: {display_path(exc.path, project.root)} kept changing; "
                          "nothing was written: run resolve again", err=True)
                    return EXIT_FAILED
    return EXIT_FAILED  # pragma: no cover - the loop returns


def cmd_zensical(args: argparse.Namespace) -> int:
    """Build the site with Zensical (Material's successor) instead of MkDocs."""
    from generator.adapters import zensical_build

    project = _project(args)
    try:
        status = zensical_build.build(project, Path(args.site_dir))
    except ContentError as exc:
        _report(exc.problems, root=project.root)
        return EXIT_INVALID
    note = local_address_note(project.settings.site_url or "", os.environ)
    if status == EXIT_OK and note is not None:
        _say(note.replace(" make site ", " make site-zensical "))
    return status


def cmd_build(args: argparse.Namespace) -> int:
    """Build the site with the engine mkdocs.yml names (``engine:`` under the plugin's
    options): ``mkdocs build --strict``, or Zensical. ``make site`` and the Pages workflow
    run this. The site folder is replaced only by a whole new site."""
    import subprocess

    from generator.adapters.site_files import swap_in

    project = _project(args)
    if project.settings.engine == "zensical":
        return cmd_zensical(args)
    site = Path(args.site_dir)
    staging = site.with_name(f".{site.name}.tmp")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict",
                           "--config-file", args.config, "--site-dir", str(staging)],
                          check=False)
    if done.returncode == 0:
        swap_in(staging, site)
    return done.returncode


def cmd_lock_summary(args: argparse.Namespace) -> int:
    """The body of the pull request that proposes a new uv.lock (lock workflow)."""
    from generator.adapters.lock_changes import compare_files

    try:
        changes = compare_files(Path(args.old), Path(args.new))
    except (OSError, ValueError) as exc:  # tomllib's errors are ValueErrors
        _say(f"error: cannot read the lock files: {exc}", err=True)
        return EXIT_FAILED
    text = changes.summary(args.tested, args.run_url)
    if args.summary:
        Path(args.summary).write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    return EXIT_OK


def cmd_update(args: argparse.Namespace) -> int:
    """Take the generator's newest release (the files the project ships) from upstream."""
    from generator.adapters.update import UpdateError, update

    root = Path(args.config).resolve().parent
    try:
        done = update(root, args.source, args.to, args.force, args.dry_run,
                      tuple(args.skip))
    except UpdateError as exc:
        _say(f"error: {exc}; nothing was changed", err=True)
        return EXIT_FAILED
    if done is None:
        _say("update: already on the newest release")
        return EXIT_OK
    for text in done.summary().splitlines():  # the upstream CHANGELOG's lines among them
        _say(text)
    if args.summary:
        Path(args.summary).write_text(done.summary(), encoding="utf-8")
    if args.dry_run:
        _say("(dry run: nothing was changed)")
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

    imp = commands.add_parser("import", help="append papers from arXiv, Hugging Face, BibTeX, "
                                             "CSL-JSON, RIS or an awesome list")
    imp.add_argument("source", nargs="?", metavar="SOURCE",
                     help=f"where the papers come from: {', '.join(SOURCES)}; or a file, "
                          "whose kind names the importer")
    imp.add_argument("inputs", nargs="*",
                     help="files, arXiv ids (arxiv), feed URLs or categories (arxiv-rss)")
    imp.add_argument("--configured", action="store_true",
                     help="run the imports listed under the plugin's 'imports:' in mkdocs.yml")
    imp.add_argument("--query", help="arXiv API search, e.g. 'ti:causal AND cat:cs.CL'")
    imp.add_argument("--max-results", type=int, default=100, help="for --query (100)")
    imp.add_argument("--date", dest="day", type=_parse_date,
                     help="hf-daily: the day's papers (YYYY-MM-DD)")
    imp.add_argument("--into", help="YAML file to append to (default content/papers/inbox.yaml)")
    imp.add_argument("--added", type=_parse_date, help="date the papers join the list (today)")
    imp.add_argument("--tag", action="append", default=[], help="add this tag (repeatable)")
    imp.add_argument("--match", help="keep papers whose title or abstract matches this regex")
    imp.add_argument("--exclude", help="drop papers whose title or abstract matches this regex")
    imp.add_argument("--keywords-as-tags", action="store_true",
                     help="make the source's keywords (RIS KW, BibTeX keywords, CSL keyword) "
                          "tags, slugged")
    imp.add_argument("--update", metavar="FIELDS",
                     help="refresh these fields of papers already listed, e.g. upvotes,org")
    imp.add_argument("--dry-run", action="store_true", help="print what would change")
    imp.add_argument("--summary", metavar="FILE",
                     help="append a Markdown list of the new papers to FILE (a pull request)")
    imp.add_argument("--link-base", metavar="URL",
                     help="with --summary: link lines as URL/path#Lline (a branch on GitHub)")
    imp.set_defaults(run=cmd_import)

    res = commands.add_parser("resolve", help="find papers without an arXiv id on arXiv, by "
                                              "exact title, and add the id, authors and PDF")
    res.add_argument("--match", help="only papers whose title matches this regex")
    res.add_argument("--limit", type=int, default=200,
                     help="look up at most this many papers (200)")
    res.add_argument("--dry-run", action="store_true", help="print what would change")
    res.add_argument("--summary", metavar="FILE",
                     help="append a Markdown summary to FILE (a pull request)")
    res.set_defaults(run=cmd_resolve)

    build = commands.add_parser("build", help="build the site with the engine mkdocs.yml "
                                              "names: MkDocs (--strict) or Zensical")
    build.add_argument("site_dir", nargs="?", default="site")
    build.set_defaults(run=cmd_build)

    zen = commands.add_parser("zensical", help="build the site with Zensical, Material's "
                                               "successor, instead of MkDocs")
    zen.add_argument("site_dir", nargs="?", default="site-zensical")
    zen.set_defaults(run=cmd_zensical)

    lock = commands.add_parser("lock-summary", help="describe a new uv.lock against the old "
                                                    "one, for its pull request")
    lock.add_argument("old", help="the lock file before")
    lock.add_argument("new", help="the lock file after")
    lock.add_argument("--tested", required=True,
                      help="the Python versions make test-all passed on, e.g. '3.11 and 3.12'")
    lock.add_argument("--run-url", help="the workflow run that tested it")
    lock.add_argument("--summary", metavar="FILE", help="write the description to FILE")
    lock.set_defaults(run=cmd_lock_summary)

    upd = commands.add_parser("update", help="take the generator's newest release from the "
                                             "template repository; your files stay as they are")
    upd.add_argument("--from", dest="source", required=True,
                     help="the template repository (a URL or a path)")
    upd.add_argument("--to", help="a release tag like v1.2.3 (default: the newest)")
    upd.add_argument("--force", action="store_true",
                     help="replace project files even if they have local changes")
    upd.add_argument("--dry-run", action="store_true", help="print what would change")
    upd.add_argument("--skip", action="append", default=[], metavar="PATH",
                     help="leave project files under PATH as they are (repeatable)")
    upd.add_argument("--summary", metavar="FILE",
                     help="write the update's description (for a pull request) to FILE")
    upd.set_defaults(run=cmd_update)
    return root


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line, options anywhere: ``import bibtex --dry-run refs.bib`` too.

    argparse reads an import's source and inputs as one run of positionals, so inputs
    after an option come back as extras; they are the import's inputs."""
    command = parser()
    args, extras = command.parse_known_args(argv)
    if extras and args.command == "import" and not any(e.startswith("-") for e in extras):
        if args.source is None:
            command.error(f"unrecognized arguments: {' '.join(extras)}")
        args.inputs = [*args.inputs, *extras]
    elif extras:
        command.error(f"unrecognized arguments: {' '.join(extras)}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    try:
        code: int = args.run(args)
    except SettingsError as exc:
        _report(exc.problems)
        return EXIT_INVALID
    except KeyboardInterrupt:
        _say("interrupted; no file was half-written", err=True)
        return 130
    return code
