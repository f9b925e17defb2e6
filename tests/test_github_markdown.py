"""The import and update pull requests' Markdown: outside text shows as written, and
mentions, links, closes and loads nothing (read as GitHub reads it: GFM, markdown-it-py)."""

from __future__ import annotations

import html
import re
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from generator.adapters.update import Update
from generator.common import github_markdown as gm
from tests.helpers import make_project, run_cli
from tests.safety import check_pull_request_body

HOSTILE_TITLES = [
    "<img src=https://evil.example/t.gif onerror=alert(1)> and <b>bold</b>",
    "Thanks @octocat and @github/security-team, cc a@b.org",
    "Fixes #1", "closes owner/repo#2", "Resolved: #3, fix GH-4 and FIXED https://github.com/o/r/issues/5",
    "see www.evil.example and https://evil.example/x", "[click](javascript:alert(1))",
    "**bold** _em_ `code` ``two`` ~~strike~~ | a | b |", "# heading", "> quote", "1. list",
    "<!-- hidden --> &lt;entity&gt; &#64;octocat", ":+1: $x^2$ \\(y\\)", "line\nbreak\r\nand\ttab",
]
_PIECES = st.sampled_from([
    "@", "#", "1", "gh-", "GH-", "fixes ", "Closes: ", "resolved ", "o/r", "://", "https", "www.",
    "<", ">", "img", "[", "]", "(", ")", "`", "*", "_", "~", "|", "!", "&", ";", "\\", "\n", " ",
    "x", "octocat", ":", "-", ".", "\u200b",
])
TEXT = st.one_of(st.text(), st.lists(_PIECES, max_size=30).map("".join))


def shown(markdown_text: str) -> str:
    """The text a reader sees, zero-width spaces aside."""
    rendered = MarkdownIt("gfm-like", {"linkify": True}).render(markdown_text)
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).replace("\u200b", "").strip()


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_any_text_shows_as_written_and_acts_on_nothing(value: str) -> None:
    written = gm.text(value)
    assert check_pull_request_body(written, "text") == []
    expected = re.sub(r"[\x00-\x08\x0b\x0e-\x1b\x7f-\x84\x86-\x9f]", "\ufffd",
                      " ".join(value.split()).replace("\u200b", ""))
    assert shown(written) == expected.strip()  # a paragraph has no edge spaces


@settings(max_examples=200, deadline=None)
@given(TEXT, TEXT)
@example("Fixes #1 <img src=x> @octocat", "content/papers/a `b` #2.yaml")
def test_a_summary_line_links_only_to_our_file(title: str, path: str) -> None:
    line = f"{gm.code(path)}:\n\n- " + gm.link(title, "https://github.com/o/r/blob/b/"
                                               "content/papers/x.yaml#L3")
    assert check_pull_request_body(line, "summary", ("https://github.com/o/r/blob/b/",)) == []


def test_hostile_titles_show_as_text() -> None:
    for title in HOSTILE_TITLES:
        written = gm.text(title)
        assert check_pull_request_body(written, title) == [], written
        assert shown(written) == " ".join(title.split())
    assert gm.text("@octocat") == "\\@&#8203;octocat"
    # no substring a reader (or a careless check) takes for markup or a mention
    written = gm.text("<img src=x> @octocat Fixes #1 closes o/r#2")
    assert not any(bad in written for bad in ("<img", "@octocat", "Fixes #1", "#2"))
    assert gm.code("a `b`") == "``a `b```" or gm.code("a `b`") == "`` a `b` ``"


def test_the_checks_find_what_github_would_act_on() -> None:
    for raw in ("@octocat", "Fixes #1", "see https://e.org", "<img src=x>", "[a](https://e.org)",
                "closes o/r#2", "GH-3"):
        assert check_pull_request_body(raw, "raw", ("https://github.com/o/r/",)), raw


def test_the_update_pull_request_shows_the_changelog_as_written() -> None:
    changelog = ("## v1.1.0\n\n- Fixes #12, thanks @someone <img src=https://e.org/x.gif>\n"
                 "- ```not a fence``` ~~~\n")
    update = Update((1, 0, 0), (1, 1, 0), ["generator"], changelog, [".github/workflows"],
                    "https://github.com/o/r.git`@x #1")
    body = update.summary()
    assert check_pull_request_body(body, "update") == []
    assert "Fixes #12, thanks @someone" in shown(body)
    assert body.splitlines()[0] == "Update the reading-list generator from v1.0.0 to v1.1.0."


def test_the_import_summary_of_hostile_papers_acts_on_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"list.yaml": "- title: Mine\n  added: 2024-05-01\n"})
    bib = tmp_path / "refs.bib"
    bib.write_text("".join(
        f"@misc{{k{number},\n  title = {{{title.replace('{', '').replace('}', '')}}},\n"
        f"  year = {{2024}}\n}}\n" for number, title in enumerate(HOSTILE_TITLES)),
        encoding="utf-8")
    into = "content/papers/x @octocat `#1` <img src=x>.yaml"
    summary = tmp_path / "summary.md"
    done = run_cli(project, "import", "bibtex", str(bib), "--into", into, "--summary",
                   str(summary), "--link-base", "https://github.com/o/r/blob/automated")
    assert done.returncode == 0, done.stderr
    body = summary.read_text(encoding="utf-8")
    assert check_pull_request_body(body, "summary", ("https://github.com/o/r/blob/",)) == []
    links = re.findall(r'href="([^"]+)"', MarkdownIt("gfm-like").render(body))
    assert len(links) >= len(HOSTILE_TITLES) - 1  # a title that was only markup is skipped
    from urllib.parse import unquote
    assert all(unquote(link).startswith(
        "https://github.com/o/r/blob/automated/content/papers/x @octocat `#1` <img src=x>.yaml#L")
        for link in links)
