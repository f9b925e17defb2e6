"""A synthetic reading list of realistic size, shared by the benchmarks.

Entries look like imported papers: a title of 8-14 words, an abstract of about 200 words,
arXiv ids, 1-4 of 50 tags, dates spread over five years, a note on one in five.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from generator.importers.emit import entries_yaml

WORDS = (
    "causal model language reasoning benchmark large representation learning graph inference "
    "attention transformer counterfactual intervention estimation robust evaluation dataset "
    "alignment embedding retrieval knowledge structure latent variable discovery analysis "
    "training pretraining fine-tuning prompt agent multimodal vision text code generation "
    "performance method approach results experiments propose novel framework task tasks data "
    "effect treatment outcome confounding identification invariant mechanism explanation"
).split()
TAGS = [f"topic-{i:02d}" for i in range(50)]
START = date(2021, 1, 1)


def entry(rng: random.Random, n: int) -> dict[str, Any]:
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 14))).capitalize()
    abstract = " ".join(rng.choice(WORDS) for _ in range(200)).capitalize() + "."
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
        item["note"] = "A note: " + " ".join(rng.choice(WORDS) for _ in range(30))
    return item


def write_listing(content_dir: Path, count: int, files: int = 5, seed: int = 1) -> list[Path]:
    """``count`` entries spread over ``files`` YAML files (a curator splits by year or topic)."""
    rng = random.Random(seed)
    papers = content_dir / "papers"
    papers.mkdir(parents=True, exist_ok=True)
    paths = []
    per_file = -(-count // files)
    for f in range(files):
        items = [entry(rng, n) for n in range(f * per_file, min(count, (f + 1) * per_file))]
        path = papers / f"part-{f + 1}.yaml"
        path.write_text(entries_yaml(items).lstrip("\n"), encoding="utf-8")
        paths.append(path)
    return paths
