"""Full-text search over the papers' own index (generator/search_index.py) and the worker
that reads it (paper-search.js): ranking on twenty queries, what a query fetches, and the
search box in Chromium under a project path and under `mkdocs serve`."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from generator.search_index import FOLDER
from generator.tokenizer import STOP_WORDS, tokens
from tests.helpers import REPO, Build, make_project, mkdocs_build, serve

WORKER = "assets/javascripts/workers/paper-search.js"
HARNESS = Path(__file__).with_name("search_worker.cjs")

#: Query -> the paper it must find first (the shipped list).
SHIPPED = {
    "supermassive": "causal-discovery-in-astrophysics-unraveling-supermassive",
    "galaxy": "causal-discovery-in-astrophysics-unraveling-supermassive",  # abstract only
    "string diagram surgery": "causal-inference-by-string-diagram-surgery",
    "double machine learning": "double-machine-learning-meets-panel-data",
    "causation correlation": "can-large-language-models-infer-causation-from-correlation",
    "reward rubrics": "robust-reward-modeling-via-causal-rubrics",
    "ecologists": "machine-learning-and-deep-learning-a-review",
    "node classification": "causally-fair-node-classification",
    "voice conversion": "streamvoice-streamable-context-aware",
    "position bias": "eliminating-position-bias-of-language-model",
    "selective amnesia": "sha256-at-semeval-2025-task-4-selective",
    "causal de finetti": "causal-de-finetti-on-the-identification",
    "Cause and Effect": "cause-and-effect-can-large-language-models",  # stop word, capitals
    "hallucination": "generalization-or-hallucination",  # the exact word before a longer one
    "multimodal llms": "link-context-learning-for-multimodal-llms",  # the phrase wins
    "counterfactual": "causalm-causal-model-explanation",  # title, exact word
    "actual causality": "ac-reason-towards-theory-guided-actual",
    "embedding models": "causal2vec-improving-decoder-only",
    "knowledge injection": "bidirectional-lms-are-better-knowledge",
    "semantic information theory": "forget-bit-it-is-all-about-token",
}


def run_worker(site: Path, queries: list[str]) -> list[dict[str, Any]]:
    if shutil.which("node") is None:
        pytest.fail("node is needed to run the search worker (make test installs it)")
    done = subprocess.run(["node", str(HARNESS), str(site), *queries], capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    results: list[dict[str, Any]] = json.loads(done.stdout)
    return results


def worker_site(files: Mapping[str, str | bytes], folder: Path) -> Path:
    """A folder with what the worker reads (the papers' index from ``files``, an empty
    Material index, the worker itself), without building the site."""
    for uri, content in files.items():
        if uri.startswith(FOLDER):
            path = folder / uri
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content if isinstance(content, bytes) else content.encode())
    (folder / "search").mkdir(exist_ok=True)
    (folder / "search/search_index.json").write_text('{"config": {}, "docs": []}')
    (folder / WORKER).parent.mkdir(parents=True)
    shutil.copy(REPO / "generator/theme" / WORKER, folder / WORKER)
    return folder


def test_twenty_queries_find_the_expected_paper_first(repo_site: Build) -> None:
    answers = run_worker(repo_site.site, list(SHIPPED))
    firsts = {a["query"]: (a["results"][0]["location"] if a["results"] else None)
              for a in answers}
    wrong = {query: firsts[query] for query, expected in SHIPPED.items()
             if not (firsts[query] or "").startswith(f"papers/{expected}")}
    assert not wrong, wrong


def test_authors_and_latex_accents_are_found(repo_site: Build) -> None:
    """Authors are searched (the demo list names them), and a word written with LaTeX
    accents (``na\\"ive``, ``Sch\\"olkopf``) is found as a reader types it."""
    found = {a["query"]: [r["location"].split("/")[1] for r in a["results"]]
             for a in run_worker(repo_site.site, ["Zhijing Jin", "Schölkopf", "scholkopf",
                                                  "naive", "naïve ML"])}
    assert found["Zhijing Jin"] == ["can-large-language-models-infer-causation-from-correlation"]
    assert set(found["Schölkopf"]) == set(found["scholkopf"]) == {
        "can-large-language-models-infer-causation-from-correlation",
        "causal-de-finetti-on-the-identification-of-invariant-causal"}
    towards = "towards-characterizing-domain-counterfactuals-for-invertible"
    assert towards in found["naive"] and found["naïve ML"][0] == towards


def test_the_worker_and_the_index_split_words_alike() -> None:
    """The worker's tokenizer (lower case, accents dropped, split at non-letters, stop
    words left out) is the index's, run on the same text; the stop words are one list."""
    text = "Schölkopf's CAUSAL-inference (LLMs) of 3D über-models, and the GPT-4o naïve_x"
    ours = [word for _, word in tokens(text)]
    assert ours == ["scholkopf", "s", "causal", "inference", "llms", "3d", "uber", "models",
                    "gpt", "4o", "naive", "x"]
    probe = ("const vm = require('vm'), fs = require('fs');"
             "const c = vm.createContext({self: {location: {href: 'http://x.test/a/b/c/w.js'},"
             " addEventListener() {}, postMessage() {}}, URL, TextEncoder,"
             " fetch: () => new Promise(() => {})});"
             "vm.runInContext(fs.readFileSync(process.argv[1], 'utf-8'), c);"
             "vm.runInContext('globalThis.out = {words: words(process_text).filter(w =>"
             " !STOP_WORDS.has(w)), stop: [...STOP_WORDS]}',"
             " Object.assign(c, {process_text: process.argv[2]}));"
             "process.stdout.write(JSON.stringify(c.out));")
    if shutil.which("node") is None:
        pytest.fail("node is needed to run the search worker (make test installs it)")
    done = subprocess.run(["node", "-e", probe, str(REPO / "generator/theme" / WORKER), text],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    theirs = json.loads(done.stdout)
    assert theirs["words"] == ours
    assert set(theirs["stop"]) == STOP_WORDS


def test_titles_are_text_in_results(tmp_path: Path) -> None:
    """A title with markup is found, and shown as text (escaped by the worker)."""
    project = make_project(tmp_path / "p", {"a.yaml": (
        "- id: hostile\n  title: 'Zebra <img src=x onerror=alert(1)> causality'\n"
        "  added: 2024-01-01\n")})
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    answers = run_worker(build.site, ["zebra"])
    title = answers[0]["results"][0]["title"]
    assert title == "<mark>Zebra</mark> &#60;img src=x onerror=alert(1)&#62; causality"


def test_results_show_formulas_as_text(tmp_path: Path) -> None:
    """A result's title and teaser are plain text, formulas as their text form (as in
    feeds and <title>), never MathML's text run together with its LaTeX."""
    from generator.outputs import build_site
    from generator.settings import Settings

    papers = tmp_path / "content" / "papers"
    papers.mkdir(parents=True)
    (papers / "a.yaml").write_text(
        "- id: omega\n  title: '$\\omega$Test: bounds'\n  added: 2024-01-01\n"
        "  abstract: 'We bound the $\\omega$-error by $O(n^2)$ in all cases. More.'\n",
        encoding="utf-8")
    site = build_site(tmp_path / "content", Settings(site_url="https://x.org/"), tmp_path)
    [doc] = json.loads(str(site.files[f"{FOLDER}/d/0.json"]))
    assert doc[1] == "ωTest: bounds"
    assert doc[2] == "We bound the ω-error by O(n^2) in all cases."


def _search(page: Any, base: str, query: str) -> Any:
    page.goto(base + "/")
    box = page.get_by_role("textbox", name="Search")
    box.click()
    box.press_sequentially(query, delay=30)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    return results


@pytest.mark.browser
def test_an_abstract_word_is_found_under_a_project_path(repo_site: Build, page: Any) -> None:
    """Served as GitHub Pages serves a project site (/reading-list/): a word found only in
    an abstract answers, highlighted, and the result opens the paper with ?h=."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    with serve(repo_site.site, prefix="/reading-list") as base:
        results = _search(page, base, "galaxy")
        first = results.first
        assert "Astrophysics" in first.inner_text()
        assert first.locator("mark").first.inner_text().lower().startswith("galax")
        first.locator("a").first.click()
        page.wait_for_url("**/papers/causal-discovery-in-astrophysics-*/?h=galaxy*")
    assert page.outside_requests == []
    fetched = [url for url in requests if f"/{FOLDER}/" in url]
    assert fetched and all("/reading-list/search/papers/" in url for url in fetched)
    assert not any(url.endswith("search_index.json") and "papers/" in url for url in requests)


@pytest.mark.slow
def test_the_index_is_small_per_query_at_10000_papers(tmp_path: Path) -> None:
    """A synthetic 10,000-paper list: twenty queries (a title's words, an abstract word,
    the commonest word) find their paper first and fetch under 300 KB gzipped each."""
    from benchmarks.synthetic import cached_listing
    from generator.outputs import build_site
    from generator.settings import Settings

    cached_listing(tmp_path / "content", 10_000)
    site = build_site(tmp_path / "content", Settings(site_url="https://x.org/"), tmp_path)
    out = worker_site(site.files, tmp_path / "site")
    assert site.listing is not None
    papers = site.listing.papers
    titles = [{word for _, word in tokens(paper.title)} for paper in papers]
    frequency: dict[str, int] = {}
    for words in titles:
        for word in words:
            frequency[word] = frequency.get(word, 0) + 1
    expected: dict[str, str] = {}
    for number in range(0, len(papers), len(papers) // 25):
        # the title's two rarest words, in title order: a query a reader could type
        order = [word for _, word in tokens(papers[number].title)]
        rare = sorted(set(order), key=lambda word: (frequency[word], word))[:2]
        if sum(1 for words in titles if set(rare) <= words) == 1 and len(expected) < 19:
            expected[" ".join(sorted(rare, key=order.index))] = papers[number].id
    assert len(expected) == 19
    common = "causal"
    answers = run_worker(out, [*expected, common])
    for answer in answers:
        sizes = [len(gzip.compress((out / f).read_bytes())) for f in answer["fetched"]]
        assert sum(sizes) < 300_000, (answer["query"], sum(sizes))
        if answer["query"] in expected:
            assert answer["results"][0]["location"] == f"papers/{expected[answer['query']]}/", \
                answer["query"]
        else:
            assert len(answer["results"]) == 50  # the best fifty of thousands
