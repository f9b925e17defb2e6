"""Nothing from outside runs: hostile notes and fields, built into a real site, come out
inert in every page, feed and search index; curator Markdown still renders as written."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.enrich import html_policy
from generator.enrich.markup import Markup, text_html
from tests.helpers import Build, make_project, mkdocs_build, run_cli, serve
from tests.safety import check_bibtex, check_html, check_site, forged, runnable_url

CASES = Path(__file__).resolve().parent / "cases"
HOSTILE = CASES / "hostile_markdown"


def hostile_project(root: Path) -> Path:
    project = make_project(root, {})
    shutil.copytree(HOSTILE / "papers", project / "content" / "papers", dirs_exist_ok=True)
    shutil.copytree(HOSTILE / "notes", project / "content" / "notes", dirs_exist_ok=True)
    shutil.copy(HOSTILE / "intro.md", project / "content" / "intro.md")
    return project


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = mkdocs_build(hostile_project(tmp_path_factory.mktemp("hostile")))
    assert build.returncode == 0, build.output
    return build


def test_the_walker_finds_what_it_looks_for() -> None:
    """The site walk below can fail: each of these is caught."""
    for bad in ('<a href="java&#x09;script:alert(1)">x</a>', "<img src=x onerror=alert(1)>",
                "<script>alert('pwned')</script>", '<iframe src="https://e.org"></iframe>',
                '<script type="application/ld+json">{"a": "</script><b>"}</script>',
                '<meta name="description" content="x" pwned="y">',
                '<div style="background:url(javascript:x)">'):
        assert check_html(bad, "bad"), bad
    assert check_bibtex("@misc{a, title={x}}}", "bad.bib")
    assert not check_html('<a href="https://e.org/" rel="nofollow">pwned as text</a>', "ok")


@pytest.mark.slow
def test_every_output_of_the_hostile_site_is_inert(hostile_site: Build) -> None:
    pages = list(hostile_site.site.rglob("*.html"))
    assert len(pages) > 86  # one per hostile paper, and the listings
    assert check_site(hostile_site.site) == []
    assert forged(hostile_site.output) == []  # the build's log holds no workflow command


@pytest.mark.slow
def test_hostile_text_is_shown_as_text(hostile_site: Build) -> None:
    site = hostile_site.site
    page = (site / "papers/hostile-field-1/index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt;" in page or \
        "&lt;script&gt;alert('pwned')&lt;/script&gt;" in page
    pages = "".join(path.read_text(encoding="utf-8")
                    for path in sorted((site / "papers").glob("*/index.html")))
    # an image from outside the site is a link to it: the page makes no outside request
    assert 'src="https://evil.example' not in pages
    assert ('<a href="https://evil.example/track.gif" rel="nofollow noopener noreferrer">'
            "image</a>") in pages
    assert ('<a href="https://evil.example/pixel.png" rel="nofollow noopener noreferrer">'
            "tracker</a>") in pages
    # a code block shows what was written
    assert ("<pre><code>&lt;/code&gt;&lt;/pre&gt;&lt;img src=x onerror=alert('pwned')&gt;"
            in pages)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="papers/hostile-001/"' in home  # the intro's link to a paper, resolved


def test_notes_render_as_curators_expect() -> None:
    markup = Markup()
    here = "papers/p.md"
    assert markup.html("Code: <https://github.com/a/b>", here) == (
        '<p>Code: <a href="https://github.com/a/b" rel="nofollow noopener noreferrer">'
        "https://github.com/a/b</a></p>")
    assert markup.html("Use `a<b` and `{x}`", here) == (
        "<p>Use <code>a&lt;b</code> and <code>{x}</code></p>")
    assert markup.html("```\nif a < b: {x}\n```", here) == (
        "<pre><code>if a &lt; b: {x}\n</code></pre>")
    assert markup.html("    indented <tag>\n", here) == (
        "<pre><code>indented &lt;tag&gt;\n</code></pre>")
    assert markup.html("See [that](other.md#method) and ![fig](../img/f.png)", here) == (
        '<p>See <a href="../../papers/other/#method">that</a> and '
        '<img alt="fig" src="../../img/f.png"></p>')
    table = markup.html("| a | b |\n|:--|--:|\n| 1 | 2 |", here)
    assert '<th style="text-align:left">a</th>' in table
    assert "<em>x</em>" in markup.html("*x* <b>kept</b> <u>too</u>", here)


def test_plain_text_is_escaped_and_bare_urls_become_links() -> None:
    out = text_html("Code at https://github.com/x/y. Also (https://e.org/a_(b)) & <b>.")
    assert out == (
        'Code at <a href="https://github.com/x/y" rel="nofollow noopener noreferrer">'
        'https://github.com/x/y</a>. Also (<a href="https://e.org/a_(b)" '
        'rel="nofollow noopener noreferrer">https://e.org/a_(b)</a>) &amp; &lt;b&gt;.')
    assert text_html('x https://e.org/"onmouseover="alert(1)') == (
        'x <a href="https://e.org/" rel="nofollow noopener noreferrer">https://e.org/</a>'
        '"onmouseover="alert(1)')


def test_the_policy_keeps_what_markdown_makes_and_drops_the_rest() -> None:
    kept = "<p><strong>a</strong> <code>b</code></p><ul><li>c</li></ul><blockquote>d</blockquote>"
    assert html_policy.clean(kept) == kept
    assert html_policy.clean('<a href="mailto:a@b.org">m</a>') == (
        '<a href="mailto:a@b.org" rel="nofollow noopener noreferrer">m</a>')
    assert html_policy.clean('<a href="../x/">in</a>') == '<a href="../x/">in</a>'
    assert html_policy.clean('<a href="file:///etc/passwd">f</a>') == "<a>f</a>"
    assert html_policy.absolute('<a href="../x/">in</a>', "https://s.org/l/papers/p/") == (
        '<a href="https://s.org/l/papers/x/">in</a>')
    assert html_policy.clean('<div class="admonition evil note">x</div>') == (
        '<div class="admonition note">x</div>')


# Random Markdown mixed with HTML fragments, backticks, brackets and entities.
_PIECES = st.sampled_from([
    "[", "]", "(", ")", "<", ">", "`", "``", "!", "*", "_", "\n", "\n\n", "    ", "> ", "- ",
    "1. ", "#", "|", ":", '"', "'", "=", "&", "&#", ";", "x", "javascript:", "jav&#x09;ascript:",
    "data:", "vbscript:", "alert('pwned')", "<a href=", "<img src=", " onerror=", " onclick=",
    "<script>", "</script>", "<svg", "<math", "<iframe", "<!--", "-->", "<![CDATA[", "]]>",
    "[r]: ", "[r]", "{: ", "}", "https://e.org/", "\\", "~~~", "```", "<style>", "<base ",
    "&colon;", "&#106;", "\t", "<details open ontoggle=", "xlink:href=",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_random_markdown_comes_out_inert(text: str) -> None:
    html = Markup().html(text, "papers/p.md")
    assert check_html(html, "note", page=False) == []
    assert "<script" not in html.lower() and "<iframe" not in html.lower()
    again = html_policy.absolute(html, "https://s.org/papers/p/")
    assert check_html(again, "feed", page=False) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_random_plain_text_comes_out_inert(text: str) -> None:
    html = text_html(text)
    assert check_html(html, "abstract", page=False) == []
    assert re.sub(r"<a [^>]*>|</a>", "", html).count("<") == 0  # only our links are tags


class _ProseLinks(HTMLParser):
    """Counts links inside the elements that hold outside prose."""

    PROSE = frozenset({"admonition", "rl-long-note", "rl-intro", "rl-abstract"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.links = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "img", "hr", "input", "meta", "link", "source"):
            return
        classes = set((dict(attrs).get("class") or "").split())
        inside = bool(self.stack and self.stack[-1]) or bool(classes & self.PROSE)
        self.links += tag == "a" and inside
        self.stack.append(inside)

    def handle_endtag(self, tag: str) -> None:
        if self.stack and tag not in ("br", "img", "hr", "input", "meta", "link", "source"):
            self.stack.pop()


def prose_links(page: str) -> int:
    parser = _ProseLinks()
    parser.feed(page)
    return parser.links


#: In the page: a link that would load another page is followed no further than the
#: click (the test stays on the page); any other (javascript:, data:) runs as a browser
#: runs it.
STAY = """
document.addEventListener("click", event => {
  const link = event.target.closest("a");
  if (link && /^(https?:|mailto:|[^:]*$)/i.test(link.getAttribute("href") || "")) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
"""


@pytest.mark.browser
@pytest.mark.slow
def test_clicking_every_link_in_hostile_notes_runs_nothing(hostile_site: Build,
                                                           page: Any) -> None:
    """Chromium loads every hostile page and clicks every link in the notes, the long
    note, the abstracts and the intro: no dialog (alert, confirm, prompt) ever opens."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(STAY)
    site = hostile_site.site
    # the pages whose notes, abstract or intro hold a link at all
    uris = [path.parent.relative_to(site).as_posix().removeprefix(".") for path in
            [site / "index.html", *sorted((site / "papers").glob("*/index.html"))]
            if prose_links(path.read_text(encoding="utf-8"))]
    selector = ".admonition a, .rl-long-note a, .rl-intro a, .rl-abstract a"
    clicked = 0
    with serve(site) as base:
        for uri in uris:
            uri = f"{uri}/" if uri else ""
            page.goto(f"{base}/{uri}", wait_until="domcontentloaded")
            links = page.locator(selector)
            for index in range(links.count()):
                assert not runnable_url(links.nth(index).get_attribute("href") or ""), uri
                links.nth(index).click(timeout=5000)
                clicked += 1
            page.wait_for_timeout(20)
            assert dialogs == [], uri
            assert page.url == f"{base}/{uri}"
    assert clicked > 30


@pytest.mark.browser
@pytest.mark.slow
def test_hostile_titles_on_the_explore_page_are_text(hostile_site: Build, page: Any) -> None:
    """explore.json holds titles as plain text; the page's script shows them as text."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with serve(hostile_site.site, prefix="/reading-list") as base:
        page.goto(f"{base}/explore/?title=pwned")
        page.wait_for_selector("#rl-explore[data-ready]")
        results = page.locator(".rl-explore__results")
        assert results.locator("li").count() >= 2
        assert results.locator("script, img, svg, iframe").count() == 0
        assert "<script>alert('pwned')</script>" in results.inner_text()
        page.wait_for_timeout(200)
    assert dialogs == []


@pytest.mark.browser
@pytest.mark.slow
def test_hostile_titles_in_search_results_are_text(hostile_site: Build, page: Any) -> None:
    """The papers' index holds plain text; the search worker escapes it before Material
    puts it into the result list, so nothing in a title or abstract runs there."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with serve(hostile_site.site, prefix="/reading-list") as base:
        page.goto(f"{base}/")
        box = page.get_by_role("textbox", name="Search")
        box.click()
        box.press_sequentially("pwned", delay=30)
        results = page.locator(".md-search-result__item")
        results.first.wait_for(timeout=10_000)
        assert results.count() >= 2
        listed = page.locator(".md-search-result__list")
        assert listed.locator("script, img, svg:not(.md-icon svg), iframe").count() == 0
        assert "alert(" in listed.inner_text()  # shown as text
        page.wait_for_timeout(200)
    assert dialogs == []


#: Papers files named as an attacker would: an attribute breakout, URL syntax, a line
#: break into a workflow command, markup.
HOSTILE_FILE_NAMES = ('x" onmouseover="alert(1)" a=".yaml', "a b#c?d%e&f=g.yaml",
                      "ünï <b>'q'`.yaml", "x\n::error file=README.md::forged ##[add-mask]y.yaml")


@pytest.mark.slow
def test_file_names_are_encoded_in_every_url_made_from_them(tmp_path: Path) -> None:
    """Built as the Pages workflow builds (REPO_URL and EDIT_URI read with !ENV), each
    paper page's edit and view buttons open its own file, and nothing in a file name
    becomes an attribute, a link elsewhere or a workflow command; check says ok exactly
    when the build is fine."""
    papers = {name: (f"- id: paper-{number}\n  title: Paper {number} $\\unknowncommand$\n"
                     f"  added: 2024-05-0{number + 1}\n  tags: [t]\n")
              for number, name in enumerate(HOSTILE_FILE_NAMES)}
    project = make_project(tmp_path / "project", papers)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8")
                      .replace("repo_url: null", "repo_url: !ENV [REPO_URL, null]")
                      .replace("edit_uri: null", "edit_uri: !ENV [EDIT_URI, null]"),
                      encoding="utf-8")
    env = {"REPO_URL": "https://github.com/o/r", "EDIT_URI": "edit/main/content/",
           "GITHUB_ACTIONS": "true"}
    check = run_cli(project, "check", env=env)
    build = mkdocs_build(project, env=env)
    assert check.returncode == 0 and build.returncode == 0, check.stdout + build.output
    assert check_site(build.site) == []
    assert forged(check.stdout + check.stderr) == [] and forged(build.output) == []
    for number, name in enumerate(HOSTILE_FILE_NAMES):
        page = (build.site / f"papers/paper-{number}/index.html").read_text(encoding="utf-8")
        buttons = re.findall(r'<a href="([^"]*)"[^>]*class="md-content__button', page)
        assert [unquote(href) for href in buttons] == [
            f"https://github.com/o/r/{kind}/main/content/papers/{name}"
            for kind in ("edit", "raw")], buttons
        assert all(re.fullmatch(r"[A-Za-z0-9:/._~%-]+", href) for href in buttons), buttons
