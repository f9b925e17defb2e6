"""Every importable file of ../shared/fixtures/real2/ (real exports from other projects;
SOURCES.txt there says where each is from) imports, checked against an independent reading
of the source: entries in the source = imported + merged + skipped with a reason; titles
and names free of TeX outside math; a date wherever the source has a year; every arXiv id
the source names found. Skipped where ../shared is absent."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.importers.detect import sniff
from tests.helpers import SHARED, make_project, mkdocs_build, run_cli, shared_file

REAL2 = SHARED / "fixtures" / "real2"


@dataclass(frozen=True)
class Expect:
    source: str
    new: int
    merged: int = 0
    skipped: dict[str, int] = field(default_factory=dict)


#: What each file gives: a regression table; the checks below do not depend on it.
FILES = {
    "01_arxiv_api_go_full-results.xml": Expect("arxiv", 10),
    "02_bvitamins_drifting.bib": Expect("bibtex", 27),
    "03_bvitamins_ssm_archive.bib": Expect("bibtex", 40),
    "06_dblp_ley.bib": Expect("bibtex", 9),
    "08_jabref_authors.bib": Expect("bibtex", 209, skipped={"volumes (not papers)": 3}),
    "09_jabref_utf8_bom.bib": Expect("bibtex", 1, skipped={"volumes (not papers)": 1}),
    "11_bvitamins_icml2023_orals.bib": Expect("bibtex", 155),
    "12_bbt_biblatex_preprint_2163.bib": Expect("bibtex", 6, merged=6),
    "14_arxiv_rss_all_2024-11-28_slice.xml": Expect("arxiv-rss", 123),
    "16_arxiv_rss_empty_test_archive.xml": Expect("arxiv-rss", 0),
    "17_arxiv_api_aioarxiv_sample_indented.xml": Expect("arxiv", 1),
    "20_hf_daily_2026-07-31_30items.json": Expect("hf-daily", 30),
    "23_acl_anthology_hate_offensive.bib": Expect("bibtex", 80, merged=1),
}

# --- an independent reading of each source --------------------------------------------------------

_BIB_ENTRY = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(]", re.M)
_BIB_YEAR = re.compile(r"^\s*(?:year|date)\s*=\s*[{\"]?\s*\d{4}", re.I | re.M)
_ARXIV_NAMED = re.compile(r"(?:arxiv\.org/(?:abs|pdf)/|arxiv[:.]\s*|^\s*eprint\s*=\s*[{\"]\s*)"
                          r"(\d{4}\.\d{4,5})", re.I | re.M)
_ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass
class Source:
    entries: int
    with_year: int
    arxiv_ids: set[str]


def read_source(path: Path, kind: str) -> Source:
    """What the file holds, read with nothing the importers use."""
    data = path.read_bytes()
    if kind == "bibtex":
        text = data.decode("utf-8-sig")
        starts = [m for m in _BIB_ENTRY.finditer(text)
                  if m.group(1).lower() not in ("comment", "string", "preamble")]
        blocks = [text[m.start():(starts[n + 1].start() if n + 1 < len(starts) else len(text))]
                  for n, m in enumerate(starts)]
        ids = {i for block in blocks for i in _ARXIV_NAMED.findall(block)}
        return Source(len(blocks), sum(1 for b in blocks if _BIB_YEAR.search(b)), ids)
    if kind == "hf-daily":
        items = json.loads(data)
        return Source(len(items), sum(1 for i in items if i["paper"].get("publishedAt")),
                      {i["paper"]["id"] for i in items})
    root = ET.fromstring(data)
    if kind == "arxiv":
        entries = root.findall(f"{_ATOM}entry")
        ids = {re.sub(r"v\d+$", "", e.findtext(f"{_ATOM}id", "").split("/abs/")[1])
               for e in entries}
        return Source(len(entries), len(entries), ids)
    items = root.findall("./channel/item")
    new = sum(1 for i in items
              if i.findtext("{http://arxiv.org/schemas/atom}announce_type") == "new")
    ids = {i.findtext("link", "").rsplit("/abs/", 1)[1] for i in items}
    return Source(len(items), new, ids)


_SUMMARY = re.compile(r"^(?P<source>[\w-]+): (?P<found>\d+) found, (?P<new>\d+) new, "
                      r"(?P<already>\d+) already listed(?P<rest>.*)$")
_MATH = re.compile(r"\$\$.+?\$\$|\$[^$]+\$|\\\(.+?\\\)|\\\[.+?\\\]", re.S)
_TEX = re.compile(r"\\[A-Za-z]+|\\.|[{}]")


def tex_outside_math(text: str) -> list[str]:
    return _TEX.findall(_MATH.sub(" ", text))


@pytest.mark.parametrize("name", sorted(FILES))
def test_each_real2_file_imports_faithfully(name: str, tmp_path: Path) -> None:
    path = shared_file(f"fixtures/real2/{name}")
    expect = FILES[name]
    assert sniff(path.read_bytes()).importer == expect.source
    source = read_source(path, expect.source)
    project = make_project(tmp_path, {})
    done = run_cli(project, "import", expect.source, str(path))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    summary = next(m for m in map(_SUMMARY.match, done.stdout.splitlines()) if m)
    found, new, already = (int(summary.group(k)) for k in ("found", "new", "already"))
    merged = done.stdout.count(": merged into ")
    skipped = done.stderr.count("  skipped ")
    # every entry of the source is accounted for, each skip and merge with its reason
    assert source.entries == found + skipped, done.stderr
    assert found == new + already + merged
    assert (new, merged) == (expect.new, expect.merged)
    rest = summary.group("rest")
    for kind, count in expect.skipped.items():
        assert f", {count} {kind}" in rest
    assert skipped == sum(expect.skipped.values())
    if not new:
        assert "nothing new" in done.stdout
        return
    entries: list[dict[str, Any]] = yaml.safe_load(
        (project / "content" / "papers" / "inbox.yaml").read_bytes())
    assert len(entries) == new
    for entry in entries:  # titles and names free of TeX outside math
        for text in [entry["title"], *entry.get("authors", [])]:
            assert not tex_outside_math(text), (entry["id"], text)
    dated = sum(1 for entry in entries if entry.get("published"))
    assert dated >= min(source.with_year - merged - skipped, new)
    found_ids = {str(entry["arxiv"]) for entry in entries if entry.get("arxiv")}
    assert source.arxiv_ids <= found_ids, source.arxiv_ids - found_ids
    check = run_cli(project, "check")
    assert check.returncode == 0, check.stdout
    again = run_cli(project, "import", expect.source, str(path))
    assert f"{found} found, 0 new, {found} already listed" in again.stdout


def test_an_rss_error_answer_fails_with_arxivs_message(tmp_path: Path) -> None:
    path = shared_file("fixtures/real2/15_arxiv_rss_error_bad_archive.xml")
    project = make_project(tmp_path, {})
    done = run_cli(project, "import", "arxiv-rss", str(path))
    assert done.returncode == 1
    assert f"error: {path}: arXiv answered with an error: Bad archive 'astroph'. Valid archive " \
        "names are: astro-ph," in done.stderr
    assert "nothing was written" in done.stderr and len(done.stderr.splitlines()) == 1


@pytest.mark.parametrize("name", ["21_readinglist_azzedde.yml",
                                  "22_readinglist_haomingwang_llm.yml"])
def test_other_sites_reading_lists_get_every_problem_with_its_line(
        name: str, tmp_path: Path) -> None:
    path = shared_file(f"fixtures/real2/{name}")
    project = make_project(tmp_path, {name: path.read_text(encoding="utf-8")})
    done = run_cli(project, "check")
    assert done.returncode == 2
    assert "Traceback" not in done.stdout + done.stderr
    problems = done.stdout.splitlines()
    assert problems and "error(s)" in done.stderr
    for line in problems:
        assert re.match(rf"content/papers/{re.escape(name)}:\d+:\d+: ", line), line
    listed = yaml.safe_load(path.read_bytes())
    if isinstance(listed, list):  # each entry lacks the date it joined the list: each named
        missing = [line for line in problems if "added: required field is missing" in line]
        assert len(missing) == len(listed)


def test_the_real2_merges_keep_the_arxiv_version(tmp_path: Path) -> None:
    path = shared_file("fixtures/real2/12_bbt_biblatex_preprint_2163.bib")
    project = make_project(tmp_path, {})
    assert run_cli(project, "import", "bibtex", str(path)).returncode == 0
    entries = yaml.safe_load((project / "content" / "papers" / "inbox.yaml").read_bytes())
    ids = {str(e.get("arxiv")) for e in entries}
    assert {"2008.02217", "1603.05201", "1502.01852", "1802.05957", "1910.07512"} <= ids
    hopfield = next(e for e in entries if e["title"] == "Hopfield Networks Is All You Need")
    assert hopfield["published"].isoformat() == "2020-07-16"  # the preprint came first
    assert hopfield["links"]["paper"] == "https://openreview.net/forum?id=tL89RnzIiCd"


@pytest.mark.slow
def test_every_real2_file_imported_into_one_list_builds(tmp_path: Path) -> None:
    shared_file("fixtures/real2/SOURCES.txt")
    project = make_project(tmp_path, {})
    for name, expect in sorted(FILES.items()):
        done = run_cli(project, "import", expect.source, str(REAL2 / name), "--tag", "real2")
        assert done.returncode == 0, (name, done.stderr)
    assert run_cli(project, "check").returncode == 0
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output[-3000:]
