"""One URL reader that never raises: a URL urlsplit rejects is a problem line (links:,
site_url, an importer's fetch) or text (an abstract, a note, a title, an importer's
links), never a ``ValueError`` traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.common import weburl
from generator.enrich.markup import Markup, text_html
from tests.helpers import make_project, mkdocs_build, run_cli
from tests.safety import check_site

CASE = Path(__file__).resolve().parent / "cases" / "unreadable_urls"
UNREADABLE = ("http://[::1/x", "https://[not-an-address]/", "https://example.org:99999/",
              "http://a:port/", "https://a\uff03b.org/", "http://[v1.x/")


def test_the_reader_says_why_and_never_raises() -> None:
    for url in UNREADABLE:
        assert weburl.split(url) is None, url
        assert (weburl.problem(url) or "").startswith("not a readable URL: "), url
        assert weburl.join("https://s.org/a/", url) == url
        assert weburl.is_outside(url)
    assert weburl.problem("http://[::1/x") == "not a readable URL: invalid IPv6 URL"
    assert weburl.split("https://e.org/a?b#c") is not None
    assert weburl.join("https://s.org/a/", "../b/") == "https://s.org/b/"
    assert weburl.path('papers/x" onmouseover="a(1)".yaml') == (
        "papers/x%22%20onmouseover%3D%22a%281%29%22.yaml")


@settings(max_examples=500)
@given(st.text(), st.text())
def test_any_text_is_read_without_raising(url: str, base: str) -> None:
    parts = weburl.split(url)
    assert (parts is None) == (weburl.problem(url) is not None)
    weburl.join(base, url)
    text_html(f"see http://{url} and https://[{url}")


def test_unreadable_urls_in_prose_are_text() -> None:
    assert text_html("see http://[::1/x now") == "see http://[::1/x now"
    note = Markup().html("[a](http://[::1/x) <http://[::1/y> ![i](http://[::1/z.png)",
                         "papers/p.md")
    assert "href" not in note and "src" not in note
    assert "<a>a</a>" in note


@pytest.mark.slow
def test_a_site_with_unreadable_urls_builds(tmp_path: Path) -> None:
    """The golden case without its bad links: check is ok and the build too (MkDocs,
    every output walked)."""
    project = make_project(tmp_path, {})
    shutil.copytree(CASE / "notes", project / "content" / "notes")
    text = (CASE / "papers" / "list.yaml").read_text(encoding="utf-8")
    prose = text[text.index("- title: Brackets in an abstract"):]
    (project / "content" / "papers").mkdir(parents=True, exist_ok=True)
    (project / "content" / "papers" / "list.yaml").write_text(prose, encoding="utf-8")
    check = run_cli(project, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    assert "Traceback" not in build.output
    assert check_site(build.site) == []
    page = (build.site / "papers" / "abstract" / "index.html").read_text(encoding="utf-8")
    assert "See http://[::1/x and" in page and 'href="http://[' not in page


def test_an_unreadable_site_url_is_a_problem_line(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"l.yaml": "- title: A\n  added: 2024-05-01\n"},
                           {"site_url": "http://[::1/x"})
    done = run_cli(project, "check")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "site_url: feeds need an absolute http(s) address like" in done.stdout
    assert "got 'http://[::1/x' (not a readable URL: invalid IPv6 URL)" in done.stdout


def test_an_importers_unreadable_urls_are_dropped_or_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"l.yaml": "- title: Mine\n  added: 2024-05-01\n"})
    daily = json.loads((Path(__file__).parent / "fixtures" / "hf_daily_sample.json")
                       .read_text(encoding="utf-8"))
    daily[0]["paper"]["githubRepo"] = "http://[::1/x"
    daily[0]["paper"]["projectPage"] = "https://example.org:99999/"
    saved = tmp_path / "daily.json"
    saved.write_text(json.dumps(daily), encoding="utf-8")
    done = run_cli(project, "import", "hf-daily", str(saved))
    assert done.returncode == 0, done.stderr
    written = (project / "content" / "papers" / "inbox.yaml").read_text(encoding="utf-8")
    assert "[::1" not in written and "99999" not in written
    assert "Daily Paper With Everything" in written
    # a feed address that cannot be read is refused with a line, before any request
    done = run_cli(project, "import", "arxiv-rss", "http://[::1/feed")
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("error: ") and len(done.stderr.splitlines()) == 1


def test_the_client_refuses_an_unreadable_url_before_any_request() -> None:
    from generator.importers.client import Client, FetchError

    asked: list[object] = []
    client = Client(opener=lambda request, timeout: asked.append(request))  # type: ignore[arg-type,func-returns-value]
    with pytest.raises(FetchError, match="not a readable URL"):
        client.get("http://[::1/x")
    assert asked == []
