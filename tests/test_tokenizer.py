"""One tokenizer: the search index (Python) and the worker (JavaScript, run in Node) split
and fold every text into the same words, so whatever is indexed can be found."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from generator.enrich.tokenizer import tokens
from generator.load.settings import Settings
from generator.pipeline import build_site
from tests.helpers import REPO
from tests.test_search import run_worker, worker_site

WORKER = REPO / "generator/adapters/theme/assets/javascripts/workers/paper-search.js"
PROBE = Path(__file__).with_name("worker_words.cjs")

#: Text -> its words, as both tokenizers must give them: lower case, NFKD, every mark
#: (Unicode category M) dropped, split at whatever is not a letter or a digit.
CASES = {
    "devanagari": ("हिन्दी भाषा में गहन अधिगम", ["हनद", "भष", "म", "गहन", "अधगम"]),
    "tamil": ("தமிழ் மொழி ஆய்வு", ["தமழ", "மழ", "ஆயவ"]),
    "cjk": ("深度学习 模型", ["深度学习", "模型"]),
    "japanese": ("ガウス過程 と 学習", ["カウス過程", "と", "学習"]),
    "hangul": ("한국어 모델", [unicodedata.normalize("NFKD", "한국어"),
                            unicodedata.normalize("NFKD", "모델")]),
    "arabic": ("التَّعَلُّمُ العَمِيقُ", ["التعلم", "العميق"]),
    "cyrillic": ("Ёлка: Глубокое обучение", ["елка", "глубокое", "обучение"]),
    "accented latin": ("Schrödinger's naïve Çağlar Ørsted", ["schrodinger", "s", "naive",
                                                             "caglar", "ørsted"]),
    "greek": ("Ἀριστοτέλης ΣΟΦΙΑΣ", ["αριστοτελης", "σοφιας"]),
    "hebrew": ("לִמּוּד עָמֹק", ["למוד", "עמק"]),
    "emoji": ("🤖 robots 👍🏽 and 🧠", ["robots"]),
    "digits": ("GPT-4o 3.14 ٣٤ ４２ ½ x²", ["gpt", "4o", "3", "14", "٣٤", "42", "1", "2",
                                         "x2"]),
    "arxiv ids": ("arXiv:2401.10000v2 hep-th/9901001 math.GT/0309136",
                  ["arxiv", "2401", "10000v2", "hep", "th", "9901001", "math", "gt", "0309136"]),
}


def worker_words(texts: list[str]) -> list[list[str]]:
    if shutil.which("node") is None:
        pytest.fail("node is needed to run the search worker (make test installs it)")
    done = subprocess.run(["node", str(PROBE), str(WORKER)], input=json.dumps(texts),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    found: list[list[str]] = json.loads(done.stdout)
    return found


def test_the_table_of_scripts_gives_the_same_words_in_the_index_and_the_worker() -> None:
    texts = [text for text, _ in CASES.values()]
    ours = [[word for _, word in tokens(text)] for text in texts]
    assert dict(zip(CASES, ours, strict=True)) == {name: words for name, (_, words)
                                                   in CASES.items()}
    assert worker_words(texts) == ours


def test_every_character_is_read_alike() -> None:
    """Each character Python's Unicode database assigns, between two letters: a letter,
    digit, mark or separator to both sides (the worker's Unicode may be newer)."""
    texts = [f"a{chr(code)}b" for code in range(sys.maxunicode + 1)
             if unicodedata.category(chr(code)) not in ("Cn", "Cs", "Co")]
    ours = [[word for _, word in tokens(text)] for text in texts]
    theirs = worker_words(texts)
    differ = [(f"U+{ord(text[1]):04X}", a, b) for text, a, b in zip(texts, ours, theirs,
                                                                   strict=True) if a != b]
    assert not differ, differ[:20]


def test_a_paper_in_any_script_is_found_by_a_word_of_its_title(tmp_path: Path) -> None:
    """End to end: the core writes the index, the worker reads it and answers a query typed
    as the title is written (marks and capitals included)."""
    content = tmp_path / "content" / "papers"
    content.mkdir(parents=True)
    entries = "".join(f"- id: case-{number}\n"
                      f"  title: {json.dumps(text + ' study', ensure_ascii=False)}\n"
                      "  added: 2024-05-01\n  tags: [t]\n"
                      for number, (text, _) in enumerate(CASES.values()))
    (content / "list.yaml").write_text(entries, encoding="utf-8")
    site = build_site(tmp_path / "content", Settings(site_url="https://example.org/"), tmp_path)
    folder = worker_site(site.files, tmp_path / "site")
    queries = {name: next(word for word in text.split() if tokens(word))
               for name, (text, _) in CASES.items()}
    answers = run_worker(folder, list(queries.values()))
    for number, (name, answer) in enumerate(zip(queries, answers, strict=True)):
        found = [result["location"] for result in answer["results"]]
        assert any(f"papers/case-{number}/" in location for location in found), (name, answer)
