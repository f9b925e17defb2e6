"""The built site checked by tools nobody here wrote: the Nu HTML checker (vnu, from npm)
and LinkChecker (from PyPI), over the whole site. axe-core runs in
tests/test_accessibility.py."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO, Build, serve

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: Material's own search input has an autocomplete attribute vnu refuses on its type.
MATERIAL_ONLY = re.compile(r"Attribute “autocomplete” is only allowed when the input type is")
LINKCHECKER_CONFIG = """\
[checking]
threads=4
maxrequestspersecond=1000
[filtering]
ignore=
  ^https?://(?!127\\.0\\.0\\.1)
  ^mailto:
checkextern=0
[AnchorCheck]
"""


@pytest.mark.slow
def test_every_page_is_valid_html(repo_site: Build) -> None:
    if not shutil.which("java"):
        pytest.fail("java is missing: the Nu HTML checker (vnu.jar) runs on Java 8 or newer")
    if not VNU.exists():
        pytest.fail("vnu.jar is missing: run 'make test' (npm ci installs it)")
    done = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--skip-non-html",
                           str(repo_site.site)], capture_output=True, text=True, check=False,
                          timeout=600)
    errors = [line for line in done.stderr.splitlines() if line.strip()
              and not MATERIAL_ONLY.search(line)]
    assert errors == []


@pytest.mark.slow
def test_no_internal_link_or_anchor_is_broken(repo_site: Build, tmp_path: Path) -> None:
    config = tmp_path / "linkcheckerrc"
    config.write_text(LINKCHECKER_CONFIG, encoding="utf-8")
    with serve(repo_site.site, prefix="/reading-list") as base:
        done = subprocess.run(
            [sys.executable, "-m", "linkcheck", "-f", str(config), "--no-status", "-o", "text",
             f"{base}/"], capture_output=True, text=True, check=False, timeout=600)
    summary = re.search(r"(\d+) links? in \d+ URLs? checked\. (\d+) warnings? found\. "
                        r"(\d+) errors? found", done.stdout)
    assert summary, done.stdout + done.stderr
    assert int(summary.group(1)) > 300  # it walked the site
    assert summary.group(3) == "0", done.stdout
