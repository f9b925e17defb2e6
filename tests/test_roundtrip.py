"""Property: any valid listing written out by the emitter and read back gives the same papers."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.importers.emit import entries_yaml
from generator.load.entries import read_file
from generator.load.loader import check_unique
from generator.load.model import LINK_KINDS, PubDate, Status

TODAY = date(2030, 1, 1)
_text_chars = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn"),
                            blacklist_characters="\u0085\ufeff")
words = st.text(_text_chars, min_size=1, max_size=12).map(lambda s: "".join(s.split()))
line = st.lists(words.filter(bool), min_size=1, max_size=8).map(" ".join).map(
    lambda s: unicodedata.normalize("NFC", s)).filter(
    lambda s: s == " ".join(s.split()) and s.lower() not in ("null", "~"))
tag = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
dates = st.dates(min_value=date(1990, 1, 1), max_value=TODAY)
url = st.from_regex(r"https://[a-z]{1,10}\.org/[a-z0-9/_-]{0,20}", fullmatch=True)


@st.composite
def entry(draw: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"title": draw(line), "added": draw(dates)}
    if draw(st.booleans()):
        item["arxiv"] = f"{draw(st.integers(1001, 2612))}.{draw(st.integers(10000, 99999))}"
    if draw(st.booleans()):
        item["authors"] = draw(st.lists(line, min_size=1, max_size=4, unique=True))
    optional = {
        "published": st.builds(PubDate, dates.map(lambda d: d.replace(day=1)),
                               st.sampled_from(["year", "month", "day"])).map(
            lambda p: PubDate(p.first.replace(month=1) if p.precision == "year" else p.first,
                              p.precision)), "upvotes": st.integers(0, 10_000), "org": line,
        "tags": st.lists(tag, min_size=1, max_size=4, unique=True),
        "status": st.sampled_from([s.value for s in Status]), "rating": st.integers(1, 5),
        "abstract": line, "note": line.filter(lambda s: ":" not in s),
        "links": st.dictionaries(st.sampled_from(LINK_KINDS), url, min_size=1, max_size=3),
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            item[key] = draw(strategy)
    return item


@settings(max_examples=60, deadline=None)
@given(st.lists(entry(), min_size=1, max_size=6))
def test_written_entries_read_back_unchanged(entries: list[dict[str, Any]]) -> None:
    for n, item in enumerate(entries):
        item["id"] = f"paper-{n}"
    data = entries_yaml(entries).encode("utf-8")
    papers, problems = read_file("roundtrip.yaml", data, TODAY)
    errors = [p for p in problems if p.severity == "error"]
    assert not errors, (errors, data.decode())
    assert len(papers) == len(entries)
    for paper, item in zip(papers, entries, strict=True):
        assert paper.id == item["id"]
        assert paper.title == item["title"]
        assert paper.added == item["added"]
        assert paper.arxiv == item.get("arxiv")
        assert paper.authors == tuple(item.get("authors", ()))
        assert paper.published == item.get("published")
        assert paper.upvotes == item.get("upvotes")
        assert paper.org == item.get("org")
        assert paper.tags == tuple(item.get("tags", ()))
        assert (paper.status.value if paper.status else None) == item.get("status")
        assert paper.rating == item.get("rating")
        assert paper.abstract == item.get("abstract")
        assert paper.note == item.get("note")
        assert dict(paper.links) == item.get("links", {})
    assert check_unique(papers) == []
