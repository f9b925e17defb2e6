"""Importers on real files nobody here wrote (../shared/fixtures/real/, skipped where it is
absent) and on small fixtures of our own that reproduce the same cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from generator.importers.bibtex import parse_bibtex
from generator.importers.detect import sniff
from generator.load.model import PubDate, new_id
from tests.helpers import FIXTURES, SHARED, make_project, mkdocs_build, run_cli, shared_file

REAL = SHARED / "fixtures" / "real"
#: Each real file, the importer that reads it, and what it holds.
REAL_FILES = {
    "arxiv-atom-2026-q_testing_s0_m100_cfe7536492ca.xml": ("arxiv", 100, 0),
    "arxiv-atom-2026-transformer.xml": ("arxiv", 5, 0),
    "arxiv-atom-del_maestro.xml": ("arxiv", 10, 0),
    "arxiv-atom-del_maestro-andnot.xml": ("arxiv", 10, 0),
    "arxiv-atom-id_list-1111.2011v2.xml": ("arxiv", 1, 0),
    "arxiv-atom-2026-id_astro-ph_0601001_s0_m100_3150dca9dc76.xml": ("arxiv", 1, 0),
    "arxiv-atom-2026-id_quant-ph_0201082v1_s0_m100_86989fe779ef.xml": ("arxiv", 1, 0),
    "arxiv-atom-2026-id_0808.05394_1707.08567_s0_m100_42e5aa0ec3af.xml": ("arxiv", 1, 0),
    "arxiv-rss-cs.LG+cs.AI+cs.CL+stat.ML.xml": ("arxiv-rss", 4, 0),
    "arxiv-rss-atom-cs.LG.xml": ("arxiv-rss", 3, 0),
    "hf-daily-2026-06-12.json": ("hf-daily", 30, 0),
    "bibtex-AliaumeL-word-ordering-wqo-papers.bib": ("bibtex", 40, 0),
    "bibtex-srush-do-we-need-attention-anthology.bib": ("bibtex", 47, 0),
    "bibtex-srush-do-we-need-attention-ssm.bib": ("bibtex", 17, 0),
    "bibtex-talesa-probmlbib-bibliography.bib": ("bibtex", 345, 0),
    "bibtex-talesa-probmlbib-dirty.bib": ("bibtex", 121, 23),
}


def test_tricky_bibtex_of_our_own() -> None:
    found = parse_bibtex((FIXTURES / "tricky.bib").read_text(encoding="utf-8"), "tricky.bib")
    by_title = {entry["title"]: entry for entry in found}
    nesterov = by_title["A method of solving a convex programming problem with convergence "
                        "rate $\\mathcal{O}(1/k^2)$"]  # upper-case TITLE, math kept
    assert nesterov["links"] == {"paper": "https://example.org/nesterov"}  # upper-case URL
    assert nesterov["published"] == PubDate.parse("1983")
    wolf = by_title["Transformers: State-of-the-art natural language processing"]
    assert wolf["authors"] == ["Thomas Wolf", "Lysandre Debut", "Victor Sanh",
                               "Julien Chaumond"]
    assert wolf["et_al"] is True and wolf["published"] == PubDate.parse("2020-10")
    gu = by_title["Efficiently Modeling Long Sequences with Structured State Spaces"]
    assert gu["arxiv"] == "2111.00396" and gu["authors"][-1] == "Christopher Ré"
    assert gu["published"] == PubDate.parse("2021-08")
    assert gu["abstract"].endswith("We use 50% less memory and $\\times$ 60 faster.")
    assert by_title["DistilBERT, a distilled version of BERT: smaller, faster, cheaper and "
                    "lighter"]["arxiv"] == "1910.01108"
    assert [str(s).split(" (")[0] for s in found.skipped] == ["tricky.bib:29", "tricky.bib:34"]
    assert "duplicate key 'wolf2020': the entry at line 10 has it too" in str(found.skipped[0])
    assert str(found.skipped[1]).endswith("(entry 'notitle'): no title")


def test_ids_cut_short_end_on_a_word_that_matters() -> None:
    title = ("Efficient Long-Range Attention for Sequence Modeling with Transformers with "
             "Sparse Mixtures")
    assert new_id(title) == "efficient-long-range-attention-for-sequence-modeling"
    assert new_id("A Study of") == "a-study-of"  # not cut: kept whole


def test_options_go_anywhere_on_the_line(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    done = run_cli(project, "import", "bibtex", "--dry-run", str(FIXTURES / "tricky.bib"),
                   "--tag", "t")
    assert done.returncode == 0, done.stderr
    assert "bibtex: 4 found, 4 new" in done.stdout
    assert not (project / "content" / "papers" / "inbox.yaml").exists()


@pytest.mark.parametrize("source, sample, kind", [
    ("arxiv", "arxiv_rss_sample.xml", "this is an arXiv RSS feed: use 'import arxiv-rss'"),
    ("bibtex", "hf_daily_sample.json", "use 'import hf-daily'"),
    ("hf-daily", "sample.bib", "this is a BibTeX file: use 'import bibtex'"),
    ("arxiv-rss", "arxiv_api_2026.xml", "this is an arXiv API answer (Atom): use 'import arxiv'"),
])
def test_the_wrong_importer_names_the_right_one(tmp_path: Path, source: str, sample: str,
                                                kind: str) -> None:
    project = make_project(tmp_path, {})
    done = run_cli(project, "import", source, str(FIXTURES / sample))
    assert done.returncode == 1
    assert kind in done.stderr and "Traceback" not in done.stderr


def test_a_file_with_nothing_to_import_is_an_error(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    strings = tmp_path / "strings.bib"
    strings.write_text("@string{jmlr = {Journal of Machine Learning Research}}\n",
                       encoding="utf-8")
    done = run_cli(project, "import", "bibtex", str(strings))
    assert done.returncode == 1
    assert "a BibTeX file with no entries" in done.stderr
    empty = tmp_path / "empty.json"
    empty.write_text("[]", encoding="utf-8")
    done = run_cli(project, "import", "hf-daily", str(empty))
    assert done.returncode == 1 and "no daily papers found in it" in done.stderr


def test_a_fresh_import_builds_and_untagged_papers_wait_in_the_inbox(tmp_path: Path) -> None:
    project = make_project(tmp_path, {})
    done = run_cli(project, "import", "bibtex", str(FIXTURES / "tricky.bib"))
    assert done.returncode == 0, done.stderr
    check = run_cli(project, "check")
    assert check.returncode == 0
    assert "inbox: 4 papers without tags yet" in check.stdout
    build = mkdocs_build(project)  # --strict: untagged papers are not warnings
    assert build.returncode == 0, build.output
    inbox = (build.site / "inbox" / "index.html").read_text(encoding="utf-8")
    assert inbox.count('class="rl-card"') == 4
    home = (build.site / "index.html").read_text(encoding="utf-8")
    assert 'href="inbox/"' in home and "4 papers without tags yet" in home


def test_old_ids_redirect_and_keep_their_guid(tmp_path: Path) -> None:
    listing = ("- id: new-name\n  title: Renamed\n  aliases: [old-name]\n  added: 2024-05-01\n"
               "  tags: [t]\n- id: other\n  title: Other\n  added: 2024-05-02\n  tags: [t]\n")
    build = mkdocs_build(make_project(tmp_path, {"list.yaml": listing}))
    assert build.returncode == 0, build.output
    moved = (build.site / "papers" / "old-name" / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../../papers/new-name/">' in moved
    assert ('<link rel="canonical" href="https://example.github.io/reading-list/papers/'
            'new-name/">') in moved
    feed = json.loads((build.site / "feed.json").read_text(encoding="utf-8"))
    item = next(i for i in feed["items"] if i["title"] == "Renamed")
    assert item["id"] == "https://example.github.io/reading-list/papers/old-name/"
    assert item["url"] == "https://example.github.io/reading-list/papers/new-name/"


def test_an_alias_that_is_another_papers_id_is_an_error(tmp_path: Path) -> None:
    listing = ("- id: a\n  title: A\n  aliases: [b]\n  added: 2024-05-01\n  tags: [t]\n"
               "- id: b\n  title: B\n  added: 2024-05-01\n  tags: [t]\n")
    done = run_cli(make_project(tmp_path, {"list.yaml": listing}), "check")
    assert done.returncode == 2
    assert ("content/papers/list.yaml:1:3: paper 'a': aliases: alias 'b' is the id of the "
            "paper at content/papers/list.yaml:6") in done.stdout


# --- the real files ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(REAL_FILES))
def test_each_real_file_is_recognised_and_read(name: str, tmp_path: Path) -> None:
    path = shared_file(f"fixtures/real/{name}")
    source, found, skipped = REAL_FILES[name]
    assert sniff(path.read_bytes()).importer == source
    project = make_project(tmp_path, {})
    done = run_cli(project, "import", source, str(path), "--dry-run")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith(f"{source}: {found} found")
    assert done.stderr.count("  skipped ") == skipped
    for other in ("arxiv", "arxiv-rss", "hf-daily", "bibtex", "hf-page"):
        if other != source:
            wrong = run_cli(project, "import", other, str(path), "--dry-run")
            assert wrong.returncode == 1 and f"use 'import {source}'" in wrong.stderr, other


@pytest.mark.slow
def test_every_real_file_imported_into_one_list_builds(tmp_path: Path) -> None:
    shared_file("fixtures/real/SOURCES.txt")
    project = make_project(tmp_path, {})
    for name, (source, _, _) in sorted(REAL_FILES.items()):
        done = run_cli(project, "import", source, str(REAL / name))
        assert done.returncode == 0, (name, done.stderr)
    entries = yaml.safe_load((project / "content" / "papers" / "inbox.yaml").read_text("utf-8"))
    assert len(entries) > 500
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output[-3000:]


def test_the_pull_request_lists_the_new_papers_with_links_to_their_lines(
        tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", {})
    summary = tmp_path / "summary.md"
    done = run_cli(project, "import", "bibtex", str(FIXTURES / "tricky.bib"), "--summary",
                   str(summary), "--link-base", "https://github.com/o/r/blob/import")
    assert done.returncode == 0, done.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("**4 new papers**, added with status `to-read`")
    assert "give each paper tags" in text
    inbox = (project / "content" / "papers" / "inbox.yaml").read_text("utf-8").splitlines()
    line = next(n for n, row in enumerate(inbox, start=1) if "DistilBERT" in row) - 1
    assert inbox[line - 1].startswith("- id:")  # the entry starts on the line linked
    # read as GitHub reads it: the title links to its lines, and nothing else acts
    from markdown_it import MarkdownIt

    from tests.safety import check_pull_request_body

    assert (f'<a href="https://github.com/o/r/blob/import/content/papers/inbox.yaml#L{line}">'
            "DistilBERT, a distilled version of BERT: smaller, faster, cheaper and lighter</a>"
            " · arXiv 1910.01108") in MarkdownIt("gfm-like").render(text)
    assert check_pull_request_body(text, "summary", ("https://github.com/o/r/blob/",)) == []


def test_the_daily_workflow_resolves_and_describes_its_pull_request() -> None:
    steps = yaml.safe_load((Path(__file__).resolve().parents[1] / ".github" / "workflows"
                            / "import.yml").read_text(encoding="utf-8"))["jobs"]["import"]
    scripts = "\n".join(step.get("run", "") for step in steps["steps"])
    assert 'python -m generator resolve --summary "$RUNNER_TEMP/summary.md"' in scripts
    assert '--body-file "$RUNNER_TEMP/summary.md"' in scripts
    assert scripts.index("generator import") < scripts.index("generator resolve") \
        < scripts.index("generator check")
