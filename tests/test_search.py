"""Full-text search over the papers' own index (generator/render/search_index.py) and the worker
that reads it (paper-search.js): ranking on the shipped list's queries, the excerpt a
result shows, what a query fetches, and the search box in Chromium under a project path
and under `mkdocs serve`."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from collections.abc import Mapping
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from generator.enrich.corpus import NAMES, NOTE, TITLE, field_texts, repository
from generator.enrich.tokenizer import STOP_WORDS, tokens
from generator.load.model import Location, Paper
from generator.render.search_index import FOLDER, capped
from tests.helpers import REPO, Build, make_project, mkdocs_build, serve

WORKER = "assets/javascripts/workers/paper-search.js"
HARNESS = Path(__file__).with_name("search_worker.cjs")

CORR2CAUSE = "can-large-language-models-infer-causation-from-correlation"
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
    # the benchmark's own name: its code repository (causalNLP/corr2cause) is a title word,
    # while COLD names it in its note
    "corr2cause": CORR2CAUSE,
    "tabular": "causal-agent-based-on-large-language-model",  # abstract only, late in it
    "wording": CORR2CAUSE,  # only in the long note (content/notes/)
    "2306.05836": CORR2CAUSE,  # its arXiv id
    "arXiv:2306.05836v2": CORR2CAUSE,  # as written in a citation
    "https://arxiv.org/abs/2306.05836": CORR2CAUSE,
}
#: Query -> the word its first result's text shows highlighted (why it matched).
SHOWN = {"tabular": "tabular", "wording": "wording", "galaxy": "galaxy",
         "corr2cause": "corr2cause"}


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
    shutil.copy(REPO / "generator/adapters/theme" / WORKER, folder / WORKER)
    return folder


class _Marks(HTMLParser):
    """A result's text as a reader sees it, and the words it highlights."""

    def __init__(self, fragment: str) -> None:
        super().__init__()
        self.text = ""
        self.marks: list[str] = []
        self._marking = False
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "mark":
            self._marking = True
            self.marks.append("")

    def handle_endtag(self, tag: str) -> None:
        self._marking = self._marking and tag != "mark"

    def handle_data(self, data: str) -> None:
        self.text += data
        if self._marking:
            self.marks[-1] += data


def test_queries_find_the_expected_paper_first(repo_site: Build) -> None:
    """Each query of SHIPPED finds its paper first; the first result of each query of SHOWN
    shows why, with the word highlighted in an excerpt of the abstract or the notes."""
    answers = {a["query"]: a for a in run_worker(repo_site.site, list(SHIPPED))}
    firsts = {query: (a["results"][0]["location"] if a["results"] else None)
              for query, a in answers.items()}
    wrong = {query: firsts[query] for query, expected in SHIPPED.items()
             if not (firsts[query] or "").startswith(f"papers/{expected}")}
    assert not wrong, wrong
    for query, word in SHOWN.items():
        text = _Marks(answers[query]["results"][0]["text"])
        assert word in [mark.lower() for mark in text.marks], (query, text.text)
    note = _Marks(answers["wording"]["results"][0]["text"]).text
    assert "Note: … the training distribution, but the models fail once variable" in note


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
    theirs = worker_eval("({words: words(text).filter(w => !STOP_WORDS.has(w)),"
                         " stop: [...STOP_WORDS]})", text=text)
    assert theirs["words"] == ours
    assert set(theirs["stop"]) == STOP_WORDS


def worker_eval(expression: str, **values: Any) -> Any:
    """``expression`` evaluated in Node among the worker's own functions, ``values`` given
    to it by name (as JSON); its value, read back from JSON."""
    probe = ("const vm = require('vm'), fs = require('fs');"
             "const c = vm.createContext({self: {location: {href: 'http://x.test/a/b/c/w.js'},"
             " addEventListener() {}, postMessage() {}}, URL, TextEncoder,"
             " fetch: () => new Promise(() => {})});"
             "vm.runInContext(fs.readFileSync(process.argv[1], 'utf-8'), c);"
             "Object.assign(c, JSON.parse(process.argv[2]));"
             "process.stdout.write(JSON.stringify(vm.runInContext(process.argv[3], c)));")
    if shutil.which("node") is None:
        pytest.fail("node is needed to run the search worker (make test installs it)")
    done = subprocess.run(["node", "-e", probe, str(REPO / "generator/adapters/theme" / WORKER),
                           json.dumps(values), expression],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


#: Text an excerpt is cut from: 21 sentences of about 60 characters.
_FILLER = " ".join(f"Sentence {n} speaks of nothing in particular, at some length." for n in
                   range(21))


def _excerpts(cases: list[tuple[str, str]]) -> list[tuple[list[int], _Marks]]:
    """(score, excerpt read as HTML) of each (text, query), the query split by the one
    tokenizer as the worker's parse() splits it."""
    found = worker_eval("cases.map(([text, terms]) => excerpt(text, terms))",
                        cases=[[text, [word for _, word in tokens(query)]]
                               for text, query in cases])
    return [(score, _Marks(html)) for score, html in found]


def _cut_at_words(shown: _Marks, text: str) -> None:
    """The excerpt is a piece of ``text`` between spaces, marked with … where it is cut."""
    inner = shown.text.removeprefix("… ").removesuffix(" …")
    start = text.index(inner)
    end = start + len(inner)
    assert start == 0 or text[start - 1] == " ", shown.text
    assert end == len(text) or text[end] == " ", shown.text
    assert shown.text.startswith("… ") == (start > 0), shown.text
    assert shown.text.endswith(" …") == (end < len(text)), shown.text
    assert len(inner) <= 200, shown.text


def test_an_excerpt_is_cut_around_the_query_words() -> None:
    """The worker's excerpt: whole words, the window holding the most query words (then
    the most matches), a match at the start or the end, accents and any script read by
    the one tokenizer, the text escaped."""
    middle = f"{_FILLER} A tabular dataset (of records) and more. {_FILLER}"
    apart = f"Graphs first. {_FILLER} Then graphs of tabular data, tabular twice. {_FILLER}"
    cases = [
        (middle, "tabular"),
        (apart, "tabular graphs"),  # both words, not the first graph alone
        (apart, "tabular"),  # the window with both of its matches
        (f"Tabular data first. {_FILLER}", "tabular"),
        (f"{_FILLER} Ends tabular.", "tabular"),
        (f"{_FILLER} Bernhard Schölkopf's naïve view. {_FILLER}", "scholkopf naive"),
        ("Мы изучаем причинность в языковых моделях. " + _FILLER, "причинность"),
        (_FILLER + " यह हिन्दी में अध्ययन है। " + _FILLER, "हिन्दी"),
        ("我们研究因果推理。大型语言模型在因果发现方面表现不佳。" + _FILLER, "大型"),
        (f"{_FILLER} Tags <b>bold</b> & tabular. {_FILLER}", "tabular"),
        (_FILLER, "tabular"),  # no match: the start
    ]
    shown = _excerpts(cases)
    for (text, _), (_, excerpt) in zip(cases, shown, strict=True):
        _cut_at_words(excerpt, text)
    (_, mid), (both, apart_shown), (twice, repeated), (_, first), (_, last), (_, accents), \
        (_, cyrillic), (_, hindi), (_, chinese), (_, escaped), (none, start) = shown
    assert mid.marks == ["tabular"] and "A tabular dataset (of records) and more." in mid.text
    assert mid.text.index("tabular") < 60  # on the first line of the result
    assert both == [2, 3] and apart_shown.marks == ["graphs", "tabular", "tabular"]
    assert twice == [1, 2] and repeated.marks == ["tabular", "tabular"]
    assert first.text.startswith("Tabular data first.") and first.marks == ["Tabular"]
    assert last.text.endswith("Ends tabular.") and len(last.text) > 150
    assert accents.marks == ["Schölkopf", "naïve"]
    assert cyrillic.marks == ["причинность"] and cyrillic.text.startswith("Мы изучаем")
    assert hindi.marks == ["हिन्दी"]
    assert chinese.marks == ["大型语言模型在因果发现方面表现不佳"]
    assert "Tags <b>bold</b> & tabular." in escaped.text and escaped.marks == ["tabular"]
    assert none == [0, 0] and start.marks == [] and start.text.startswith("Sentence 0 ")


def test_result_texts_are_capped_at_a_word() -> None:
    assert capped("  a  b\n c ") == "a b c"
    assert capped("alpha beta gamma", 12) == "alpha beta …"
    assert capped("alphabetagamma delta", 5) == "alpha …"  # a word longer than the cap


def test_a_paper_is_searched_by_its_names_and_notes() -> None:
    """The arXiv id (also from a link) and the code repository's owner/repo are the
    paper's names, searched as title words; notes long and short are one field; related
    papers read the title and abstract only (``TITLE``)."""
    paper = Paper(id="p", title="A title", added=date(2024, 1, 1),
                  source=Location("a.yaml", 1, 1),
                  links=(("pdf", "https://arxiv.org/pdf/2306.05836v3"),
                         ("code", "https://github.com/causalNLP/corr2cause/tree/main")))
    texts = field_texts(paper, ("<p>Short <em>note</em>.</p>", "<p>Long</p><p>note</p>"))
    assert texts[TITLE] == "A title"
    assert texts[NAMES] == "2306.05836 causalNLP/corr2cause"
    assert texts[NOTE] == "Short note. Long note"
    assert repository("https://gitlab.com/group/sub/project/-/tree/main") == "group/sub/project"
    assert repository("https://www.github.com/o/r.git") == "o/r"
    assert repository("https://github.com/o") is None
    assert repository("https://example.org/o/r") is None


def test_titles_are_text_in_results(tmp_path: Path) -> None:
    """A title, an abstract and a note with markup are found, and shown as text (escaped by
    the worker)."""
    project = make_project(tmp_path / "p", {"a.yaml": (
        "- id: hostile\n  title: 'Zebra <img src=x onerror=alert(1)> causality'\n"
        "  added: 2024-01-01\n"
        "  abstract: 'Okapi <img src=y onerror=alert(2)> & more.'\n"
        "  note: 'Quagga `<script>alert(3)</script>` &amp; kept.'\n")})
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    zebra, okapi, quagga = (answer["results"][0] for answer in
                            run_worker(build.site, ["zebra", "okapi", "quagga"]))
    assert zebra["title"] == "<mark>Zebra</mark> &#60;img src=x onerror=alert(1)&#62; causality"
    assert okapi["text"].endswith(
        "<p><mark>Okapi</mark> &#60;img src=y onerror=alert(2)&#62; &#38; more.</p>")
    assert quagga["text"].endswith(
        "<p>Note: <mark>Quagga</mark> &#60;script&#62;alert(3)&#60;/script&#62; &#38; kept.</p>")


def test_results_show_formulas_as_text(tmp_path: Path) -> None:
    """A result's title and teaser are plain text, formulas as their text form (as in
    feeds and <title>), never MathML's text run together with its LaTeX."""
    from generator.load.settings import Settings
    from generator.pipeline import build_site

    papers = tmp_path / "content" / "papers"
    papers.mkdir(parents=True)
    (papers / "a.yaml").write_text(
        "- id: omega\n  title: '$\\omega$Test: bounds'\n  added: 2024-01-01\n"
        "  abstract: 'We bound the $\\omega$-error by $O(n^2)$ in all cases. More.'\n",
        encoding="utf-8")
    site = build_site(tmp_path / "content", Settings(site_url="https://x.org/"), tmp_path)
    [doc] = json.loads(site.files[f"{FOLDER}/d/0.json"])
    assert doc[1] == "ωTest: bounds"
    assert doc[2] == "We bound the ω-error by O(n^2) in all cases. More."


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
    from generator.load.settings import Settings
    from generator.pipeline import build_site

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
