"""A synthetic reading list of realistic size, shared by the benchmarks.

Entries look like imported papers: a title of 8-14 words, an abstract of about 200 words,
arXiv ids, 1-4 of 50 tags, dates spread over five years, a note on one in five. Words are
drawn from a 20,000-word vocabulary with Zipf's law (the field's own words most often), as
in real text: search index size and speed depend on how many distinct words there are.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from generator.importers.emit import FIELD_ORDER, entries_yaml

WORDS = (
    "causal model language reasoning benchmark large representation learning graph inference "
    "attention transformer counterfactual intervention estimation robust evaluation dataset "
    "alignment embedding retrieval knowledge structure latent variable discovery analysis "
    "training pretraining fine-tuning prompt agent multimodal vision text code generation "
    "performance method approach results experiments propose novel framework task tasks data "
    "effect treatment outcome confounding identification invariant mechanism explanation"
).split()
TAGS = [f"topic-{i:02d}" for i in range(50)]
VOCABULARY_SIZE = 20_000
#: Bump when entries change, so cached listings are written again.
VERSION = 2


def _vocabulary() -> tuple[list[str], list[float]]:
    """Field words first, then made-up words; cumulative Zipf weights (rank ** -1)."""
    rng = random.Random(20_000)
    syllables = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"] + ["tion", "ing", "er"]
    vocabulary = list(WORDS)
    seen = set(vocabulary)
    while len(vocabulary) < VOCABULARY_SIZE:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            vocabulary.append(word)
    cumulative, total = [], 0.0
    for rank in range(1, len(vocabulary) + 1):
        total += 1 / rank
        cumulative.append(total)
    return vocabulary, cumulative


VOCABULARY, CUMULATIVE = _vocabulary()


def words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=count))
START = date(2021, 1, 1)


def entry(rng: random.Random, n: int) -> dict[str, Any]:
    title = words(rng, rng.randint(8, 14)).capitalize()
    abstract = words(rng, 200).capitalize() + "."
    added = START + timedelta(days=rng.randrange(5 * 365))
    item: dict[str, Any] = {
        "title": f"{title} {n}",
        "arxiv": f"{21 + n // 90000:02d}{(n // 9000) % 12 + 1:02d}.{n % 90000 + 10000:05d}",
        "authors": [f"Author {rng.randint(1, 5000)}" for _ in range(rng.randint(1, 6))],
        "published": added - timedelta(days=rng.randrange(60)),
        "added": added,
        "upvotes": rng.randrange(200),
        "tags": sorted(rng.sample(TAGS, rng.randint(1, 4))),
        "status": rng.choice(["to-read", "reading", "read"]),
        "abstract": abstract,
    }
    if n % 5 == 0:
        item["note"] = "A note: " + words(rng, 30)
    return item


#: Plain scalars that YAML reads back as the same string: letters, digits, spaces, ``.-,'``,
#: not starting with an indicator and not a word YAML 1.1 reads as null, bool or number.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 .,'-]*[A-Za-z0-9.]\Z")
_SPECIAL = re.compile(r"(?i)(y|n|yes|no|on|off|true|false|null|~)\Z")
WIDTH = 100


def _scalar(value: Any) -> str:
    if isinstance(value, date | int):
        return value.isoformat() if isinstance(value, date) else str(value)
    text = str(value)
    if _PLAIN.match(text) and not _SPECIAL.match(text) and ": " not in text and " #" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _folded(text: str, indent: str) -> list[str]:
    """``text`` (one paragraph, single spaces) as a ``>-`` block wrapped near WIDTH columns."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(indent) + len(line) >= WIDTH:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(indent + line)
    return lines


def fast_entries_yaml(entries: Sequence[Mapping[str, Any]]) -> str:
    """What ``entries_yaml`` writes for synthetic entries, formatted directly (~50x faster).

    Handles only the shapes ``entry`` makes (strings, ints, dates, lists of plain strings,
    single-paragraph prose); ``tests``-free by design, so ``check_listing`` compares the
    parsed result with the entries on a sample.
    """
    out: list[str] = []
    for item in entries:
        out.append("")
        first = True
        for key in [k for k in FIELD_ORDER if k in item]:
            value = item[key]
            lead = "- " if first else "  "
            first = False
            if key == "tags":
                out.append(f"{lead}{key}: [{', '.join(_scalar(v) for v in value)}]")
            elif isinstance(value, list):
                out.append(f"{lead}{key}:")
                out.extend(f"  - {_scalar(v)}" for v in value)
            elif key in ("abstract", "note"):
                if "\n" in value or "  " in value or value != value.strip():
                    raise ValueError(f"not a single-paragraph text: {value[:40]!r}")
                out.append(f"{lead}{key}: >-")
                out.extend(_folded(value, "    "))
            else:
                out.append(f"{lead}{key}: {_scalar(value)}")
    return "\n".join(out) + "\n"


def check_listing(count: int = 300, seed: int = 1) -> None:
    """The fast emitter's YAML reads back as exactly the entries (CSafeLoader)."""
    import yaml

    rng = random.Random(seed)
    items = [entry(rng, n) for n in range(count)]
    assert yaml.load(fast_entries_yaml(items), Loader=yaml.CSafeLoader) == items
    assert yaml.load(fast_entries_yaml(items), Loader=yaml.CSafeLoader) == yaml.load(
        entries_yaml(items), Loader=yaml.CSafeLoader)


def write_listing(content_dir: Path, count: int, files: int = 5, seed: int = 1,
                  fast: bool = True) -> list[Path]:
    """``count`` entries spread over ``files`` YAML files (a curator splits by year or topic).

    ``fast`` formats the YAML directly (10,000 entries in about a second); ``fast=False``
    uses the importers' PyYAML emitter (about 25 s for 10,000). Both read back the same.
    """
    emit = fast_entries_yaml if fast else entries_yaml
    rng = random.Random(seed)
    papers = content_dir / "papers"
    papers.mkdir(parents=True, exist_ok=True)
    paths = []
    per_file = -(-count // files)
    for f in range(files):
        items = [entry(rng, n) for n in range(f * per_file, min(count, (f + 1) * per_file))]
        path = papers / f"part-{f + 1}.yaml"
        path.write_text(emit(items).lstrip("\n"), encoding="utf-8")
        paths.append(path)
    return paths


def cached_listing(content_dir: Path, count: int, files: int = 5, seed: int = 1) -> list[Path]:
    """``write_listing``, copied from a cache under the temp folder keyed by its arguments."""
    key = f"v{VERSION}-{count}-{files}-{seed}"
    cache = Path(tempfile.gettempdir()) / "reading-list-synthetic" / key
    if not (cache / "done").exists():
        shutil.rmtree(cache, ignore_errors=True)
        write_listing(cache, count, files, seed)
        (cache / "done").touch()
    target = content_dir / "papers"
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for source in sorted((cache / "papers").glob("*.yaml")):
        paths.append(Path(shutil.copy(source, target / source.name)))
    return paths
