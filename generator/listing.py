"""Stage 2: enrich validated content into the listing every renderer reads."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from generator.model import Content, Note, Paper


@dataclass(frozen=True, slots=True)
class Listing:
    papers: tuple[Paper, ...]
    """Newest addition first (``Paper.sort_key``)."""
    by_tag: dict[str, tuple[Paper, ...]]
    """Tag name -> its papers, newest first; tags in name order."""
    by_month: dict[str, tuple[Paper, ...]]
    """``YYYY-MM`` of ``added`` -> papers, newest month first."""
    notes: dict[str, Note]
    intro: str | None

    @property
    def newest_added(self) -> date | None:
        return self.papers[0].added if self.papers else None


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def build_listing(content: Content) -> Listing:
    papers = tuple(sorted(content.papers, key=lambda p: p.sort_key))
    tags: defaultdict[str, list[Paper]] = defaultdict(list)
    months: defaultdict[str, list[Paper]] = defaultdict(list)
    for paper in papers:
        for tag in paper.tags:
            tags[tag].append(paper)
        months[month_key(paper.added)].append(paper)
    return Listing(
        papers=papers,
        by_tag={tag: tuple(tags[tag]) for tag in sorted(tags)},
        by_month={month: tuple(months[month]) for month in sorted(months, reverse=True)},
        notes=dict(content.notes),
        intro=content.intro,
    )
