"""Nothing from a note or an abstract draws outside its own box: MathML that moves or
resizes content (tests/cases/hostile_math) is built into a site and laid out by Chromium;
no point outside a note, an abstract or a card's text hits anything inside it, and the
page's own buttons and the neighbouring cards stay on top where they are."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.enrich import html_policy
from tests.helpers import Build, make_project, mkdocs_build, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CASE = Path(__file__).resolve().parent / "cases" / "hostile_math"
#: What holds text from outside: a note, a long note, an abstract, a card's teaser or note.
OUTSIDE_TEXT = (".admonition, .rl-long-note, .rl-abstract, .rl-card__teaser, .rl-card__note, "
                ".rl-card__abstract, .rl-intro, .rl-card p, h1")
#: The page's own furniture, which nothing from outside may cover.
OURS = (".md-content__button, .rl-links .md-button, .rl-meta, .rl-cite, .md-tags, "
        ".rl-related, .md-header, .md-tabs, .rl-card, .rl-actions, .md-search")

#: For each box holding outside text: points on a grid over the viewport, scrolled to
#: the box, that hit an element inside it but lie outside its box (with a pixel of
#: tolerance for antialiasing); and for each element of ours, points inside it that hit
#: outside text that is not its own.
ESCAPES = """([outsideSel, oursSel]) => {
  const holders = [...document.querySelectorAll(outsideSel)];
  const found = [];
  const owner = el => holders.find(h => h.contains(el));
  for (const box of holders) {
    box.scrollIntoView({block: "center"});
    const r = box.getBoundingClientRect();
    for (let x = 2; x < innerWidth; x += 12) {
      for (let y = 2; y < innerHeight; y += 12) {
        const hit = document.elementFromPoint(x, y);
        if (!hit || !box.contains(hit) || hit === box) continue;
        if (x < r.left - 1 || x > r.right + 1 || y < r.top - 1 || y > r.bottom + 1) {
          found.push(`${hit.tagName} ${hit.textContent.slice(0, 30)} at ${x},${y} outside ` +
                     `${box.className || box.tagName} ${JSON.stringify(r)}`);
        }
      }
    }
  }
  for (const mine of document.querySelectorAll(oursSel)) {
    mine.scrollIntoView({block: "center"});
    const r = mine.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    for (let i = 1; i < 8; i++) {
      for (let j = 1; j < 8; j++) {
        const x = r.left + r.width * i / 8, y = r.top + r.height * j / 8;
        if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
        const hit = document.elementFromPoint(x, y);
        const from = hit && owner(hit);
        if (from && !mine.contains(from) && !from.contains(mine)) {
          found.push(`${hit.tagName} ${hit.textContent.slice(0, 30)} covers ` +
                     `${mine.className || mine.tagName} at ${x},${y}`);
        }
      }
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def math_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = tmp_path_factory.mktemp("math")
    project = make_project(root, {}, {"repo_url": "https://github.com/o/r",
                                      "edit_uri": "edit/main/content/"})
    shutil.copytree(CASE / "papers", project / "content" / "papers", dirs_exist_ok=True)
    shutil.copytree(CASE / "notes", project / "content" / "notes", dirs_exist_ok=True)
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    return build


def test_the_policy_drops_what_moves_or_resizes_math() -> None:
    cleaned = html_policy.clean(
        '<math><mpadded voffset="-9em" lspace="-9em" width="0" height="0" depth="0"><mi>x'
        '</mi></mpadded><mstyle scriptlevel="-9" mathsize="90em"><mi>y</mi></mstyle>'
        '<mspace width="-5em"></mspace><mspace width="1em"></mspace>'
        '<mspace width="negativethinmathspace"></mspace><mspace width="thinmathspace"></mspace>'
        '<mo lspace="-2em" rspace="0.2em" minsize="60em">(</mo><mo maxsize="1.2em">)</mo>'
        '<mtable width="90em" columnspacing="-1em 1em" rowspacing="0.5ex"><mtr><mtd>'
        '<mi>z</mi></mtd></mtr></mtable><mfrac linethickness="40em"><mi>a</mi><mi>b</mi>'
        '</mfrac><mstyle scriptlevel="1" displaystyle="true"><mi>s</mi></mstyle></math>')
    assert cleaned == (
        '<math><mpadded><mi>x</mi></mpadded><mstyle><mi>y</mi></mstyle>'
        '<mspace></mspace><mspace width="1em"></mspace>'
        '<mspace></mspace><mspace width="thinmathspace"></mspace>'
        '<mo rspace="0.2em">(</mo><mo maxsize="1.2em">)</mo>'
        '<mtable rowspacing="0.5ex"><mtr><mtd><mi>z</mi></mtd></mtr></mtable>'
        '<mfrac><mi>a</mi><mi>b</mi></mfrac>'
        '<mstyle scriptlevel="1" displaystyle="true"><mi>s</mi></mstyle></math>')


@pytest.mark.parametrize("width", [1280, 390])
def test_nothing_from_a_note_or_an_abstract_covers_another_element(
        math_site: Build, browser: Any, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        "http://127.0.0.1:") else route.abort())
    try:
        with serve(math_site.site) as base:
            for path in ("/", "/papers/cover/", "/papers/long/", "/tags/math/"):
                page.goto(base + path)
                page.wait_for_load_state("load")
                for details in page.locator("details.rl-card__abstract").all():
                    details.evaluate("element => element.open = true")
                assert page.evaluate(ESCAPES, [OUTSIDE_TEXT, OURS]) == [], path
    finally:
        context.close()
