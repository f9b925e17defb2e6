"""Test helpers: build real sites into temporary folders and serve them on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import yaml

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


#: Why a test of real files from other projects did not run (one reason, counted once).
SHARED_ABSENT = ("needs ../shared/ beside the checkout (real files from other projects, kept "
                 "on the development machine only); small fixtures in tests/ cover the same code")


def shared_file(relative: str) -> Path:
    """A file from ../shared/, or a skip saying why (the repository must stand alone)."""
    import pytest

    path = SHARED / relative
    if not path.exists():
        pytest.skip(SHARED_ABSENT)
    return path


@dataclass
class Build:
    returncode: int
    output: str
    site: Path


#: The address tests build for, as the Pages workflow would set it for a project site.
SITE_URL = "https://example.github.io/reading-list/"


def repo_config() -> dict[str, Any]:
    """The repository's mkdocs.yml as data, read as MkDocs reads it (``!ENV`` included),
    with the site's address the Pages workflow would give it."""
    from generator.load.settings import _TolerantLoader

    config: dict[str, Any] = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"),
                                       Loader=_TolerantLoader)
    config["site_url"] = SITE_URL
    return config


def make_project(root: Path, papers: Mapping[str, str], config: Mapping[str, object] | None = None,
                 notes: Mapping[str, str] | None = None) -> Path:
    """A project like the repository's, with the given ``content/papers/*.yaml`` files."""
    root.mkdir(parents=True, exist_ok=True)
    settings = repo_config()
    settings["theme"].pop("custom_dir", None)  # the generator brings its own templates
    settings.update(config or {})
    (root / "mkdocs.yml").write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    for name, text in papers.items():
        path = root / "content" / "papers" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for paper_id, text in (notes or {}).items():
        path = root / "content" / "notes" / f"{paper_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def copy_repo_project(target: Path) -> Path:
    """The repository's real mkdocs.yml, content/ and overrides/ in a scratch folder."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "content", target / "content")
    shutil.copytree(REPO / "overrides", target / "overrides")
    return target


def mkdocs_build(project: Path, site: Path | None = None, strict: bool = True,
                 env: Mapping[str, str] | None = None) -> Build:
    site = site or project / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site),
               "--config-file", str(project / "mkdocs.yml")]
    if strict:
        command.append("--strict")
    environ = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL, **(env or {})}
    done = subprocess.run(command, cwd=project, capture_output=True, text=True, env=environ,
                          timeout=600, check=False)
    return Build(done.returncode, done.stdout + done.stderr, site)


def run_cli(project: Path, *args: str, env: Mapping[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=project,
                          capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, "SITE_URL": SITE_URL, **(env or {})})


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as GitHub Pages does: under ``prefix`` (a project site's
    ``/repo``), and the site's own 404.html for a page that is not there."""

    prefix = ""
    #: LinkChecker checks a host that answers with a "LinkChecker" header at full speed
    #: (otherwise it waits 0.1-0.6 s between two requests to it).
    extra_headers: ClassVar[dict[str, str]] = {"LinkChecker": "checked on this machine"}

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def translate_path(self, path: str) -> str:
        if self.prefix:
            if not (path == self.prefix or path.startswith(self.prefix + "/")):
                return str(Path(self.directory) / "__outside_the_prefix__")
            path = path[len(self.prefix):] or "/"
        return super().translate_path(path)

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def free_port() -> int:
    """A port free now, for a site that must know its address before it is built."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serve(directory: Path, port: int = 0, prefix: str = "") -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port unless given) for the length of the
    block, under ``prefix`` (``/reading-list``, as GitHub Pages serves a project site); the
    address yielded includes the prefix."""
    handler = functools.partial(type("Handler", (_QuietHandler,), {"prefix": prefix}),
                                directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
