"""Adapter: keep a copy of the template current: take the generator's newer release only.

A repository made from the template (or forked) holds two kinds of files. What the
project ships (``PROJECT_PATHS``: the generator with its templates, the tests, the
workflows, the build files) is replaced as a whole by a newer tagged release of the
upstream repository; what the curator owns (``content/``, ``mkdocs.yml``, ``overrides/``,
the README, anything else) is never read or written. So an update cannot conflict with
a curator's work: the two never share a file. The site's look ships inside the package
(``generator/adapters/theme``), and the settings it needs are added by the plugin, so neither
lives in a curator's files.

Upstream releases are git tags ``vMAJOR.MINOR.PATCH``; the version of a checkout is the
one in its ``pyproject.toml``.
"""

from __future__ import annotations

import re
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

from generator.common import github_markdown as gm
from generator.common import weburl
from generator.common.messages import quote

#: Files and folders the project owns; everything else is the curator's.
PROJECT_PATHS = (
    "generator", "tests", "benchmarks", ".ci", ".github/workflows/pages.yml",
    ".github/workflows/import.yml", ".github/workflows/update.yml",
    ".github/workflows/lock.yml", "Makefile", "pyproject.toml", "uv.lock", "package.json",
    "package-lock.json", "ARCHITECTURE.md", "CONTRIBUTING.md", "CHANGELOG.md",
    ".gitattributes", "examples",
)
#: Where fetched release tags are kept, apart from the copy's own tags.
TAGS = "refs/reading-list/tags"
_VERSION_TAG = re.compile(r"^v(\d+)\.(\d+)\.(\d+)$")
#: URL schemes git may fetch a release over; anything else (``ext::``, ``fd::``, a helper
#: named by the source) is refused.
GIT_SCHEMES = frozenset({"https", "http", "ssh", "git", "file"})
#: git's scp-like address, ``user@host:path``: no ``/`` before the colon, no ``::``
#: (git reads ``transport::address`` as a remote helper).
_SCP_LIKE = re.compile(r"^(?:[A-Za-z0-9._~+-]+@)?[A-Za-z0-9][A-Za-z0-9.-]*:(?!:)[^\x00-\x20]*$")


class UpdateError(Exception):
    """The update cannot be done; the message says why, and nothing was changed."""


def check_source(root: Path, source: str) -> None:
    """Refuse a source git could read as an option or a command: it must be a URL git
    fetches over (``GIT_SCHEMES``), an scp-like ``user@host:path``, or a path that exists
    (a clone or a bundle). ``--upload-pack=touch X;false`` is none of these.

    Values also go to git after ``--`` or ``--end-of-options``, so git never reads one as
    an option whatever this check lets through.
    """
    parts = weburl.split(source)
    url = (parts is not None and parts.scheme.lower() in GIT_SCHEMES
           and (bool(parts.netloc) or parts.scheme.lower() == "file")
           and not (parts.hostname or "").startswith("-") and source.isprintable())
    scp_like = bool(_SCP_LIKE.match(source)) and "::" not in source and "://" not in source
    path = bool(source) and not source.startswith("-") and (root / source).exists()
    if not (url or scp_like or path):
        raise UpdateError(f"--from {quote(source)}: expected the template repository as a "
                          "URL (https://github.com/OWNER/REPO.git), user@host:path, or a "
                          "path that exists")


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        said = " ".join((done.stderr or done.stdout).split())  # one line: it is printed
        raise UpdateError(f"git {' '.join(args[:2])}: {said}")
    return done.stdout


def version_of(pyproject_text: str) -> tuple[int, int, int]:
    try:
        version = str(tomllib.loads(pyproject_text)["project"]["version"])
    except (tomllib.TOMLDecodeError, KeyError):
        raise UpdateError("pyproject.toml names no [project] version") from None
    numbers = re.match(r"^(\d+)\.(\d+)\.(\d+)", version)
    if not numbers:
        raise UpdateError(f"pyproject.toml: version {version!r} is not MAJOR.MINOR.PATCH")
    major, minor, patch = (int(n) for n in numbers.groups())
    return major, minor, patch


def _label(version: tuple[int, int, int]) -> str:
    return "v" + ".".join(str(n) for n in version)


@dataclass(frozen=True, slots=True)
class Update:
    current: tuple[int, int, int]
    target: tuple[int, int, int]
    changed: list[str]
    """Project paths whose content the update changed."""
    changelog: str
    """The CHANGELOG's sections newer than the current version."""
    left: list[str]
    """Project paths that changed upstream but were left as they are (``skip``)."""
    source: str = ""

    def summary(self) -> str:
        """The pull request's body (GitHub Markdown): the source and the upstream
        CHANGELOG are outside text, written by the GitHub Markdown encoder."""
        changed = ", ".join(gm.code(path) for path in self.changed) or "none"
        text = (f"Update the reading-list generator from {_label(self.current)} to "
                f"{_label(self.target)}.\n\nOnly files the project ships change "
                f"({changed}); your content, mkdocs.yml, "
                "overrides and README are untouched. Check that the site builds, then "
                "merge.\n")
        if self.left:
            left = ", ".join(gm.code(path) for path in self.left)
            text += (f"\nThese changed too but were left as they are: {left}. "
                     "GitHub does not let a workflow change workflow files; take them on "
                     "your computer with "
                     f"{gm.code(f'python -m generator update --from {self.source}')}.\n")
        if self.changelog.strip():
            text += "\nWhat the new releases change, from their CHANGELOG:\n\n"
            text += gm.code_block(self.changelog.strip())
        return text


def newest_release(root: Path, source: str) -> tuple[tuple[int, int, int], str]:
    """Fetch the release tags of ``source`` and return the newest one and its ref."""
    check_source(root, source)
    _git(root, "fetch", "--quiet", "--no-tags", "--force", "--", source,
         f"+refs/tags/v*:{TAGS}/v*")
    versions = []
    for ref in _git(root, "for-each-ref", "--format=%(refname)", TAGS).split():
        match = _VERSION_TAG.match(ref.rsplit("/", 1)[-1])
        if match:
            versions.append((tuple(int(n) for n in match.groups()), ref))
    if not versions:
        raise UpdateError(f"{quote(source)} has no release tags (v1.2.3)")
    (major, minor, patch), ref = max(versions)
    return (major, minor, patch), ref


def _changelog_since(text: str, version: tuple[int, int, int]) -> str:
    """The sections of a CHANGELOG (``## v1.2.3`` or ``## 1.2.3`` headings) newer than
    ``version``."""
    kept: list[str] = []
    keep = False
    for line in text.splitlines():
        heading = re.match(r"^##\s+\[?v?(\d+)\.(\d+)\.(\d+)", line)
        if heading:
            keep = tuple(int(n) for n in heading.groups()) > version
        if keep:
            kept.append(line)
    return "\n".join(kept)


def update(root: Path, source: str, to: str | None = None, force: bool = False,
           dry_run: bool = False, skip: tuple[str, ...] = ()) -> Update | None:
    """Replace the project's files in the git work tree ``root`` with those of ``source``'s
    newest release (or the tag ``to``); None when the copy is already current.

    Changes are left staged for a commit (the update workflow opens a pull request).
    Local edits to project files stop the update unless ``force``.
    """
    if not (root / ".git").exists():
        raise UpdateError(f"{root} is not the top of a git repository")
    current = version_of((root / "pyproject.toml").read_text(encoding="utf-8"))
    if to:
        match = _VERSION_TAG.match(to)
        if not match:
            raise UpdateError(f"--to {to!r}: expected a release tag like v1.2.3")
        newest_release(root, source)
        ref = f"{TAGS}/{to}"
        _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", ref)
        major, minor, patch = (int(n) for n in match.groups())
        target = (major, minor, patch)
    else:
        target, ref = newest_release(root, source)
        if target <= current:
            return None
    edited = _git(root, "status", "--porcelain", "--", *PROJECT_PATHS).strip()
    if edited and not force:
        names = ", ".join(line[3:] for line in edited.splitlines())  # git quotes odd names
        raise UpdateError("these files of the project have local changes, which the update "
                          f"would replace: {names}; commit or drop them, or use --force")
    differ = [path for path in PROJECT_PATHS
              if _git(root, "diff", "--name-only", "--end-of-options", ref, "--", path).strip()]
    changed = [path for path in differ if not path.startswith(skip)]
    changelog = _changelog_since(_git(root, "show", "--end-of-options", f"{ref}:CHANGELOG.md")
                                 if _exists(root, ref, "CHANGELOG.md") else "", current)
    result = Update(current, target, changed, changelog,
                    [path for path in differ if path not in changed], source)
    if dry_run:
        return result
    for path in changed:
        _git(root, "rm", "-r", "-q", "--ignore-unmatch", "--", path)
        if _exists(root, ref, path):
            # git 2.39's checkout refuses --end-of-options here; ref is ours (refs/...)
            _git(root, "checkout", ref, "--", path)
    return result


def _exists(root: Path, ref: str, path: str) -> bool:
    return subprocess.run(["git", "cat-file", "-e", "--end-of-options", f"{ref}:{path}"],
                          cwd=root, capture_output=True, check=False).returncode == 0
