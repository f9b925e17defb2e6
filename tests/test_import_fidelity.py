"""Real exports import faithfully: each class of defect of issue 23, on small fixtures of
our own written as real exports look (tests/fixtures/), so they run without ../shared."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.importers.append import Work, merge, same_work
from generator.importers.arxiv import parse_atom
from generator.importers.arxiv_rss import parse_rss
from generator.importers.bibtex import parse_bibtex
from generator.importers.common import SourceError, arxiv_in_text, paragraphs
from generator.importers.hf_daily import parse_daily
from generator.load.model import PubDate
from tests.helpers import FIXTURES, make_project, run_cli


def bib(name: str) -> list[dict[str, Any]]:
    return parse_bibtex((FIXTURES / name).read_text(encoding="utf-8"), name)


def by_title(entries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {entry["title"]: entry for entry in entries}


def imported(project: Path) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = yaml.safe_load(
        (project / "content" / "papers" / "inbox.yaml").read_bytes())
    return listed


# --- 1. field names in any case ------------------------------------------------------------------

def test_field_names_in_any_case_are_read_alike() -> None:
    entries = by_title(bib("bibtex_field_case.bib"))
    hate = entries["The Datafication of Hate: Expectations and Challenges in Automated Hate "
                   "Speech Monitoring"]
    assert hate["authors"] == ["Salla-Maaria Laaksonen", "Jesse Haapoja", "Teemu Kinnunen",
                               "Matti Nelimarkka", "Reeta Pöyhtäri"]
    assert hate["published"] == PubDate.parse("2020")
    aalst = entries["Pi Calculus Versus Petri Nets"]
    assert aalst["authors"] == ["W.M.P. van der Aalst", "Arthur Hofstede"]
    assert aalst["published"] == PubDate.parse("2005-05")


def test_the_same_field_twice_in_two_cases_is_reported() -> None:
    found = parse_bibtex("@article{k, title = {One}, Title = {Two}, year = 2020}\n", "x.bib")
    assert list(found) == []
    assert str(found.skipped[0]) == ("x.bib:1 (entry 'k'): a field given twice ('title' and "
                                     "'Title'): which one is meant? fix the entry")


# --- 2. BibLaTeX, and 6. arXiv ids wherever they are written -------------------------------------

def test_biblatex_dates_journaltitle_eprinttype_and_online() -> None:
    entries = by_title(bib("biblatex_zotero.bib"))
    mamba = entries["Mamba: Linear-Time Sequence Modeling with Selective State Spaces"]
    assert mamba["arxiv"] == "2312.00752"  # @online, its id in arXiv's DOI and URL
    assert mamba["published"] == PubDate.parse("2023-12-01")
    wang = entries["On Solving Minimax Optimization Locally: A Follow-the-Ridge Approach"]
    assert wang["arxiv"] == "1910.07512"  # eprinttype = {arxiv}
    assert wang["published"] == PubDate.parse("2019-11-25")
    assert entries["Hopfield Networks Is All You Need"]["published"] == PubDate.parse("2021")
    preprint = entries["A Preprint Named in the Journal Title"]
    assert preprint["arxiv"] == "1803.01234" and preprint["published"] == PubDate.parse("2018-03")
    assert entries["A Date Given as a Range"]["published"] == PubDate.parse("2017-05-02")


@pytest.mark.parametrize("text, arxiv", [
    ("10.48550/arXiv.2312.00752", "2312.00752"),
    ("https://doi.org/10.48550/ARXIV.2312.00752", "2312.00752"),
    ("10.48550/arXiv.hep-th/9901001", "hep-th/9901001"),
    ("abs/1706.03762", "1706.03762"),  # DBLP's CoRR volume
    ("arXiv:1706.03762v5 [cs.CL]", "1706.03762"),
    ("arXiv preprint arXiv:2311.09735", "2311.09735"),
    ("https://arxiv.org/pdf/2205.00003v1.pdf", "2205.00003"),
    ("10.1000/2312.00752", None),  # an id-shaped part of another DOI is not an id
    ("v1.2345.67890", None),
])
def test_arxiv_ids_wherever_written(text: str, arxiv: str | None) -> None:
    assert arxiv_in_text(text) == arxiv


def test_an_eprint_of_another_archive_is_not_an_arxiv_id() -> None:
    found = parse_bibtex("@misc{k, title={T}, eprint={2312.00752}, eprinttype={hal}}\n")
    assert found[0]["arxiv"] is None


# --- 3. the same work ----------------------------------------------------------------------------

def test_the_same_work_in_one_file_becomes_one_entry(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    source = FIXTURES / "bibtex_same_work.bib"
    dry = run_cli(project, "import", "bibtex", str(source), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.splitlines()
    assert lines[0] == "bibtex: 9 found, 7 new, 0 already listed, 2 merged as the same work"
    assert (f"  {source}:11 (entry 'shang_icml_2016'): merged into {source}:2 (entry "
            "'shang_preprint_2016'), the same title, first author and year") in lines
    assert (f"  {source}:28 (entry 'vaswani2017arxiv'): merged into {source}:20 (entry "
            "'vaswani2017'), the same title, first author and year") in lines
    done = run_cli(project, "import", "bibtex", str(source))
    assert done.returncode == 0, done.stderr
    entries = imported(project)
    assert len(entries) == 7 and len({e["id"] for e in entries}) == 7
    shang = entries[0]
    assert shang["arxiv"] == "1603.05201" and shang["id"] == "1603.05201"
    assert shang["published"].isoformat() == "2016-03-16"  # the earliest
    assert shang["links"] == {"paper": "http://proceedings.mlr.press/v48/shang16.html"}
    vaswani = next(e for e in entries if e["title"] == "Attention Is All You Need")
    assert vaswani["arxiv"] == "1706.03762"  # the preprint's id is kept
    assert vaswani["links"] == {"paper": "https://papers.nips.cc/paper/7181-attention-is-all-"
                                         "you-need"}
    arithmetic = [e for e in entries if e["title"] == "Arithmetic"]  # 2010 and 2013
    assert [e["published"] for e in arithmetic] == [2010, 2013]
    assert len([e for e in entries if e["title"].lower() == "a survey"]) == 3  # two DOIs, two
    # first authors: three works
    again = run_cli(project, "import", "bibtex", str(source))
    assert again.stdout.splitlines()[0] == "bibtex: 9 found, 0 new, 9 already listed"
    assert (f"  {source}:43 (entry 'gustafsson2013'): already listed as 'arithmetic-2' at "
            "content/papers/inbox.yaml:") in again.stdout


def test_against_the_list_the_same_work_is_already_listed_and_named(tmp_path: Path) -> None:
    listing = ("- id: attention\n  title: Attention is All you Need\n  authors: [Ashish Vaswani]\n"
               "  published: 2017\n  added: 2024-01-02\n  tags: [mine]\n"
               "- id: arithmetic-2010\n  title: Arithmetic\n  authors: [O. Gustafsson]\n"
               "  published: 2010\n  added: 2024-01-02\n  tags: [mine]\n")
    project = make_project(tmp_path, {"mine.yaml": listing})
    source = FIXTURES / "bibtex_same_work.bib"
    done = run_cli(project, "import", "bibtex", str(source), "--dry-run")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == ("bibtex: 9 found, 5 new, 3 already listed, 1 merged "
                                           "as the same work")
    assert (f"  {source}:20 (entry 'vaswani2017'): already listed as 'attention' at "
            "content/papers/mine.yaml:1 (the same title, first author and year)") in done.stdout
    assert (f"  {source}:28 (entry 'vaswani2017arxiv'): already listed as 'attention' at "
            "content/papers/mine.yaml:1 (the same title, first author and year); it has no "
            "arXiv id, this entry has 1706.03762: add it to the listed paper, or run resolve"
            ) in done.stdout
    assert f"{source}:35 (entry 'gustafsson2010'): already listed as 'arithmetic-2010'" \
        in done.stdout
    assert "gustafsson2013" not in done.stdout.split("would add")[0]  # 2013: another work
    assert "would add arithmetic to content/papers/inbox.yaml: 'Arithmetic'" in done.stdout


def work(title: str, author: str | None, year: int | None, arxiv: str | None = None,
         doi: str | None = None) -> Work:
    entry: dict[str, Any] = {"title": title, "authors": [author] if author else [],
                             "published": PubDate.parse(str(year)) if year else None,
                             "arxiv": arxiv, "_doi": doi}
    return Work.of_entry(entry, title)


@pytest.mark.parametrize("a, b, same", [
    (work("T", "Ann Lee", 2020), work("t.", "A. Lee", 2020), True),
    (work("T", "Ann Lee", 2019, "1901.00001"), work("T", "Ann Lee", 2020), True),  # preprint
    (work("T", "Ann Lee", 2019), work("T", "Ann Lee", 2020), False),
    (work("T", "Ann Lee", 2020), work("T", "Bo Park", 2020), False),
    (work("T", "Ann Lee", 2020, doi="10.1/a"), work("T", "Ann Lee", 2020, doi="10.1/b"), False),
    (work("T", "Ann Lee", 2020, "2001.00001"), work("T", "Ann Lee", 2020, "2001.00002"), False),
    (work("T", None, None), work("T", "Ann Lee", 2020), True),  # nothing tells them apart
    (work("One", "Ann Lee", 2020, "2001.00001"), work("Other", None, 2021, "2001.00001"), True),
    (work("T", "Wang*, Yuanhao", 2019), work("T", "Yuanhao Wang", 2019), True),
    (work("T", "Joao Bachiega Jr", 2019), work("T", "J. Bachiega", 2019), True),
])
def test_the_same_work_rule(a: Work, b: Work, same: bool) -> None:
    assert (same_work(a, b) is not None) == same
    assert (same_work(b, a) is not None) == same


def test_a_merge_keeps_the_id_the_earliest_date_and_every_link() -> None:
    kept: dict[str, Any] = {"title": "T", "published": PubDate.parse("2015"),
                            "links": {"paper": "https://cvf.example/p"}, "tags": ["a"]}
    merge(kept, {"title": "T", "arxiv": "1502.01852", "published": PubDate.parse("2015-02-06"),
                 "links": {"code": "https://github.com/x/y", "paper": "https://other/p"},
                 "abstract": "A.", "tags": ["b"]})
    assert kept["arxiv"] == "1502.01852" and kept["abstract"] == "A."
    assert kept["published"] == PubDate.parse("2015-02-06")  # 2015 holds the day: the day
    assert kept["links"] == {"paper": "https://cvf.example/p", "code": "https://github.com/x/y"}
    assert kept["tags"] == ["a", "b"]
    later: dict[str, Any] = {"title": "T", "published": PubDate.parse("2016-06-11")}
    merge(later, {"title": "T", "published": PubDate.parse("2016-03")})
    assert later["published"] == PubDate.parse("2016-03")


# --- 4. math as written, 5. text-mode LaTeX as text ----------------------------------------------

def test_math_is_kept_and_text_mode_latex_becomes_text(tmp_path: Path) -> None:
    [entry] = bib("bibtex_latex_text.bib")
    assert entry["title"] == ("A 2048-point Pipelined Radix-2\\({}^{\\mbox{k}}\\) FFT for "
                              "Schrödinger Operators – Theory & Practice")
    assert entry["authors"] == ["Mario Garrido", "Paweł Niedbalski", "Jürgen Jost",
                                "Paul Erdős"]
    assert entry["abstract"] == (
        "We reach 50% less memory and $\\mathcal{O}(n \\log n)$ time, see "
        "https://example.org/fft_code.\n\nA second paragraph: so it is—we think—faster.")
    project = make_project(tmp_path, {})
    done = run_cli(project, "import", "bibtex", str(FIXTURES / "bibtex_latex_text.bib"))
    assert done.returncode == 0, done.stderr
    [written] = imported(project)
    assert written["id"] == "a-2048-point-pipelined-radix-2-k-fft-for-schrodinger"  # no "mbox"
    assert run_cli(project, "check").returncode == 0


def test_latex_a_reference_manager_escaped_is_read_as_text() -> None:
    wang = by_title(bib("biblatex_zotero.bib"))[
        "On Solving Minimax Optimization Locally: A Follow-the-Ridge Approach"]
    assert wang["abstract"] == ("Many tasks can be formulated as finding equilibria in "
                                "sequential games. We propose Follow-the-Ridge (FR).")


def test_a_lost_character_is_kept_and_warned_about_with_its_line(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    source = FIXTURES / "biblatex_zotero.bib"
    done = run_cli(project, "import", "bibtex", str(source))
    assert done.returncode == 0, done.stderr
    for name in ("Bernhard Sch\ufffdfl", "Milena Pavlovi\ufffd"):
        assert (f"  warning: {source}:21 (entry 'ramsauer_hopfield_2021'): authors: {name!r} "
                "has U+FFFD") in done.stderr
    hopfield = next(e for e in imported(project) if e["title"].startswith("Hopfield"))
    assert hopfield["authors"][1] == "Bernhard Sch\ufffdfl"


# --- 7. volumes, 8. broken entries, 13. the summary by reason ------------------------------------

def test_volumes_are_not_papers_and_the_summary_counts_by_reason(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    source = FIXTURES / "bibtex_not_papers.bib"
    done = run_cli(project, "import", "bibtex", str(source))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == ("bibtex: 1 found, 1 new, 0 already listed, "
                                           "3 volumes (not papers)")
    assert done.stderr.splitlines() == [
        f"  skipped {source}:1 (entry 'KoppLohmann2013'): a proceedings volume "
        "(@proceedings), not a paper",
        f"  skipped {source}:8 (entry 'Hsu1993'): an edited volume (@collection with editors "
        "and no author), not a paper",
        f"  skipped {source}:15 (entry 'edited_book'): an edited volume (@book with editors "
        "and no author), not a paper",
    ]
    assert [e["title"] for e in imported(project)] == ["Pattern Recognition and Machine Learning"]


def test_a_broken_entry_is_one_line_and_the_import_goes_on(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    source = FIXTURES / "bibtex_broken.bib"
    done = run_cli(project, "import", "bibtex", str(source))
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        f"  skipped {source}:8 (entry 'springer_broken'): unbalanced braces in 'publisher'",
        f"  skipped {source}:15 (entry 'no_comma_after_key'): no comma after the entry's key",
        f"  skipped {source}:26 (entry 'unclosed_quote'): unclosed quote in 'title'",
    ]
    assert done.stdout.splitlines()[0] == "bibtex: 2 found, 2 new, 0 already listed, 3 broken"
    assert [e["title"] for e in imported(project)] == ["A Good Entry", "A Second Good Entry"]


def test_the_summary_counts_each_reason(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    done = run_cli(project, "import", "bibtex", str(FIXTURES / "tricky.bib"), "--dry-run")
    assert done.stdout.splitlines()[0] == ("bibtex: 4 found, 4 new, 0 already listed, 1 broken, "
                                           "1 without a title")


# --- 9. RSS affiliations, 10. links in abstracts, 11. paragraphs ---------------------------------

def test_rss_names_affiliations_links_and_display_math() -> None:
    found = parse_rss((FIXTURES / "arxiv_rss_latex.xml").read_bytes(), "feed.xml")
    schrodinger, thermal, circles, brokers = found
    assert schrodinger["title"] == ("Almost sure well-posedness for the Schrödinger equation "
                                    "with potential")
    assert schrodinger["authors"] == ["Paweł Niedbalski", "Jürgen Jost", "Paul Erdős"]
    assert schrodinger["abstract"] == (
        "We study the nonlinear Schrödinger equation with potential \\begin{equation*} "
        "\\left\\{\\begin{array}{l} i \\partial_t u+\\Delta u=0, \\\\ \\left.u\\right|_{t=0}=f, "
        "\\end{array}\\right. \\end{equation*} where $\\frac{1}{3}<s<1$. Our code is "
        "open-sourced at here (https://github.com/example/wellposed).")
    assert thermal["authors"] == ["Mohammed Riadh Berramdane", "Alexandre Battiston",
                                  "Benjamin Rémy"]
    assert thermal["org"] is None  # two affiliations: none is the paper's
    assert thermal["abstract"] == ("A first paragraph about thermal management.\n\n"
                                   "A second paragraph, marked as arXiv marks them.")
    assert circles["authors"] == ["Pip Petersen", "Özenç Güngör", "Aleteia Araujo"]
    assert circles["org"] == "COMPACT Collaboration"  # shared by all
    assert brokers["authors"] == ["Aleteia Araujo", "Joao Bachiega Jr"]  # commas inside ()


def test_an_abstract_link_becomes_a_link_on_the_page(tmp_path: Path) -> None:
    from tests.helpers import mkdocs_build

    project = make_project(tmp_path, {})
    assert run_cli(project, "import", "arxiv-rss", str(FIXTURES / "arxiv_rss_latex.xml"),
                   "--tag", "t").returncode == 0
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output[-2000:]
    page = (build.site / "papers" / "2411.90001" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/example/wellposed"' in page
    assert "wellposed}{here" not in page


@pytest.mark.parametrize("raw, expected", [
    # arXiv API, 2016 format: the first line indented, hard wraps, paragraphs indented
    ("  One wrapped\nline.\n  Two.\n", ["One wrapped\nline.", "  Two."]),
    # arXiv API today and Hugging Face: one line per paragraph, each after the first indented
    ("One.\n  Two.\n  Three.", ["One.", "  Two.", "  Three."]),
    # every line indented alike by a reformatter: dedented, one paragraph
    ("  The effect of the\n            interaction is examined. By analogy.\n            We end.\n",
     ["The effect of the\ninteraction is examined. By analogy.\nWe end."]),
    # blank lines always start a paragraph
    ("One.\n\n\nTwo.", ["One.", "Two."]),
    # a display environment stays whole, its indented lines too
    ("A \\begin{equation*}\n  x=1 \\end{equation*} so.\n  Next.",
     ["A \\begin{equation*}\n  x=1 \\end{equation*} so.", "  Next."]),
    ("A $$x\n\n  = 1$$ b", ["A $$x\n  = 1$$ b"]),
    ("", []),
])
def test_one_paragraph_rule(raw: str, expected: list[str]) -> None:
    assert paragraphs(raw) == expected


def test_the_paragraph_rule_in_every_importer() -> None:
    api = parse_atom((FIXTURES / "arxiv_api_indented.xml").read_bytes())
    assert "\n" not in api[0]["abstract"]  # 17_...: one paragraph, not one per line
    assert api[0]["authors"] == ["David Prendergast", "Jürgen Jost"]
    assert api[1]["abstract"].count("\n\n") == 2
    daily = parse_daily((FIXTURES / "hf_daily_mixed.json").read_bytes())
    assert daily[0]["abstract"] == (
        "GUI agents have the potential to become a general purpose executor over existing "
        "digital devices.\n\nAcross a broad suite of evaluations, it achieves 82.1% on "
        "MobileWorld.")
    assert daily[0]["authors"] == ["Ann Author", "Paul Erdős"]
    assert daily[3]["abstract"] == "One paragraph, hard-wrapped once."


# --- 12. arXiv's error answers -------------------------------------------------------------------

def test_an_rss_error_answer_is_an_error_with_arxivs_message(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"arXiv answered with an error: Bad category 'cs\.XX'"):
        parse_rss((FIXTURES / "arxiv_rss_error.xml").read_bytes())
    project = make_project(tmp_path, {})
    done = run_cli(project, "import", "arxiv-rss", str(FIXTURES / "arxiv_rss_error.xml"))
    assert done.returncode == 1
    assert "Bad category 'cs.XX'" in done.stderr and "nothing was written" in done.stderr
    quiet = run_cli(project, "import", "arxiv-rss", str(FIXTURES / "arxiv_rss_empty.xml"))
    assert quiet.returncode == 0, quiet.stderr
    assert "no papers listed (nothing new)" in quiet.stdout
    assert not (project / "content" / "papers" / "inbox.yaml").exists()


# --- issue 26: nothing an importer writes can fail the check of its file -------------------------

def test_an_entry_that_cannot_be_stored_is_skipped_citing_the_source(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    source = FIXTURES / "hf_daily_mixed.json"
    done = run_cli(project, "import", "hf-daily", str(source))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == ("hf-daily: 4 found, 2 new, 0 already listed, "
                                           "2 that would not validate")
    assert done.stderr.splitlines() == [
        f"  skipped {source}: item 2 (arXiv 2607.90002): title: contains control character "
        "U+0007: remove it",
        f"  skipped {source}: item 3 (arXiv 2607.90003): upvotes: expected a whole number, got "
        "one of 31 digits",
    ]
    assert [e["id"] for e in imported(project)] == ["2607.90001", "2607.90004"]
    assert run_cli(project, "check").returncode == 0


@pytest.mark.parametrize("title", ["\u0085 next line", "\ufeffbom", "x\u202ey", "a\x7fb"])
def test_any_text_the_sources_give_is_stored_or_skipped_never_an_error(
        tmp_path: Path, title: str) -> None:
    project = make_project(tmp_path, {})
    source = tmp_path / "daily.json"
    source.write_text(json.dumps([{"paper": {"id": "2607.90009", "title": title}},
                                  {"paper": {"id": "2607.90008", "title": "Fine"}}]),
                      encoding="utf-8")
    done = run_cli(project, "import", "hf-daily", str(source))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Fine" in [e["title"] for e in imported(project)]
    assert "inbox.yaml:" not in done.stderr
    assert run_cli(project, "check").returncode == 0
    assert not re.search(r"Traceback", done.stderr)


@pytest.mark.parametrize("text, why", [
    ("@article{k, title = {A} author = {B}, year = 2020}",
     "no comma after 'title' (before 'author = {B}, year =')"),
    ("@article{k title = {A}}", "no comma after the entry's key"),
    ("@article{k, title = , year = 2020}", "no value for 'title'"),
    ('@article{k, title = "quote {inside", year = 2020}', "unbalanced braces in 'title'"),
    ("@article{k, title = {Unclosed at the end}, year = 2020\n", "not closed: no '}' ends the "
                                                                  "entry"),
    ("@article{k, title = {A}, year 2020}", "cannot read 'year 2020}' after 'title' (expected "
                                            "'name = value')"),
])
def test_each_kind_of_broken_entry_says_what_is_wrong(text: str, why: str) -> None:
    found = parse_bibtex(f"@misc{{fine, title = {{Fine}}}}\n\n{text}\n", "b.bib")
    assert [entry["title"] for entry in found] == ["Fine"]
    assert [str(s) for s in found.skipped] == [f"b.bib:3 (entry 'k'): {why}"]


def test_valid_entries_of_every_shape_are_not_reported() -> None:
    text = ('@string{acl = "Proc. of ACL"}\n@misc{empty}\n'
            '@inproceedings(paren, title = "Quoted {with} braces", booktitle = acl # " 2020",'
            ' month = may, year = 2020,)\n'
            '@article{k, title = {Escaped \\{ brace and \\} too}, note = "a \\" quote"}\n')
    found = parse_bibtex(text, "ok.bib")
    assert found.skipped[0].why == "no title"  # @misc{empty}: read, but it has no title
    assert [entry["title"] for entry in found] == ["Quoted with braces",
                                                   "Escaped { brace and } too"]


def test_an_update_the_check_would_refuse_is_left_out_and_said(tmp_path: Path) -> None:
    listing = ("- title: Counted Too Far\n  arxiv: '2607.90003'\n  upvotes: 5\n"
               "  added: 2024-01-02\n  tags: [mine]\n"
               "- title: A Plain Paper\n  arxiv: '2607.90004'\n  added: 2024-01-02\n"
               "  tags: [mine]\n")
    project = make_project(tmp_path, {"mine.yaml": listing})
    source = FIXTURES / "hf_daily_mixed.json"
    done = run_cli(project, "import", "hf-daily", str(source), "--update", "upvotes",
                   "--into", str(project / "content" / "papers" / "mine.yaml"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert (f"  {source}: item 3 (arXiv 2607.90003): already listed as '2607.90003' at "
            "content/papers/mine.yaml:1 (the same arXiv id); upvotes not updated: expected a "
            "whole number, got one of 31 digits") in done.stdout
    text = (project / "content" / "papers" / "mine.yaml").read_text(encoding="utf-8")
    assert "upvotes: 5\n" in text and "upvotes: 0\n" in text  # the other one is refreshed
    assert run_cli(project, "check").returncode == 0
