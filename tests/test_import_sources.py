"""Each source parser on the real files in ../shared/fixtures and on small samples of our own."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.importers.arxiv import parse_atom, query_url
from generator.importers.arxiv_rss import parse_rss
from generator.importers.bibtex import parse_bibtex
from generator.importers.common import SourceError, arxiv_in_text, normalise_arxiv
from generator.importers.hf_daily import api_url, parse_daily
from tests.helpers import FIXTURES, shared_file


def public(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry as it is written: without the importer's own keys and empty values."""
    return {k: v for k, v in entry.items() if not k.startswith("_") and v is not None}


def shared_bytes(relative: str) -> bytes:
    return shared_file(f"fixtures/{relative}").read_bytes()


# --- arXiv API ---------------------------------------------------------------------------------

def test_arxiv_2026_query_response() -> None:
    entries = parse_atom(shared_bytes("arxiv_api/q_testing_s0_m10_bc5a6c384fe9.body.xml"))
    assert len(entries) == 10
    first = entries[0]
    assert first["title"] == ("Testing Deep Learning Models: A First Comparative Study of "
                              "Multiple Testing Techniques")
    assert first["arxiv"] == "2202.12139"
    assert first["authors"] == ["Mohit Kumar Ahuja", "Arnaud Gotlieb", "Helge Spieker"]
    assert first["published"] == date(2022, 2, 24)
    assert first["abstract"].startswith("Deep Learning (DL) has revolutionized")
    assert first["abstract"].endswith("discuss its results.")
    # the recorded response holds UTF-8 read as Latin-1; the importer repairs it
    assert "Aurora Ramírez" in entries[1]["authors"]


def test_arxiv_2026_response_with_project_page() -> None:
    entries = parse_atom(shared_bytes("arxiv_api/sotawhat_arxiv_transformer.xml"))
    assert [e["arxiv"] for e in entries][:2] == ["2606.13677", "2606.13591"]
    mana = entries[0]
    assert mana["title"] == "Mana: Dexterous Manipulation of Articulated Tools"
    assert mana["authors"] == ["Zhao-Heng Yin", "Guanya Shi", "Pieter Abbeel", "C. Karen Liu"]
    assert mana["published"] == date(2026, 6, 11)
    assert mana["links"] == {"project": "https://zhaohengyin.github.io/mana"}


def test_arxiv_old_style_id_and_id_list_with_a_missing_id() -> None:
    old = parse_atom(shared_bytes("arxiv_api/id_astro-ph_0601001_s0_m100_3150dca9dc76.body.xml"))
    assert len(old) == 1 and old[0]["arxiv"] == "astro-ph/0601001"
    assert old[0]["published"] == date(2006, 1, 2)
    assert old[0]["authors"][-1] == "Andrzej Udalski"
    pair = parse_atom(shared_bytes(
        "arxiv_api/id_0808.05394_1707.08567_s0_m100_42e5aa0ec3af.body.xml"))
    assert [e["arxiv"] for e in pair] == ["1707.08567"]


def test_arxiv_2016_format() -> None:
    entries = parse_atom(shared_bytes("arxiv_api/legacy2016_id_list_1111.2011v2.xml"))
    assert len(entries) == 1
    entry = entries[0]
    assert entry["title"] == ("Quantum Criticality for Extended Nodes on a Bethe Lattice in the "
                              "Large Connectivity Limit")
    assert entry["arxiv"] == "1111.2011"
    assert entry["published"] == date(2011, 11, 8)
    assert entry["authors"] == ["James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic"]
    assert entry["abstract"].startswith("Theoretical description of anisotropic systems, such")
    search = parse_atom(shared_bytes("arxiv_api/legacy2016_search_del_maestro_checkerboard.xml"))
    assert search[0]["arxiv"] == "cond-mat/0603029"
    assert search[0]["title"] == ("From stripe to checkerboard order on the square lattice in "
                                  "the presence of quenched disorder")


def test_arxiv_error_entry_is_a_clear_error() -> None:
    recorded = json.loads(shared_bytes("arxiv_api/id_abc_s0_m100_b79c8dcf6bc3.json"))
    assert recorded["status_code"] == 400
    with pytest.raises(SourceError, match="arXiv API error: incorrect id format for abc"):
        parse_atom(recorded["body"].encode())


def test_arxiv_samples_cover_both_formats() -> None:
    new = parse_atom((FIXTURES / "arxiv_api_2026.xml").read_bytes())
    assert public(new[0]) == {
        "title": "Causal Probing of Language Models: A Sample Entry & Its Wrapped Title",
        "arxiv": "2603.01234",
        "authors": ["Ada Example", "Bo Sample"],
        "published": date(2026, 2, 27),
        "abstract": ("We probe language models for causal structure. The abstract is wrapped "
                     "over two lines."),
        "links": {"code": "https://github.com/example-lab/causal-probe",
                  "project": "https://example.org/causal-probe/"},
    }
    assert new[1]["arxiv"] == "hep-th/9901001"
    old = parse_atom((FIXTURES / "arxiv_api_2016.xml").read_bytes())
    assert old[0]["title"] == ("A Sample From the Old Format, With a Title Wrapped Onto a "
                               "Second Line")
    assert old[0]["abstract"] == "Abstracts of this era start with spaces and are hard-wrapped."
    with pytest.raises(SourceError, match="incorrect id format for nope"):
        parse_atom((FIXTURES / "arxiv_api_error.xml").read_bytes())


@pytest.mark.parametrize("data", [
    b"<html><body>Service unavailable</body></html>",
    b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><entry><title>cut",
    b"",
])
def test_arxiv_malformed_responses_are_refused(data: bytes) -> None:
    with pytest.raises(SourceError):
        parse_atom(data, "response")


def test_arxiv_ids_and_query_urls() -> None:
    assert normalise_arxiv("2305.07922") == "2305.07922"
    assert normalise_arxiv("2305.07922v2") == "2305.07922v2"
    assert normalise_arxiv("arXiv:hep-th/9901001") == "hep-th/9901001"
    assert normalise_arxiv("https://arxiv.org/pdf/2305.07922v1.pdf") == "2305.07922v1"
    assert normalise_arxiv("abc") is None
    assert arxiv_in_text("arXiv preprint arXiv:2311.09735") == "2311.09735"
    url = query_url(ids=["2305.07922", "hep-th/9901001"])
    assert url.startswith("https://export.arxiv.org/api/query?")
    assert "id_list=2305.07922%2Chep-th%2F9901001" in url
    assert "search_query=ti%3Acausal+AND+cat%3Acs.CL" in query_url(query="ti:causal AND cat:cs.CL")


# --- arXiv RSS ---------------------------------------------------------------------------------

def test_arxiv_rss_feed() -> None:
    entries = parse_rss(shared_bytes("arxiv_rss/laya-reader_arxiv_rss.xml"))
    assert [e["arxiv"] for e in entries] == ["2609.26811", "2609.26820", "2205.06398",
                                             "2009.13987"]
    first = entries[0]
    assert first["title"] == ("The Drift Contract: Spectral Updates for Depth-Robust Local "
                              "Learning")
    assert first["authors"] == ["Fabien Polly"]
    assert first["published"] == date(2026, 9, 24)
    assert first["abstract"].startswith("Local learning trains each layer with its own")
    assert entries[1]["authors"] == ["Naser Mansour", "Sidahmed Benabderrahmane", "Ameer Rahwan"]
    # cross-lists and replacements of old papers: the feed date is not their publication date
    assert entries[2]["published"] is None and entries[3]["published"] is None


def test_arxiv_rss_sample() -> None:
    entries = parse_rss((FIXTURES / "arxiv_rss_sample.xml").read_bytes())
    assert public(entries[0]) == {
        "title": "A New Paper About Causal Language Models", "arxiv": "2603.00001",
        "authors": ["Ana One", "Ben Two", "Cat Three"], "published": date(2026, 3, 2),
        "abstract": "A short abstract that mentions causal mediation.",
    }
    assert entries[1]["arxiv"] == "2101.00002" and entries[1]["published"] is None


# --- Hugging Face daily papers -----------------------------------------------------------------

def test_hf_daily_papers() -> None:
    entries = parse_daily(shared_bytes("hf_daily_papers/sotawhat_hf_daily_papers.json"))
    assert len(entries) == 30
    first = entries[0]
    assert first["title"] == ("On the Limits of LLM Adaptability: Impact of Model-Internalized "
                              "Priors on Annotation Task Performance")
    assert first["arxiv"] == "2606.00467"
    assert first["authors"] == ["Etienne Casanova", "Rafal Kocielnik", "R. Michael Alvarez"]
    assert first["org"] == "California institute of technology"
    assert first["published"] == date(2026, 5, 30)
    assert first["upvotes"] == 0 and first["links"] == {}
    both = entries[4]
    assert both["links"] == {"code": "https://github.com/jayoohwang1/webchallenger",
                             "project": "https://jayoohwang1.github.io/webchallenger-site/"}
    assert sum(1 for e in entries if "code" in e["links"]) == 16
    assert sum(1 for e in entries if "project" in e["links"]) == 13
    assert sum(1 for e in entries if e["org"]) == 16
    raw = json.loads(shared_bytes("hf_daily_papers/sotawhat_hf_daily_papers.json"))
    assert [e["upvotes"] for e in entries] == [item["paper"]["upvotes"] for item in raw]
    assert [e["arxiv"] for e in entries] == [item["paper"]["id"] for item in raw]
    assert all(isinstance(e["upvotes"], int) for e in entries)
    first3 = parse_daily(shared_bytes("hf_daily_papers/sotawhat_hf_daily_papers.first3.json"))
    assert first3 == entries[:3]


def test_hf_daily_sample_keeps_only_safe_links() -> None:
    entries = parse_daily((FIXTURES / "hf_daily_sample.json").read_bytes())
    assert entries[0]["upvotes"] == 42 and entries[0]["org"] == "Example Lab"
    assert entries[0]["abstract"] == "An abstract with a line break and the word causal."
    assert entries[0]["links"] == {"code": "https://github.com/example-org/everything",
                                   "project": "https://example.org/everything"}
    assert entries[1]["links"] == {}  # javascript: is dropped
    assert api_url(date(2026, 6, 12)) == "https://huggingface.co/api/daily_papers?date=2026-06-12"


@pytest.mark.parametrize("data, message", [
    (b"{not json", "not JSON"),
    (b'{"error": "Invalid date"}', "Hugging Face API error: Invalid date"),
])
def test_hf_daily_bad_input(data: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        parse_daily(data)


# --- BibTeX ------------------------------------------------------------------------------------

def test_hf_daily_reads_every_item_it_can_and_reports_the_others() -> None:
    """Wrong JSON types skip their item with a reason (never stored as "['a', 'b']"); the
    other items are read; an author the page hides is not imported."""
    good = {"paper": {"id": "2401.00001", "title": "Good", "authors": [
        {"name": "Ann", "hidden": False}, {"name": "Hid Den", "hidden": True}]}}
    items = [{"title": "no paper"}, {"paper": {"title": ["a", "b"]}},
             {"paper": {"title": "T", "summary": {"x": 1}}},
             {"paper": {"title": "T", "publishedAt": "2024-02-30T00:00:00Z"}},
             {"paper": {"title": "T", "authors": "Ann"}}, good]
    found = parse_daily(json.dumps(items), "d.json")
    assert [entry["title"] for entry in found] == ["Good"]
    assert found[0]["authors"] == ["Ann"]
    assert [str(s) for s in found.skipped] == [
        "d.json: item 1: no 'paper' object",
        "d.json: item 2: title: expected text, got a list",
        "d.json: item 3: summary: expected text, got an object",
        "d.json: item 4: publishedAt: expected a date like 2026-05-30, got '2024-02-30T00:00:00Z'",
        "d.json: item 5: authors: expected a list"]


def test_json_nested_a_thousand_deep_is_one_line() -> None:
    with pytest.raises(SourceError, match="nested too deeply"):
        parse_daily("[" * 100_000 + "]" * 100_000, "deep.json")


def test_arxiv_rss_keeps_the_text_it_was_given() -> None:
    feed = (b'<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><item>'
            b"<title>A&amp;B uses &lt;mask&gt; tokens</title>"
            b"<link>https://arxiv.org/abs/2401.00001</link>"
            b"<description>arXiv:2401.00001v1 Announce Type: new \nAbstract: A&amp;B fill "
            b"&lt;mask&gt; slots.\n  A second paragraph.</description>"
            b"<dc:creator>Ann Bee, Cy Dee</dc:creator></item></channel></rss>")
    entry = parse_rss(feed)[0]
    assert entry["title"] == "A&B uses <mask> tokens"
    assert entry["abstract"] == "A&B fill <mask> slots.\n\nA second paragraph."
    assert entry["authors"] == ["Ann Bee", "Cy Dee"]


def test_arxiv_atom_feed_is_read_too() -> None:
    entries = parse_rss(shared_bytes("real/arxiv-rss-atom-cs.LG.xml"))
    assert entries[0]["arxiv"] == "2609.28553"
    assert entries[0]["title"].startswith("SMILESGNN: Interpretable Clinical Toxicity")
    assert entries[0]["published"] == date(2026, 9, 25)


def test_bibtex_google_scholar_style_file() -> None:
    text = shared_file("fixtures/bibtex/Awesome-GEM-research_papers.bib").read_text("utf-8")
    entries = parse_bibtex(text)
    assert len(entries) == 23
    assert sum(1 for e in entries if e["arxiv"]) == 22
    gem = entries[0]
    assert gem["title"] == ("GEM-Bench: A Benchmark for Ad-Injected Response Generation within "
                            "Generative Engine Marketing")
    assert gem["arxiv"] is None
    assert gem["links"] == {"paper": "https://doi.org/10.1145/3770855.3817474"}
    geo = entries[1]
    assert geo["title"] == "GEO: Generative Engine Optimization"
    assert geo["arxiv"] == "2311.09735"
    assert geo["authors"][:2] == ["Pranjal Aggarwal", "Vishvak Murahari"]
    by_id = {e["arxiv"]: e for e in entries}
    assert by_id["2402.04889"]["title"] == "Detecting Generated Native Ads in Conversational Search"
    assert "Josué D. Figueroa" in by_id["2508.02630"]["authors"]
    assert "Sébastien Lahaie" in by_id["2406.09459"]["authors"]
    assert by_id["2508.02630"]["title"].endswith("& Emerging Implications for Agentic E-Commerce")


def test_bibtex_sample_finds_arxiv_ids_every_way() -> None:
    entries = parse_bibtex((FIXTURES / "sample.bib").read_text("utf-8"))
    assert [(e["arxiv"], e["title"]) for e in entries] == [
        ("2401.00001", "Causal Abstractions: The Eprint Field"),
        ("2311.00002", "Preprint Named in the Journal Field"),
        ("2205.00003", "Only the URL Knows"),
        (None, "A Conference Paper Without arXiv"),
    ]
    assert entries[0]["authors"] == ["Jörg Müller", "Anna van der Berg"]
    assert entries[1]["authors"] == ["Luis García"]
    assert entries[3]["links"] == {"paper": "https://doi.org/10.1000/example.2021"}


def test_bibtex_syntax_error_skips_that_entry_and_names_its_line(tmp_path: Path) -> None:
    text = "@article{ok, title = {Fine}}\n\n@article{broken,\n  title = {Unclosed,\n"
    found = parse_bibtex(text, "refs.bib")
    assert [entry["title"] for entry in found] == ["Fine"]
    assert len(found.skipped) == 1
    assert str(found.skipped[0]) == "refs.bib:3 (entry 'broken'): unbalanced braces in 'title'"
