"""CSL-JSON, RIS and awesome lists: each parser on exports written as real ones look, the
detection that names the importer, and the command a curator runs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from generator.importers import detect
from generator.importers.awesome import generic, parse_awesome
from generator.importers.common import KEYWORDS, WHERE, SourceError
from generator.importers.csl_json import parse_csl, rich_text
from generator.importers.ris import parse_ris
from tests.helpers import FIXTURES, make_project, run_cli, shared_file


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8-sig")


def short(entries: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return [(e["title"], e["arxiv"], str(e["published"] or "")) for e in entries]


# --- CSL-JSON -----------------------------------------------------------------------------------

def test_zotero_csl_json() -> None:
    found = parse_csl((FIXTURES / "zotero.csl.json").read_bytes(), "zotero.csl.json")
    assert short(found) == [
        ("Attention Is All You Need", "1706.03762", "2017-06-12"),
        ("Highly accurate protein structure prediction with AlphaFold", None, "2021-08"),
        ("A Pipelined Radix-2$^{k}$ Feedforward FFT Architecture for CO₂ Sensing", None,
         "2019-06"),
        ("Direct Preference Optimization: Your Language Model is Secretly a Reward Model",
         "2305.18290", "2023-05-29"),
    ]
    attention, alphafold, fft, _ = found
    assert attention["authors"] == ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar"]
    # the paragraph rule of every importer: a line break alone is a hard wrap
    assert "\n" not in attention["abstract"]
    assert attention["links"] == {}  # the arXiv id gives them
    assert attention[KEYWORDS] == ["Computer Science - Computation and Language",
                                     "Computer Science - Machine Learning"]
    assert alphafold["authors"][-1] == "Augustin Žídek"
    assert alphafold["links"] == {"paper": "https://www.nature.com/articles/s41586-021-03819-2"}
    assert fft["authors"] == ["Mario Garrido", "IEEE Signal Processing Society"]
    assert fft["links"] == {"paper": "https://doi.org/10.1109/ARITH.2019.00027"}
    assert [str(s) for s in found.skipped] == [
        "zotero.csl.json:110 (item 4, 'http://zotero.org/users/local/kQ3hVt2F/items/6MQX3JZB'): "
        "a proceedings volume or edited collection (editors only), not a paper",
        "zotero.csl.json:134 (item 5, 'http://zotero.org/users/local/kQ3hVt2F/items/UZ4TKGSP'): "
        "no title",
    ]


def test_pandoc_and_manubot_csl_json() -> None:
    found = parse_csl((FIXTURES / "manubot.csl.json").read_bytes(), "refs.json")
    assert short(found) == [
        ("BERT: Pre-training of deep bidirectional transformers for language understanding",
         None, "2019-06"),
        ("Mamba: Linear-time sequence modeling with selective state spaces", "2312.00752",
         "2023-12-01"),
        ("LoRA: Low-Rank Adaptation of Large Language Models", "2106.09685", "2021-06-17"),
        ("Counterfactuals in do-calculus: An axiomatic view", None, ""),
    ]
    assert found[0]["links"] == {"paper": "https://aclanthology.org/N19-1423"}
    assert found[3]["authors"] == ["Anna van den Berg", "Jörg Müller"]
    assert [str(s) for s in found.skipped] == [
        "refs.json:117 (item 5, 'nguyen2020bad'): no such date: 2020-13"]


@pytest.mark.parametrize(("title", "text"), [
    ("<i>E. coli</i> and CO<sub>2</sub>", "E. coli and CO₂"),
    ("x<sup>2</sup> + y<sup>n+1</sup>", "x² + y$^{n+1}$"),
    ("<span class=\"nocase\">iPhone</span> <b>apps</b>", "iPhone apps"),
    ("<span style=\"font-variant:small-caps;\">Bert</sc>", "Bert"),
    ("Footnote<sup>a very long note</sup>", "Footnotea very long note"),
    ("x < y & z > w", "x < y & z > w"),  # no CSL markup: characters, kept
    ("AT&amp;T <i>labs</i>", "AT&T labs"),
])
def test_csl_rich_text_is_plain_text_with_math(title: str, text: str) -> None:
    assert rich_text(title) == text


def test_csl_json_forms_and_dates(tmp_path: Path) -> None:
    items = {"items": [
        {"id": "a", "type": "article-journal", "title": "Year only",
         "issued": {"date-parts": [["2019"]]}},
        {"id": "b", "type": "article", "title": "Raw date", "issued": {"raw": "2020/03"}},
        {"id": "c", "type": "article", "title": "Literal date",
         "issued": {"literal": "Spring 2018"}},
        {"id": "d", "type": "article", "title": "Old arXiv note",
         "container-title": "arXiv:1412.6980 [cs]"},
        {"id": "e", "type": "article", "title": "arXiv DOI", "DOI": "10.48550/arXiv.2312.00752"},
        {"id": "f", "type": "article", "title": ["not", "text"]},
    ]}
    data = ("\ufeff" + json.dumps(items, indent=2)).encode()
    found = parse_csl(data, "lib.json")
    assert short(found) == [("Year only", None, "2019"), ("Raw date", None, "2020-03"),
                            ("Literal date", None, "2018"),
                            ("Old arXiv note", "1412.6980", ""), ("arXiv DOI", "2312.00752", "")]
    openings = [n for n, line in enumerate(json.dumps(items, indent=2).splitlines(), start=1)
                if line == "    {"]
    assert [str(s) for s in found.skipped] == [
        f"lib.json:{openings[5]} (item 6, 'f'): title: expected text, got list"]
    single = parse_csl(json.dumps(items["items"][0]).encode(), "one.json")
    assert short(single) == [("Year only", None, "2019")]
    with pytest.raises(SourceError, match="not CSL-JSON"):
        parse_csl(b'{"data": 1}', "x.json")


# --- RIS ----------------------------------------------------------------------------------------

def test_zotero_ris_with_bom_and_crlf() -> None:
    raw = (FIXTURES / "zotero.ris").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    found = parse_ris(raw.decode("utf-8-sig"), "zotero.ris")
    assert short(found) == [
        ("Attention Is All You Need", "1706.03762", "2017-06-12"),
        ("Deep Residual Learning for Image Recognition", None, "2016-06"),
        ("Schrödinger bridges for generative modeling", None, "2021"),
    ]
    assert found[0]["authors"][:2] == ["Ashish Vaswani", "Noam Shazeer"]
    assert found[1]["links"] == {"paper": "https://ieeexplore.ieee.org/document/7780459"}
    assert found[1][KEYWORDS] == ["Training", "Neural networks", "Image recognition"]
    assert [str(s) for s in found.skipped] == ["zotero.ris:56: no title (TI or T1)"]


def test_endnote_ris() -> None:
    found = parse_ris(fixture_text("endnote.ris"), "endnote.ris")
    assert short(found) == [
        ("Deep learning", None, "2015-05-01"),
        ("Adam: A Method for Stochastic Optimization", "1412.6980", "2015-05-07"),
        ("Denoising Diffusion Probabilistic Models", "2006.11239", "2020"),
    ]
    deep, adam, _ = found
    assert deep["authors"] == ["Yann LeCun", "Yoshua Bengio", "Geoffrey Hinton"]
    assert deep["links"] == {"paper": "https://doi.org/10.1038/nature14539"}
    assert adam["abstract"] == ("We introduce Adam, an algorithm for first-order gradient-based "
                                "optimization of stochastic objective functions, based on "
                                "adaptive estimates of lower-order moments.")  # wrapped line
    assert adam[KEYWORDS] == ["optimization", "stochastic gradient descent"]
    assert [str(s) for s in found.skipped] == [
        "endnote.ris:36 (NeurIPS2018): a proceedings volume or edited book (editors only), "
        "not a paper",
        "endnote.ris:48 (Radford2019): no title (TI or T1)",
    ]


def test_web_of_science_ris() -> None:
    found = parse_ris(fixture_text("wos.ris"), "wos.ris")
    assert short(found) == [
        ("Mastering the game of Go with deep neural networks and tree search", None,
         "2016-01-28"),  # DA JAN 28 with PY 2016
        ("Attention Is All You Need", None, "2017"),
        ("Highly accurate protein structure prediction with AlphaFold", None, "2021-08-26"),
    ]
    assert found[0]["authors"] == ["D Silver", "A Huang", "CJ Maddison", "A Guez"]
    assert found.skipped == []


def test_ris_records_cut_short_or_run_together_are_reported_with_their_line() -> None:
    text = ("TY  - JOUR\nTI  - First\nAU  - One, A\nPY  - 2020\nER  - \n\n"
            "TY  - JOUR\n\nTI  - Blank line after TY\nPY  - 2021\nER  - \n\n"
            "TY  - JOUR\nTI  - No end\nTY  - JOUR\nTI  - Swallowed\nER  - \n\n"
            "TY  - JOUR\nTI  - Cut short\nAU  - Two, B\n")
    found = parse_ris(text, "lib.ris")
    assert short(found) == [("First", None, "2020"), ("Blank line after TY", None, "2021")]
    assert [str(s) for s in found.skipped] == [
        "lib.ris:13: no 'ER' line before the next record's 'TY' at line 15: the two records "
        "are run together; add 'ER  - ' between them",
        "lib.ris:19: the file ends before this record's 'ER' line (cut short?)",
    ]


# --- awesome lists ------------------------------------------------------------------------------

def test_awesome_list_papers_links_tags_and_notes() -> None:
    found = parse_awesome(fixture_text("awesome.md"), "awesome.md")
    by_title = {entry["title"]: entry for entry in found}
    assert short(found) == [
        ("Efficient Transformers: A Survey", "2009.06732", "2022"),
        ("A Survey on Efficient Inference for Large Language Models", "2404.14294", "2024"),
        ("Longformer: The Long-Document Transformer", "2004.05150", "2020"),
        ("LongT5: Efficient Text-To-Text Transformer for Long Sequences", None, "2022"),
        ("Big Bird: Transformers for Longer Sequences", None, "2020"),
        ("Generating Long Sequences with Sparse Transformers", "1904.10509", ""),
        ("Reformer: The Efficient Transformer", None, "2020"),
        ("Transformers are RNNs: Fast Autoregressive Transformers with Linear Attention", None,
         "2020"),
        ("Rethinking Attention with Performers", None, "2021"),
        ("FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness",
         "2205.14135", "2022"),
        ("Efficiently Modeling Long Sequences with Structured State Spaces", None, "2022"),
        ("Mamba: Linear-Time Sequence Modeling with Selective State Spaces", "2312.00752", ""),
        ("DistilBERT, a distilled version of BERT: smaller, faster, cheaper and lighter",
         "1910.01108", ""),
        ("LLM.int8(): 8-bit Matrix Multiplication for Transformers at Scale", "2208.07339", ""),
        ("TinyBERT", None, ""),
    ]
    longformer = by_title["Longformer: The Long-Document Transformer"]
    assert longformer["tags"] == ["attention", "sparse-attention"]
    assert longformer["links"] == {"code": "https://github.com/allenai/longformer"}
    big_bird = by_title["Big Bird: Transformers for Longer Sequences"]
    assert big_bird["links"]["pdf"].startswith("https://proceedings.neurips.cc/")
    assert big_bird["links"]["code"] == "https://github.com/google-research/bigbird"
    survey = by_title["Efficient Transformers: A Survey"]
    assert survey["note"] == ("Yi Tay, Mostafa Dehghani, Dara Bahri, Donald Metzler. "
                              "ACM Computing Surveys 2022.")
    performers = by_title["Rethinking Attention with Performers"]
    assert performers["note"] == "Venue: ICLR." and performers["tags"][-1] == "linear-attention"
    # a sub-item of a paper without a paper link is part of it: its repository is the code
    distil = by_title["DistilBERT, a distilled version of BERT: smaller, faster, cheaper and "
                      "lighter"]
    assert distil["links"]["code"].startswith("https://github.com/huggingface/transformers/")
    # an arXiv DOI is an arXiv id; the ACM page stays the paper link
    int8 = by_title["LLM.int8(): 8-bit Matrix Multiplication for Transformers at Scale"]
    assert int8["links"] == {"paper": "https://dl.acm.org/doi/10.5555/3600270.3602468"}
    assert [str(s) for s in found.skipped] == [
        "awesome.md:56: links to a paper but names no title (no bold text, no link text, no "
        "text before the link)"]
    assert found.merged == [
        "awesome.md:48 ('Mamba'): merged into awesome.md:47 ('Mamba: Linear-Time Sequence "
        "Modeling with Selective State Sp'), the same arXiv id",
        "awesome.md:48 ('S4'): merged into awesome.md:46 ('Efficiently Modeling Long Sequences "
        "with Structured State Sp'), the same paper link"]
    assert longformer[WHERE].startswith("awesome.md:") and found[0][WHERE].startswith(
        "awesome.md:")
    assert found.items == 33
    assert dict(found.left_out) == {
        "in the 'Table of Contents' section": 7, "in the 'Contributing' section": 2,
        "read as details of the paper above them": 2,
        "linking to no paper host (blog posts, pages, tools)": 2,
        "linking only to repositories (tools, code)": 1, "linking to videos": 1,
        "without a link": 1}
    # every list item and table row is accounted for
    papers = len(found) + len(found.merged) + len(found.skipped)
    assert papers + sum(found.left_out.values()) == found.items + 1  # one item names two


@pytest.mark.parametrize(("text", "is_generic"), [
    ("pdf", True), ("[PDF]", True), ("arXiv", True), ("Paper", True), ("link", True),
    ("arXiv:2106.07139", True), ("CVPR 2021", True), ("NeurIPS'19", True), ("📄 Paper", True),
    ("https://arxiv.org/abs/2106.07139", True), ("code & model", True),
    ("GEO", False), ("The Agentic Economy", False), ("Attention Is All You Need", False),
])
def test_generic_link_texts(text: str, is_generic: bool) -> None:
    assert generic(text) is is_generic


def test_awesome_nested_items_and_several_papers_in_one_item() -> None:
    text = (
        "# List\n\n## Topic A\n\n"
        "- **Paper One** [[arXiv](https://arxiv.org/abs/2101.00001v2)]\n"
        "  - code: https://github.com/one/one\n"
        "  - a sub-paper: [Paper Two](https://openreview.net/forum?id=abc)\n"
        "- Group heading in a bullet\n"
        "  - [Paper Three](https://arxiv.org/pdf/2101.00003.pdf) (ICML 2021)\n"
        "- Read [Paper Four](https://arxiv.org/abs/2101.00004) and "
        "[Paper Five](https://aclanthology.org/2021.acl-long.1/).\n"
        "\n## License\n\n- [Paper Six](https://arxiv.org/abs/2101.00006)\n")
    found = parse_awesome(text, "x.md")
    assert short(found) == [("Paper One", "2101.00001", ""), ("Paper Two", None, ""),
                            ("Paper Three", "2101.00003", "2021"),
                            ("Paper Four", "2101.00004", ""), ("Paper Five", None, "")]
    assert found[0]["links"] == {"code": "https://github.com/one/one"}
    assert all(entry["tags"] == ["topic-a"] for entry in found)
    assert found.left_out == {"read as details of the paper above them": 1,
                              "without a link": 1, "in the 'License' section": 1}


# --- detection ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "importer"), [
    ("zotero.csl.json", "csl-json"), ("manubot.csl.json", "csl-json"), ("zotero.ris", "ris"),
    ("endnote.ris", "ris"), ("wos.ris", "ris"), ("awesome.md", "awesome"),
    ("sample.bib", "bibtex"), ("hf_daily_sample.json", "hf-daily"),
    ("hf_page_sample.txt", "hf-page"), ("arxiv_api_2026.xml", "arxiv"),
])
def test_detection_names_the_importer(name: str, importer: str) -> None:
    assert detect.sniff((FIXTURES / name).read_bytes()).importer == importer


@pytest.mark.parametrize(("text", "importer", "description"), [
    ("[![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n\n# Papers\n\n"
     "- [A](https://arxiv.org/abs/2101.00001)\n", "awesome", "a Markdown file"),
    ("# Papers\n\n- [A](https://arxiv.org/abs/2101.00001)\n\n```bibtex\n@article{a,\n"
     "  title={A}\n}\n```\n", "awesome", "a Markdown file"),
    ("- title: A\n  url: https://arxiv.org/abs/2101.00001\n  note: see [B](https://x.org)\n"
     "- title: C\n  year: 2020\n", None, "a YAML file"),
    ("FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Smith, J\nTI A\nER\n\nEF\n",
     None, "a Web of Science plain-text export (export it as RIS instead)"),
    ("\r\n\r\nTY  - JOUR\r\nTI  - A\r\nER  - \r\n", "ris", "a RIS file"),
])
def test_detection_of_new_kinds(text: str, importer: str | None, description: str) -> None:
    found = detect.sniff(text.encode())
    assert (found.importer, found.description) == (importer, description)


# --- the command --------------------------------------------------------------------------------

HAND_WRITTEN = "# mine\n- title: Kept as written   # a comment\n  added: 2024-01-02\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project", {"mine.yaml": HAND_WRITTEN})


def snapshot(project: Path) -> dict[str, bytes]:
    return {p.relative_to(project).as_posix(): p.read_bytes()
            for p in sorted((project / "content").rglob("*")) if p.is_file()}


@pytest.mark.parametrize(("name", "source", "new"), [
    ("zotero.csl.json", "csl-json", 4), ("manubot.csl.json", "csl-json", 4),
    ("zotero.ris", "ris", 3), ("endnote.ris", "ris", 3), ("wos.ris", "ris", 3),
    ("awesome.md", "awesome", 15),
])
def test_import_a_file_without_its_kind(project: Path, name: str, source: str,
                                        new: int) -> None:
    before = snapshot(project)
    dry = run_cli(project, "import", str(FIXTURES / name), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines()[0].endswith(f", read with 'import {source}'")
    merged = 2 if source == "awesome" else 0  # a paper the list names twice
    assert f"{source}: {new + merged} found, {new} new" in dry.stdout
    assert dry.stdout.count("  would add ") == new
    assert snapshot(project) == before
    done = run_cli(project, "import", str(FIXTURES / name))
    assert done.returncode == 0, done.stderr
    inbox = project / "content" / "papers" / "inbox.yaml"
    listed = yaml.safe_load(inbox.read_text(encoding="utf-8"))
    assert len(listed) == new and all(e["status"] == "to-read" for e in listed)
    outside_math = [re.sub(r"\$[^$]*\$", "", e["title"]) for e in listed]
    assert all(not re.search(r"\\[a-zA-Z]|[{}]", title) for title in outside_math)
    check = run_cli(project, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert f"ok: {new + 1} papers" in check.stdout
    assert (project / "content" / "papers" / "mine.yaml").read_text() == HAND_WRITTEN


def test_skipped_entries_and_left_out_items_are_reported(project: Path) -> None:
    done = run_cli(project, "import", "awesome", str(FIXTURES / "awesome.md"), "--dry-run")
    assert done.returncode == 0
    assert re.search(r"skipped .*awesome\.md:56: links to a paper but names no title", done.stderr)
    assert ("awesome: 17 found, 15 new, 0 already listed, 2 merged as the same work, 1 without a "
            "title; 16 other items left out: 7 in the 'Table of Contents' section, 2 read as "
            "details of the paper above them") in done.stdout
    assert re.search(r"awesome\.md:48 \('Mamba'\): merged into .*awesome\.md:47 \('Mamba: ",
                     done.stdout)
    ris = run_cli(project, "import", "ris", str(FIXTURES / "endnote.ris"), "--dry-run")
    assert "endnote.ris:36 (NeurIPS2018): a proceedings volume" in ris.stderr


def test_a_file_of_another_kind_is_refused_naming_its_importer(project: Path) -> None:
    before = snapshot(project)
    for source, name, right in [("ris", "zotero.csl.json", "csl-json"),
                                ("csl-json", "zotero.ris", "ris"),
                                ("awesome", "sample.bib", "bibtex"),
                                ("bibtex", "awesome.md", "awesome"),
                                ("hf-daily", "manubot.csl.json", "csl-json")]:
        done = run_cli(project, "import", source, str(FIXTURES / name))
        assert done.returncode == 1, (source, name)
        assert f"use 'import {right}'" in done.stderr and "nothing was written" in done.stderr
    other_list = project / "reading_list.yml"  # another site's YAML list, arXiv URLs and all
    other_list.write_text("- title: A\n  url: https://arxiv.org/abs/2101.00001\n"
                          "- title: B\n  url: https://arxiv.org/abs/2101.00002\n")
    done = run_cli(project, "import", "awesome", str(other_list))
    assert done.returncode == 1 and "this is a YAML file, which no importer reads" in done.stderr
    nothing = run_cli(project, "import", str(FIXTURES / "../test_readme.py"))
    assert nothing.returncode == 1 and "which no importer reads" in nothing.stderr
    unknown = run_cli(project, "import", "zotero")
    assert unknown.returncode == 1 and "neither a source" in unknown.stderr
    assert snapshot(project) == before


def test_keywords_become_tags_only_when_asked(project: Path) -> None:
    inbox = project / "content" / "papers" / "inbox.yaml"
    run_cli(project, "import", "ris", str(FIXTURES / "zotero.ris"))
    assert all(not e.get("tags") for e in yaml.safe_load(inbox.read_text()))
    inbox.unlink()
    done = run_cli(project, "import", "ris", str(FIXTURES / "zotero.ris"), "--keywords-as-tags",
                   "--tag", "mine")
    assert done.returncode == 0, done.stderr
    tags = {e["title"]: e["tags"] for e in yaml.safe_load(inbox.read_text())}
    assert tags["Deep Residual Learning for Image Recognition"] == [
        "training", "neural-networks", "image-recognition", "mine"]
    assert tags["Attention Is All You Need"][:2] == [
        "computer-science-computation-and-language", "computer-science-machine-learning"]
    bib = project / "keywords.bib"
    bib.write_text("@article{a, title={Tagged}, author={Doe, J}, year={2020},\n"
                   "  keywords={Causal inference; LLMs, Benchmarks}}\n", encoding="utf-8")
    done = run_cli(project, "import", str(bib), "--keywords-as-tags")
    assert done.returncode == 0, done.stderr
    tagged = [e for e in yaml.safe_load(inbox.read_text()) if e["title"] == "Tagged"]
    assert tagged[0]["tags"] == ["causal-inference", "llms", "benchmarks"]


def test_filters_and_into_work_on_the_new_sources(project: Path) -> None:
    target = project / "content" / "papers" / "mine.yaml"
    done = run_cli(project, "import", "awesome", str(FIXTURES / "awesome.md"), "--into",
                   str(target), "--match", "attention|transformer", "--exclude", "survey",
                   "--tag", "efficient")
    assert done.returncode == 0, done.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith(HAND_WRITTEN)
    titles = [e["title"] for e in yaml.safe_load(text)[1:]]
    assert titles and all(re.search("attention|transformer", t, re.I) for t in titles)
    assert not any("Survey" in t for t in titles)
    assert all("efficient" in e["tags"] for e in yaml.safe_load(text)[1:])


# --- the rules every importer has, on the new sources ------------------------------------------

LISTED = ("- id: attention\n  title: Attention Is All You Need\n  authors: [Ashish Vaswani]\n"
          "  published: 2017\n  added: 2024-01-02\n")
#: Three records, each ended by "ER  - " (the space is RIS's): the journal version, its arXiv
#: preprint a year earlier, and another work with the title (another DOI).
SAME_WORK_RIS = "\n".join(f"TY  - JOUR\n{record}ER  - \n" for record in (
    "ID  - journal\nTI  - Deep Residual Learning for Image Recognition\nAU  - He, Kaiming\n"
    "PY  - 2016\nDO  - 10.1109/CVPR.2016.90\n",
    "ID  - preprint\nTI  - Deep residual learning for image recognition\nAU  - He, K.\n"
    "PY  - 2015\nUR  - https://arxiv.org/abs/1512.03385\n",
    "ID  - other-doi\nTI  - Deep Residual Learning for Image Recognition\nAU  - He, Kaiming\n"
    "PY  - 2016\nDO  - 10.5555/other\n"))


def test_the_same_work_rule_names_places_in_ris_csl_and_awesome_lists(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", {"mine.yaml": LISTED})
    ris = tmp_path / "same.ris"
    ris.write_text(SAME_WORK_RIS, encoding="utf-8")
    done = run_cli(project, "import", "ris", str(ris))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "ris: 3 found, 2 new, 0 already listed, 1 merged as the same work"
    assert lines[1] == (f"  {ris}:9 (preprint): merged into {ris}:1 (journal), the same title "
                        "and first author, one the other's arXiv preprint")
    inbox = yaml.safe_load((project / "content" / "papers" / "inbox.yaml").read_text())
    merged, other = inbox  # different DOIs: different works
    assert (merged["arxiv"], str(merged["published"])) == ("1512.03385", "2015")
    assert merged["links"] == {"paper": "https://doi.org/10.1109/CVPR.2016.90"}
    assert other["id"] == "deep-residual-learning-for-image-recognition"
    csl = tmp_path / "refs.json"
    csl.write_text(json.dumps([{"id": "v", "type": "article-journal", "title":
                                "Attention is all you need", "author": [
                                    {"family": "Vaswani", "given": "Ashish"}],
                                "issued": {"date-parts": [[2017, 12]]}}], indent=1))
    again = run_cli(project, "import", str(csl), str(ris), "--dry-run")
    assert again.returncode == 0, again.stderr
    assert (f"  {csl}:2 (item 1, 'v'): already listed as 'attention' at "
            "content/papers/mine.yaml:1 (the same title, first author and year)") in again.stdout
    assert "ris: 3 found, 0 new, 3 already listed" in again.stdout
    awesome = tmp_path / "list.md"
    awesome.write_text("# Papers\n\n## Attention\n\n"
                       "- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n"
                       "- **A survey** [[paper](https://doi.org/10.1000/ONE)]\n"
                       "- **A survey** [[paper](https://doi.org/10.1000/two)]\n"
                       "- **A survey** [[pdf](https://doi.org/10.1000/one)] (2020)\n")
    listed = run_cli(project, "import", "awesome", str(awesome), "--dry-run")
    assert listed.stdout.splitlines()[0] == ("awesome: 4 found, 2 new, 1 already listed, 1 merged "
                                             "as the same work")
    assert f"  {awesome}:5 ('Attention Is All You Need'): already listed as 'attention'" \
        in listed.stdout
    assert f"  {awesome}:8 ('A survey'): merged into {awesome}:6 ('A survey')" in listed.stdout


def test_entries_of_the_new_sources_that_would_not_validate_are_skipped_where_they_are(
        tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", {})
    csl = tmp_path / "refs.json"
    csl.write_text(json.dumps([{"id": "ok", "type": "article", "title": "Fine"},
                               {"id": "bell", "type": "article", "title": "Ring the \abell"},
                               {"id": "lost", "type": "article", "title": "Lost",
                                "author": [{"family": "Sch\ufffdfl", "given": "A."}]}],
                              indent=2))
    ris = tmp_path / "lib.ris"
    ris.write_text("TY  - JOUR\nTI  - Fine too\nER  - \n\nTY  - JOUR\nID  - bell\n"
                   "TI  - Ring the \abell\nER  - \n", encoding="utf-8")
    done = run_cli(project, "import", str(csl), str(ris))
    assert done.returncode == 0, done.stderr
    assert "csl-json: 3 found, 2 new, 0 already listed, 1 that would not validate" in done.stdout
    assert "ris: 2 found, 1 new, 0 already listed, 1 that would not validate" in done.stdout
    assert f"  skipped {csl}:7 (item 2, 'bell'): title: contains control character U+0007" \
        in done.stderr
    assert f"  skipped {ris}:5 (bell): title: contains control character U+0007" in done.stderr
    assert f"  warning: {csl}:12 (item 3, 'lost'): authors: 'A. Sch\ufffdfl' has U+FFFD" \
        in done.stderr
    assert run_cli(project, "check").returncode == 0


def test_the_summary_counts_the_new_sources_by_reason(project: Path) -> None:
    ris = run_cli(project, "import", "ris", str(FIXTURES / "endnote.ris"), "--dry-run")
    assert ris.stdout.splitlines()[0] == ("ris: 3 found, 3 new, 0 already listed, "
                                          "1 volumes (not papers), 1 without a title")
    csl = run_cli(project, "import", "csl-json", str(FIXTURES / "manubot.csl.json"), "--dry-run")
    assert csl.stdout.splitlines()[0] == ("csl-json: 4 found, 4 new, 0 already listed, "
                                          "1 with unreadable values")


def test_the_new_sources_read_text_as_every_importer_does() -> None:
    """LaTeX outside math as Unicode by the one decoder (a bare % is a percent sign, ``\\href``
    is text and URL), math as written, and the one paragraph rule, here over CSL's markup."""
    item = {"id": "x", "type": "article",
            "title": "Schr{\\\"o}dinger bridges \\& 50% of {C}ases in $O(n^2)$",
            "author": [{"family": "Erd\\H{o}s", "given": "Paul"}],
            "abstract": "<jats:title>Abstract</jats:title><jats:p>First: code \\href{https://"
                        "github.com/a/b}{here}.</jats:p><jats:p>Second\nwrapped.</jats:p>"}
    found = parse_csl(json.dumps([item]).encode(), "refs.json")
    assert found[0]["title"] == "Schrödinger bridges & 50% of Cases in $O(n^2)$"
    assert found[0]["authors"] == ["Paul Erdős"]
    assert found[0]["abstract"] == ("First: code here (https://github.com/a/b).\n\n"
                                    "Second wrapped.")
    ris = parse_ris("TY  - JOUR\nTI  - M{\\\"u}ller's 100% \\textbackslash{} guide\n"
                    "AU  - M{\\\"u}ller, J{\\\"o}rg\nER  - \n", "r.ris")
    assert (ris[0]["title"], ris[0]["authors"]) == ("Müller's 100% \\ guide", ["Jörg Müller"])
    # Markdown's own escapes are Markdown's (\\" is a quote); LaTeX that is left is decoded
    listed = parse_awesome("## Graphs\n\n- [Erd\\H{o}s graphs -- a survey](https://arxiv.org/"
                           "abs/2101.00001)\n", "l.md")
    assert listed[0]["title"] == "Erdős graphs – a survey"


# --- real awesome lists from other projects -----------------------------------------------------

@pytest.mark.parametrize("name", ["thunlp_PLMpapers_README.md",
                                  "Awesome-GEM-research_README.md"])
def test_real_awesome_lists(name: str) -> None:
    """Checked against an independent reading: every arXiv paper linked from a list item or
    table row outside the contents is imported, with its id."""
    path = shared_file(f"fixtures/reading_lists/{name}")
    text = path.read_text(encoding="utf-8")
    found = parse_awesome(text, name)
    lines, in_item = [], False
    for line in text.splitlines():  # list items and rows, with their continuation lines
        starts = re.match(r"\s*(?:[-*+]|\d+\.|\|)\s", line) is not None
        in_item = starts or (in_item and bool(line.strip()) and not line.startswith("#"))
        if in_item and "](#" not in line:
            lines.append(line)
    linked = {m.group(1) for line in lines
              for m in re.finditer(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})", line)}
    imported = {entry["arxiv"] for entry in found if entry["arxiv"]}
    assert imported == linked
    assert all(entry["title"] and not generic(entry["title"]) for entry in found)
    assert not found.skipped
    accounted = len(found) + len(found.merged) + sum(found.left_out.values())
    assert accounted >= found.items  # items naming several papers count once per paper
