"""A reader's first minute (issue 24): cards in the curator's voice, a way to every paper,
papers on the first screen, Explore that guides, an archive and stats worth opening, no
clutter, and feeds a person can subscribe to. Built sites read back with lxml, and the
same sites in Chromium at 1280x800 and 390x844."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest

from generator.enrich.card_note import LIMIT, card_note, html_text, shorten
from generator.enrich.markup import Markup
from tests.helpers import SITE_URL, Build, make_project, mkdocs_build, run_cli, serve
from tests.test_reading import shipped_papers

SCREENS = {"desktop": (1280, 800), "phone": (390, 844)}

LONG_NOTE = (
    "The *cleanest* test of [pure causal inference](https://example.org/ci): questions are "
    "built from `causal graphs`, so world knowledge cannot help. Read it before the other "
    "benchmarks on this list, since every one of them borrows its setting. Three things "
    "stand out:\n\n- the variables are named at random;\n- the graphs are small;\n- fine "
    "tuning helps only inside the training distribution, which says a lot about what the "
    "models learn when they learn causality from text alone.\n")
YOUNG_LIST = """\
- id: noted
  title: A paper with a long note
  added: 2025-03-10
  published: 2024-05-03
  upvotes: 1
  tags: [alpha]
  links: {code: "https://github.com/example/noted"}
  abstract: What the abstract says first. Then more.
  note: |
""" + "".join(f"    {line}\n" for line in LONG_NOTE.splitlines()) + """\
- id: short-note
  title: A picked paper with a short note
  added: 2025-03-09
  published: 2023-11
  pick: true
  tags: [alpha, beta]
  links: {pdf: "https://example.org/short.pdf"}
  note: Short and *to the point*.
- id: abstract-only
  title: A paper with an abstract only
  added: 2025-03-08
  published: 2024
  arxiv: "2401.00001"
  upvotes: 3
  status: read
  rating: 4
  tags: [beta]
  abstract: We show that abstracts speak when notes are silent. Second sentence here.
- id: nothing
  title: A paper with nothing else
  added: 2025-03-07
  tags: [causal-representation-learning]
- id: hf-only
  title: A paper with a Hugging Face page only
  added: 2025-02-01
  published: 2024-02-29
  tags: [beta]
  links: {hf: "https://huggingface.co/papers/2401.00002"}
"""


@pytest.fixture(scope="module")
def young_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Five papers added in two months, published over two years and one undated."""
    project = make_project(tmp_path_factory.mktemp("young"), {"list.yaml": YOUNG_LIST})
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    return build


def tree(site: Path, path: str) -> Any:
    return lxml.html.fromstring((site / path).read_bytes())


#: The cards under a month's heading (on the home page, after the curator's picks).
UNDER_MONTHS = "//h2[contains(@id, '-20')]/following-sibling::article"


def cards(page: Any, where: str = "//article") -> dict[str, Any]:
    """Card elements by the paper id their title links to."""
    return {card.xpath(".//a[@class='rl-card__title']/@href")[0].rstrip("/").rsplit("/", 1)[-1]:
            card for card in page.xpath(where) if "rl-card" in card.get("class", "")}


def text(element: Any) -> str:
    return " ".join(element.text_content().split())


# --- item 1: the curator's voice on every card ---------------------------------------------------

def test_a_note_reads_as_plain_text_cut_at_a_sentence_or_a_word() -> None:
    note = Markup().html(LONG_NOTE, "papers/noted.md")
    words = html_text(note)
    assert words.startswith("The cleanest test of pure causal inference: questions are built "
                            "from causal graphs")
    assert "• the variables are named at random; • the graphs are small;" in words
    assert not re.search(r"[*`\[\]<>]", words)
    shown = card_note(note)
    assert len(shown) <= LIMIT + 2 and words.startswith(shown.removesuffix(" …"))
    assert shown.endswith("setting.")  # the last sentence that fits
    assert shorten("word " * 100).endswith("word …") and len(shorten("word " * 100)) <= LIMIT + 2
    assert shorten("Short. Note.") == "Short. Note."
    assert shorten("x" * 400) == "x" * LIMIT + " …"
    # "e.g." is not the end of a sentence
    assert not shorten("A " * 70 + "e.g. the thing " + "b " * 200).endswith("e.g.")


def test_a_formula_and_an_image_in_a_note_read_as_text() -> None:
    from generator.enrich import html_policy, latex_math

    formula = latex_math.mathml(r"\alpha + 1") or ""
    fragment = html_policy.clean(f'<p>Rate {formula} <img src="a.png" alt="a chart"> &amp; '
                                 "more</p>")
    # the formula as every other plain text of the site gives it (latex_math.to_text)
    formula_text = latex_math.to_text(r"$\alpha + 1$")
    assert html_text(fragment) == f"Rate {formula_text} a chart & more"
    assert "α" in html_text(fragment)


def test_cards_speak_in_the_curators_voice_else_give_the_teaser(young_site: Build) -> None:
    for path in ("index.html", "tags/alpha/index.html", "archive/2025-03/index.html"):
        shown = cards(tree(young_site.site, path))
        for paper_id in ("noted", "short-note"):
            [note] = shown[paper_id].xpath(".//p[@class='rl-card__note']")
            assert note.xpath("./strong")[0].text == "Curator’s note:", path
            assert not shown[paper_id].xpath(".//p[@class='rl-card__teaser']")
            body = text(note).removeprefix("Curator’s note: ")
            assert not re.search(r"[*`\[\]]", body) and not note.xpath(".//em|.//a|.//code")
            assert len(body) <= LIMIT + 2
        assert text(shown["short-note"].xpath(".//p[@class='rl-card__note']")[0]) == (
            "Curator’s note: Short and to the point.")
    shown = cards(tree(young_site.site, "tags/beta/index.html"))
    [teaser] = shown["abstract-only"].xpath(".//p[@class='rl-card__teaser']")
    assert text(teaser) == "We show that abstracts speak when notes are silent."
    assert not shown["abstract-only"].xpath(".//p[@class='rl-card__note']")


# --- item 2: every paper has a way to the paper --------------------------------------------------

def ways_to_the_paper(page: Any) -> list[str]:
    """The page's links that lead to the paper: its page, its PDF, arXiv, a title search."""
    found = []
    for link in page.xpath("//p[@class='rl-links']/a"):
        label, href = text(link), link.get("href")
        if label in ("Paper", "PDF") or href.startswith("https://arxiv.org/") or (
                label == "Find on arXiv" and "searchtype=title" in href):
            found.append(label)
    return found


def test_every_shipped_paper_page_links_to_the_paper(repo_site: Build) -> None:
    pages = sorted((repo_site.site / "papers").glob("*/index.html"))
    assert len(pages) == len(shipped_papers())
    for path in pages:
        assert ways_to_the_paper(lxml.html.fromstring(path.read_bytes())), path


def test_a_paper_without_paper_pdf_or_arxiv_gets_title_searches(young_site: Build) -> None:
    expected = {"noted": ["Find on arXiv"], "short-note": ["PDF"],
                "abstract-only": ["Paper", "PDF"], "nothing": ["Find on arXiv"],
                "hf-only": ["Find on arXiv"]}
    for paper_id, ways in expected.items():
        page = tree(young_site.site, f"papers/{paper_id}/index.html")
        assert ways_to_the_paper(page) == ways, paper_id
        labels = [text(a) for a in page.xpath("//p[@class='rl-links']/a")]
        assert ("Find on Hugging Face" in labels) == (ways == ["Find on arXiv"]), paper_id


# --- item 9: the archive by year, stats that lead somewhere --------------------------------------

def test_the_archive_has_a_page_per_year_published(young_site: Build) -> None:
    site = young_site.site
    index = tree(site, "archive/index.html")
    years = {text(a): a.get("href") for a in index.xpath("//h2[@id='published']"
                                                          "/following-sibling::ul[1]/li/a")}
    assert years == {"2024": "../archive/published-2024/",
                     "2023": "../archive/published-2023/"}
    assert "1 paper without a publication date" in text(index)
    months = [text(a) for a in index.xpath("//h2[@id='added']/following-sibling::ul[1]/li/a")]
    assert months == ["March 2025", "February 2025"]
    page = tree(site, "archive/published-2024/index.html")
    assert text(page.xpath("//article//h1")[0]) == "Published in 2024"
    # an index of titles, latest published first: May 3, February 29, the year alone
    rows = page.xpath("//ul[@class='rl-rows']/li")
    assert [row.xpath("./a/@href")[0] for row in rows] == [
        f"../../papers/{paper_id}/" for paper_id in ("noted", "hf-only", "abstract-only")]
    assert [text(row.xpath("./span[@class='rl-rows__meta']")[0]) for row in rows] == [
        "Published May 3, 2024", "Published Feb 29, 2024", "Published 2024"]
    [row] = tree(site, "archive/published-2023/index.html").xpath("//ul[@class='rl-rows']/li")
    assert text(row.xpath("./span")[0]) == "Published November 2023 · Curator’s pick"


def test_stats_bars_link_to_explore_and_no_label_is_cut(repo_site: Build) -> None:
    page = tree(repo_site.site, "stats/index.html")
    links = page.xpath("//figure[@class='rl-chart']//a")
    assert len(links) >= 30
    for link in links:
        href = link.get("href")
        assert href.startswith("../explore/?"), href
        assert set(parse_qs(urlsplit(href).query)) <= {"tag", "added", "year", "status",
                                                        "rating"}
    labels = [text(label) for label in page.xpath("//*[@class='rl-bars__label']")]
    tags = Counter(tag for paper in shipped_papers() for tag in paper.get("tags", []))
    largest = sorted(tags.items(), key=lambda item: (-item[1], item[0]))[:15]
    assert labels[:15] == [tag for tag, _ in largest]
    assert "causal-representation-learning" in labels


# --- item 10: clutter ----------------------------------------------------------------------------

def test_a_heading_that_says_when_is_not_repeated_on_every_card(young_site: Build) -> None:
    site = young_site.site
    home = tree(site, "index.html")
    assert len(cards(home, UNDER_MONTHS)) == 5
    for page in (home, tree(site, "archive/2025-03/index.html")):
        for paper_id, card in cards(page, UNDER_MONTHS).items():
            assert "Added" not in text(card), paper_id
    # the curator's picks, above the months, say when each was added
    [pick] = home.xpath("//h2[@id='picks']/following-sibling::article[1]")
    assert "Added Mar 9, 2025" in text(pick)
    for paper_id, card in cards(tree(site, "tags/beta/index.html")).items():
        assert re.search(r"Added \w{3} \d+, 2025", text(card)), paper_id
    shown = cards(tree(site, "index.html"))
    assert "▲ 1 upvote " in text(shown["noted"]) and "▲ 3 upvotes" in text(
        shown["abstract-only"])


def test_no_page_has_a_table_of_contents_of_one_entry(repo_site: Build,
                                                      young_site: Build) -> None:
    for site in (repo_site.site, young_site.site):
        for path in site.rglob("*.html"):
            page = lxml.html.fromstring(path.read_bytes())
            for toc in page.xpath("//*[@data-md-component='toc']"):
                assert len(toc.xpath("./li")) != 1, path


# --- item 11: feeds for people -------------------------------------------------------------------

def test_the_subscribe_page_gives_every_feed_address_to_copy(young_site: Build) -> None:
    page = tree(young_site.site, "subscribe/index.html")
    assert "What is a feed?" in text(page) and "How to add a feed to your reader" in text(page)
    addresses = {}
    for button in page.xpath("//button[@data-clipboard-target]"):
        [code] = page.xpath(f"//code[@id='{button.get('data-clipboard-target')[1:]}']")
        addresses[code.get("id")] = code.text
    assert addresses == {
        "feed-rss": f"{SITE_URL}feed.xml", "feed-atom": f"{SITE_URL}atom.xml",
        "feed-json": f"{SITE_URL}feed.json",
        **{f"feed-tag-{tag}": f"{SITE_URL}tags/{tag}/feed.xml"
           for tag in ("alpha", "beta", "causal-representation-learning")}}
    for address in addresses.values():
        assert (young_site.site / address.removeprefix(SITE_URL)).is_file(), address
    assert page.xpath("//li[@id='tag-beta']/a[@href='../tags/beta/']")


def test_a_curators_page_where_subscribe_goes_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"list.yaml": YOUNG_LIST})
    (project / "content" / "subscribe.md").write_text("# Mine\n", encoding="utf-8")
    done = run_cli(project, "check")
    assert done.returncode == 2 and "subscribe" in done.stdout + done.stderr


# --- item 7: Explore -----------------------------------------------------------------------------

def test_picks_only_is_offered_where_the_list_has_picks(repo_site: Build,
                                                        young_site: Build) -> None:
    assert not any(paper.get("pick") for paper in shipped_papers())
    assert not tree(repo_site.site, "explore/index.html").xpath("//input[@name='pick']")
    assert tree(young_site.site, "explore/index.html").xpath("//input[@name='pick']")


# --- in Chromium, at a desktop's and a phone's first screen --------------------------------------

@pytest.fixture(params=list(SCREENS))
def screen(request: pytest.FixtureRequest, browser: Any) -> Any:
    width, height = SCREENS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1")
              else r.abort())
    tab.width, tab.height, tab.kind = width, height, request.param
    yield tab
    context.close()


def box(tab: Any, selector: str) -> dict[str, float]:
    """An element's box on the first screen (page coordinates, nothing scrolled)."""
    result: dict[str, float] = tab.locator(selector).first.bounding_box()
    return result


def test_home_shows_papers_on_the_first_screen(repo_site: Build, screen: Any) -> None:
    with serve(repo_site.site, prefix="/reading-list") as base:
        screen.goto(f"{base}/")
        if screen.kind == "desktop":  # two whole cards
            bottoms = [b["y"] + b["height"] for b in screen.eval_on_selector_all(
                ".rl-card", "cs => cs.map(c => c.getBoundingClientRect().toJSON())")]
            assert sum(bottom <= screen.height for bottom in bottoms) >= 2, bottoms[:3]
        title = box(screen, ".rl-card__title")
        assert title["y"] + title["height"] <= screen.height
        # every tag one click away, the feeds behind one button
        for name in (re.compile(r"All \d+ tags"), "Subscribe"):
            link = screen.get_by_role("link", name=name).first
            place = link.bounding_box()
            assert link.is_visible() and place["y"] + place["height"] <= screen.height, name


def test_notes_read_at_body_size(young_site: Build, screen: Any) -> None:
    size = "e => getComputedStyle(e).fontSize"
    with serve(young_site.site) as base:
        screen.goto(f"{base}/")
        body = screen.eval_on_selector(".md-typeset", size)
        assert screen.eval_on_selector(".rl-card__note", size) == body == "16px"
        assert screen.eval_on_selector(".rl-card__teaser", size) == body
        screen.goto(f"{base}/papers/noted/")
        assert screen.eval_on_selector(".rl-note p", size) == screen.eval_on_selector(
            ".rl-abstract p", size) == body


def test_a_paper_with_only_a_code_link_offers_a_search_on_the_first_screen(
        young_site: Build, screen: Any) -> None:
    with serve(young_site.site) as base:
        screen.goto(f"{base}/papers/noted/")
        link = screen.get_by_role("link", name="Find on arXiv")
        place = link.bounding_box()
        assert link.is_visible() and place["y"] + place["height"] <= screen.height
        assert "searchtype=title" in (link.get_attribute("href") or "")


def test_cards_say_what_upvotes_count_and_not_the_month_again(young_site: Build,
                                                             screen: Any) -> None:
    with serve(young_site.site) as base:
        screen.goto(f"{base}/")
        meta = screen.locator("h2[id$='-2025'] ~ .rl-card .rl-card__meta").all_inner_texts()
        assert len(meta) == 5
        assert not any("Added" in line for line in meta)
        assert any(re.search(r"▲\s1 upvote\b", line) for line in meta)
        assert screen.locator(".rl-upvotes").first.is_visible()


def explore(tab: Any, base: str, query: str = "") -> None:
    tab.goto(f"{base}/explore/{query}")
    tab.wait_for_selector("#rl-explore[data-ready]")


def test_explore_with_no_result_says_what_to_do(repo_site: Build, screen: Any) -> None:
    total = len(shipped_papers())
    with serve(repo_site.site, prefix="/reading-list") as base:
        explore(screen, base, "?title=zzqqzz&tag=benchmark")
        assert screen.locator(".rl-explore__count").inner_text() == f"0 of {total} papers"
        assert not screen.locator(".rl-explore__more").is_visible()
        hint = screen.locator(".rl-explore__none")
        assert hint.is_visible() and "No paper matches" in hint.inner_text()
        assert not screen.locator("#__search").is_checked()  # Material's search stays shut
        search = screen.locator(".rl-explore__search-all")
        assert search.is_visible() and search.get_attribute("href").endswith("/?q=zzqqzz")
        if screen.kind == "phone":  # the folded filters say how many are on
            assert "(1 on)" in screen.locator(".rl-explore__filters summary").inner_text()
        hint.get_by_role("button", name="Clear filters").click()
        screen.wait_for_function(
            "!document.querySelector('.rl-explore__count').textContent.startsWith('0 ')")
        assert screen.locator(".rl-explore__count").inner_text() == f"All {total} papers"
        assert not hint.is_visible() and "?" not in screen.url
        assert not screen.locator(".rl-explore__more").is_visible()  # 40 papers: one page


def test_explore_on_a_phone_shows_papers_first(repo_site: Build, screen: Any) -> None:
    with serve(repo_site.site, prefix="/reading-list") as base:
        explore(screen, base)
        first = box(screen, ".rl-explore__results > li")
        assert first["y"] + 40 <= screen.height  # its title, at least
        tag = screen.get_by_label("benchmark")
        filters = screen.locator(".rl-explore__filters summary")
        if screen.kind == "phone":
            assert not tag.is_visible() and filters.is_visible()
            filters.click()
        else:  # room enough: the filters are open, and need no toggle
            assert not filters.is_visible()
        assert tag.is_visible()


def test_explore_counts_tags_among_the_papers_shown_and_links_them(repo_site: Build,
                                                                   page: Any) -> None:
    data = json.loads((repo_site.site / "explore.json").read_text(encoding="utf-8"))
    with serve(repo_site.site, prefix="/reading-list") as base:
        explore(page, base, "?year=2024")
        counts = dict(zip(page.locator(".rl-explore__tag input").evaluate_all(
            "boxes => boxes.map(b => b.value)"), map(int, page.locator(
                ".rl-explore__tag .rl-count").all_inner_texts()), strict=True))
        in_2024 = [row for row in data["papers"] if row[3] // 10000 == 2024]
        assert counts == {tag: sum(n in row[8] for row in in_2024)
                          for n, tag in enumerate(data["tags"])}
        assert page.locator(".rl-explore__tag--none").count() == sum(
            not count for count in counts.values())
        # each paper's tags are links to the tag's page, and its date is as precise as known
        row = page.locator(".rl-explore__results > li").first
        link = row.locator(".rl-explore__tags-of a").first
        tag = link.inner_text()
        link.click()
        page.wait_for_url(f"{base}/tags/{tag}/")
    papers = {paper["title"]: paper for paper in shipped_papers()}
    with serve(repo_site.site, prefix="/reading-list") as base:
        explore(page, base)
        for item in page.locator(".rl-explore__results > li").all()[:10]:
            paper = papers[item.locator(".rl-explore__title").inner_text()]
            when = paper["published"]
            assert f"Published {when:%b} {when.day}, {when.year}" in item.inner_text()


def test_stats_bars_lead_to_explore_views_of_their_papers(repo_site: Build,
                                                          page: Any) -> None:
    total = len(shipped_papers())
    with serve(repo_site.site, prefix="/reading-list") as base:
        page.goto(f"{base}/stats/")
        # each bar's (or table row's) Explore view and its number of papers
        bars = page.evaluate("""() => [
          ...[...document.querySelectorAll('.rl-bars a')].map(a => [
            a.href, a.querySelector('.rl-bars__value').textContent]),
          ...[...document.querySelectorAll('.rl-chart__data tr')].filter(r => r.querySelector('a'))
            .map(r => [r.querySelector('a').href, r.cells[1].textContent]),
        ]""")
        assert len(bars) >= 30
        for href, value in bars:
            count = int(value.replace(",", ""))
            page.goto(href)
            page.wait_for_selector("#rl-explore[data-ready]")
            shown = page.locator(".rl-explore__count").inner_text()
            assert shown == (f"All {total} papers" if count == total
                             else f"{count} of {total} papers"), (href, value)
