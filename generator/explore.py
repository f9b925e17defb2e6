"""The Explore page: the whole list, filtered and sorted in the reader's browser.

The page holds the controls (built here, so they have labels without JavaScript); the
papers come from ``explore.json``, one compact row per paper with no abstract, which
``generator/theme/assets/javascripts/explore.js`` reads and shows as text, never as HTML.
"""

from __future__ import annotations

import html
import json
from datetime import date

from generator import latex_math, urls
from generator.listing import Listing
from generator.model import Status
from generator.page import GeneratedPage
from generator.settings import Settings

PAGE = "explore/index.md"
DATA = "explore.json"
#: Statuses in the data, by their place in this tuple (0: none).
STATUSES = ("", *(status.value for status in Status))
EPOCH = date(1970, 1, 1)
#: Format of ``explore.json``; the script refuses another.
VERSION = 1


def explore_data(listing: Listing, links: urls.Links) -> str:
    """One row per paper, newest addition first:
    ``[id, title, added (days since 1970), published year or 0, status, rating or 0,
    upvotes or -1, pick (0/1), [tag numbers]]``; tags by number in ``tags``."""
    tags = list(listing.by_tag)
    number = {tag: n for n, tag in enumerate(tags)}
    rows = [[paper.id, latex_math.to_text(paper.title), (paper.added - EPOCH).days,
             paper.published.first.year if paper.published else 0,
             STATUSES.index(paper.status.value) if paper.status else 0,
             paper.rating or 0, -1 if paper.upvotes is None else paper.upvotes,
             int(paper.pick), [number[tag] for tag in paper.tags]]
            for paper in listing.papers]
    data = {"version": VERSION, "url": links.url(urls.paper("{id}")),
            "statuses": STATUSES, "tags": tags, "papers": rows}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _select(name: str, label: str, options: list[tuple[str, str]]) -> str:
    items = "".join(f'<option value="{html.escape(value)}">{html.escape(text)}</option>'
                    for value, text in options)
    return (f'<div class="rl-explore__field"><label for="rl-explore-{name}">'
            f'{html.escape(label)}</label><select id="rl-explore-{name}" name="{name}">'
            f"{items}</select></div>")


def explore_page(listing: Listing, settings: Settings) -> GeneratedPage:
    here = PAGE
    years = sorted({paper.published.first.year for paper in listing.papers
                    if paper.published}, reverse=True)
    counts = {tag: len(papers) for tag, papers in listing.by_tag.items()}
    tag_boxes = "\n".join(
        f'<label class="rl-explore__tag"><input type="checkbox" name="tag" '
        f'value="{html.escape(tag)}"> {html.escape(tag)} <span class="rl-count">{count}</span>'
        "</label>" for tag, count in counts.items())
    links = settings.links
    data = html.escape(links.href(here, DATA))
    tags_page = html.escape(links.href(here, urls.TAGS_INDEX))
    archive = html.escape(links.href(here, urls.ARCHIVE_INDEX))
    controls = "\n".join([
        '<div class="rl-explore__field rl-explore__search"><label for="rl-explore-q">'
        'Title contains</label><input type="search" id="rl-explore-q" name="q" '
        'autocomplete="off"></div>',
        _select("sort", "Sort by", [("added", "Date added"), ("published", "Date published"),
                                    ("upvotes", "Upvotes"), ("rating", "Rating")]),
        _select("year", "Published", [("", "Any year"), *[(str(y), str(y)) for y in years]]),
        _select("status", "Status", [("", "Any status"),
                                     *[(s.value, s.value) for s in Status]]),
        _select("rating", "Rating", [("", "Any rating"),
                                     *[(str(n), f"{n}★ or more") for n in range(5, 0, -1)]]),
        '<label class="rl-explore__field"><input type="checkbox" name="pick" value="1"> '
        "Curator’s picks only</label>",
    ])
    body = f"""<div id="rl-explore" class="rl-explore" data-src="{data}">
<noscript><p>Exploring the list needs JavaScript. Every paper is also listed
<a href="{tags_page}">by tag</a> and <a href="{archive}">by month</a>.</p></noscript>
<form class="rl-explore__form" role="search" aria-label="Filter the list" hidden>
<div class="rl-explore__fields">
{controls}
</div>
<fieldset class="rl-explore__tags"><legend>Tags (papers with every tag checked)</legend>
{tag_boxes}
</fieldset>
<p><button type="reset" class="md-button">Clear filters</button></p>
</form>
<p class="rl-explore__count" aria-live="polite" hidden></p>
<ol class="rl-explore__results"></ol>
<p><button type="button" class="md-button rl-explore__more" hidden>Show more</button></p>
</div>"""
    lead = f"<p>Filter and sort all {len(listing.papers):,} papers of the list.</p>"
    return GeneratedPage(here, "Explore", f"<h1>Explore</h1>\n{lead}\n{body}\n")
