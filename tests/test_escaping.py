"""Curator Markdown (notes) and untrusted text: nothing a reader's browser would run."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.entries import unsafe_link
from generator.escape import md_text, safe_markdown
from tests.helpers import make_project, mkdocs_build


@pytest.mark.parametrize("note", [
    "[x](javascript:alert(1))",
    "[x](  JavaScript:alert(1))",
    "[x](java&#115;cript:alert(5))",
    "[x](<javascript:alert(1)>)",
    "![i](data:text/html;base64,PHNjcmlwdD4=)",
    "[r][ref]\n\n[ref]: jav&#97;script:alert(1)",
    "[x](vbscript:msgbox)",
])
def test_script_and_data_links_are_found_as_a_browser_reads_them(note: str) -> None:
    assert unsafe_link(note) is not None


@pytest.mark.parametrize("note", [
    "Weakness in the training data: only English.",
    "See [the code](https://github.com/x/y) and [notes](../other/).",
    "A colon: javascript: is a word here, not a link.",
])
def test_ordinary_notes_pass(note: str) -> None:
    assert unsafe_link(note) is None


def test_safe_markdown_neutralises_html_and_attribute_lists_but_keeps_code() -> None:
    text = "Hi <b>x</b>\n{: onclick=\"alert(6)\" }\nUse `a<b` here."
    out = safe_markdown(text)
    assert "<b>" not in out and "{:" not in out
    assert "`a<b`" in out


def test_a_code_span_never_hides_html_across_a_blank_line() -> None:
    out = safe_markdown("`a\n\n<img src=y onerror=alert(7)>\n\nb`")
    assert "<img" not in out


def test_md_text_leaves_no_markdown_or_html_syntax() -> None:
    out = re.sub(r"&#[0-9]+;", "", md_text("# [x](y) <b> | * _ ` ~ {: .c }"))
    assert not any(c in out for c in "#[]()<>|*_`~{}")


def test_hostile_notes_and_abstracts_build_inert_pages(tmp_path: Path) -> None:
    listing = (
        "- id: evil\n"
        "  title: Evil\n"
        "  added: 2024-05-01\n"
        "  tags: [t]\n"
        "  abstract: 'Hello\"><script>alert(document.domain)</script><meta x=\"'\n"
        "  note: |\n"
        "    Para with <img src=x onerror=alert(1)>\n"
        "    {: onclick=\"alert(6)\" }\n"
        "\n"
        "    `a\n"
        "\n"
        "    <img src=y onerror=alert(7)>\n"
        "\n"
        "    b`\n"
    )
    build = mkdocs_build(make_project(tmp_path, {"list.yaml": listing}))
    assert build.returncode == 0, build.output
    page = (build.site / "papers/evil/index.html").read_text(encoding="utf-8")
    elements = Elements()
    elements.feed(page)
    assert not elements.handlers, elements.handlers
    assert "img" not in elements.tags
    assert all("alert" not in script for script in elements.scripts)
    description = page.split('<meta name="description" content="')[1].split('"')[0]
    assert "<" not in description and "&lt;script&gt;" in description
    for feed in ("feed.xml", "atom.xml", "feed.json"):
        text = (build.site / feed).read_text(encoding="utf-8")
        assert "<script" not in text and "<img" not in text, feed


class Elements(HTMLParser):
    """Every tag, every on* attribute and every script body of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.handlers: list[tuple[str, str]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.handlers += [(tag, name) for name, _ in attrs if name.startswith("on")]
        self._in_script = tag == "script"

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
            self._in_script = False
