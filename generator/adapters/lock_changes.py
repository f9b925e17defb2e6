"""Adapter: what a new ``uv.lock`` changes, as the body of the pull request proposing it.

The weekly lock workflow (``.github/workflows/lock.yml``) runs ``uv lock --upgrade``,
runs every test on the new lock itself (a pull request opened with the workflow's own
token starts no workflow), and opens a pull request whose body this module writes: the
packages added, removed or moved to another version, and where the tests ran. Package
names and versions come from a file a tool wrote, so they go through the GitHub Markdown
encoder like any outside text.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from generator.common import github_markdown as gm


def versions(lock: str) -> dict[str, str]:
    """Package name -> version in a ``uv.lock``; the project itself (no registry) left out."""
    data = tomllib.loads(lock)
    found: dict[str, set[str]] = {}
    for package in data.get("package", []):
        source = package.get("source", {})
        if "registry" not in source:
            continue
        found.setdefault(str(package["name"]), set()).add(str(package.get("version", "")))
    # a package locked at two versions (one per Python range) is shown as both
    return {name: ", ".join(sorted(numbers)) for name, numbers in found.items()}


@dataclass(frozen=True, slots=True)
class LockChanges:
    changed: list[tuple[str, str, str]]
    added: list[tuple[str, str]]
    removed: list[tuple[str, str]]

    def __bool__(self) -> bool:
        return bool(self.changed or self.added or self.removed)

    def summary(self, tested: str, run_url: str | None = None) -> str:
        """The pull request's body: a list of the changes, and where ``tested`` ran."""
        lines = ["Newer versions of the packages the site and its tests install, from "
                 f"{gm.code('uv lock --upgrade')}. {gm.code('pyproject.toml')} keeps the "
                 "ranges the code supports; the lock file pins one version of each, so "
                 "every build installs the same.", ""]
        if self:
            lines += [f"- {gm.text(name)}: {gm.text(old)} → {gm.text(new)}"
                      for name, old, new in self.changed]
            lines += [f"- {gm.text(name)}: new, {gm.text(new)}" for name, new in self.added]
            lines += [f"- {gm.text(name)}: {gm.text(old)}, no longer needed"
                      for name, old in self.removed]
        else:
            lines.append("No package changes version.")
        where = gm.link("this workflow run", run_url) if run_url else "this workflow run"
        lines += ["", f"{gm.code('make test-all')} passed on the new lock, on Python "
                      f"{gm.text(tested)}, in {where}. A pull request opened by GitHub "
                      "Actions starts no workflow, so the checks of this pull request do "
                      "not run by themselves: close and reopen it to run them again."]
        return "\n".join(lines) + "\n"


def compare(old: str, new: str) -> LockChanges:
    before, after = versions(old), versions(new)
    return LockChanges(
        changed=[(name, before[name], after[name]) for name in sorted(before.keys() & after)
                 if before[name] != after[name]],
        added=[(name, after[name]) for name in sorted(after.keys() - before.keys())],
        removed=[(name, before[name]) for name in sorted(before.keys() - after.keys())])


def compare_files(old: Path, new: Path) -> LockChanges:
    return compare(old.read_text(encoding="utf-8"), new.read_text(encoding="utf-8"))
