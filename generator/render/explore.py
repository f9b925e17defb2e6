"""Render: the Explore page: the whole list, filtered and sorted in the reader's browser.

The page holds the controls (built here, so they have labels without JavaScript); the
papers come from ``explore.json``, one compact row per paper with no abstract, which
``generator/adapters/theme/assets/javascripts/explore.js`` reads and shows as text, never as HTML.
"""

from __future__ import annotations

import html
import json
from datetime import date

from generator.common import urls
from generator.enrich import latex_math
from generator.enrich.listing import Listing, month_label
from generator.load.model import Paper, Status
from generator.load.settings import Settings
from generator.render.page import GeneratedPage, encoded

PAGE = urls.EXPLORE
DATA = "explore.json"
#: Statuses in the data, by their place in this tuple (0: none).
STATUSES = ("", *(status.value for status in Status))
EPOCH = date(1970, 1, 1)
#: Format of ``explore.json``; the script refuses another.
VERSION = 2


def published_number(paper: Paper) -> int:
    """A publication date as one sortable number, as precise as known: 20240813,
    20240800 (a month), 20240000 (a year); 0 for none."""
    if paper.published is None:
        return 0
    first, precision = paper.published.first, paper.published.precision
    return (first.year * 10000 + (first.month * 100 if precision != "year" else 0)
            + (first.day if precision == "day" else 0))


def explore_data(listing: Listing, links: urls.Links) -> str:
    """One row per paper, newest addition first:
    ``[id, title, added (days since 1970), published (``published_number``), status,
    rating or 0, upvotes or -1, pick (0/1), [tag numbers]]``; tags by number in ``tags``;
    ``url`` and ``tag_url`` make a paper's and a tag's address from the site root."""
    tags = list(listing.by_tag)
    number = {tag: n for n, tag in enumerate(tags)}
    rows = [[paper.id, latex_math.to_text(paper.title), (paper.added - EPOCH).days,
             published_number(paper),
             STATUSES.index(paper.status.value) if paper.status else 0,
             paper.rating or 0, -1 if paper.upvotes is None else paper.upvotes,
             int(paper.pick), [number[tag] for tag in paper.tags]]
            for paper in listing.papers]
    data = {"version": VERSION, "url": links.url(urls.paper("{id}")),
            "tag_url": links.url(urls.tag("{tag}")),
            "statuses": STATUSES, "tags": tags, "papers": rows}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _select(name: str, label: str, options: list[tuple[str, str]],
            groups: dict[str, list[tuple[str, str]]] | None = None) -> str:
    def items(pairs: list[tuple[str, str]]) -> str:
        return "".join(f'<option value="{html.escape(value)}">{html.escape(text)}</option>'
                       for value, text in pairs)

    grouped = "".join(f'<optgroup label="{html.escape(group)}">{items(pairs)}</optgroup>'
                      for group, pairs in (groups or {}).items())
    return (f'<div class="rl-explore__field"><label for="rl-explore-{name}">'
            f'{html.escape(label)}</label><select id="rl-explore-{name}" name="{name}">'
            f"{items(options)}{grouped}</select></div>")


def explore_page(listing: Listing, settings: Settings) -> GeneratedPage:
    """The filters, in the address as ``?tag=a&tag=b&added=2024-05&year=2024&status=read
    &rating=4&pick=1&title=word&sort=published`` (Stats links there); the script shows the
    papers. On a phone the filters other than the title fold away."""
    here = PAGE
    papers = listing.papers
    years = sorted({paper.published.first.year for paper in papers if paper.published},
                   reverse=True)
    counts = {tag: len(tagged) for tag, tagged in listing.by_tag.items()}
    tag_boxes = "\n".join(
        f'<label class="rl-explore__tag"><input type="checkbox" name="tag" '
        f'value="{html.escape(tag)}"> {html.escape(tag)} <span class="rl-count">{count}</span>'
        "</label>" for tag, count in counts.items())
    links = settings.links
    data = html.escape(links.href(here, DATA))
    tags_page = html.escape(links.href(here, urls.TAGS_INDEX))
    archive = html.escape(links.href(here, urls.ARCHIVE_INDEX))
    search = html.escape(links.href(here, urls.HOME))
    statuses = [(s.value, s.value) for s in Status]
    if any(paper.status is None for paper in papers):
        statuses.append(("none", "no status"))
    ratings = {"At least": [(str(n), f"{n}★" + ("" if n == 5 else " or more"))
                            for n in range(5, 0, -1)],
               "Exactly": [*[(f"exactly-{n}", f"{n}★") for n in range(4, 0, -1)],
                           ("none", "not rated")]}
    filters = [
        _select("added", "Added", [("", "Any time"), *[(key, month_label(key))
                                                        for key in listing.by_month]]),
        _select("year", "Published", [("", "Any year"), *[(str(y), str(y)) for y in years]]),
        _select("status", "Status", [("", "Any status"), *statuses]),
        _select("rating", "Rating", [("", "Any rating")], ratings),
    ]
    if any(paper.pick for paper in papers):
        filters.append('<label class="rl-explore__field"><input type="checkbox" name="pick" '
                       'value="1"> Curator’s picks only</label>')
    main = "\n".join([
        # not "q": Material opens its search box for an address with ?q=
        '<div class="rl-explore__field rl-explore__search"><label for="rl-explore-title">'
        'Title contains</label><input type="search" id="rl-explore-title" name="title" '
        'autocomplete="off"></div>',
        _select("sort", "Sort by", [("added", "Date added"), ("published", "Date published"),
                                    ("upvotes", "Upvotes"), ("rating", "Rating")]),
    ])
    body = f"""<div id="rl-explore" class="rl-explore" data-src="{data}" data-search="{search}">
<noscript><p>Exploring the list needs JavaScript. Every paper is also listed
<a href="{tags_page}">by tag</a> and <a href="{archive}">by year and month</a>.</p></noscript>
<form class="rl-explore__form" role="search" aria-label="Filter the list" hidden>
<div class="rl-explore__fields">
{main}
</div>
<details class="rl-explore__filters">
<summary>Filters<span class="rl-explore__active"></span></summary>
<div class="rl-explore__fields">
{chr(10).join(filters)}
</div>
<fieldset class="rl-explore__tags"><legend>Tags (papers with every tag checked; the number
says how many of the papers shown have it)</legend>
{tag_boxes}
</fieldset>
<p><button type="reset" class="md-button">Clear filters</button></p>
</details>
</form>
<p class="rl-explore__count" aria-live="polite" hidden></p>
<div class="rl-explore__none" hidden>
<p>No paper matches all these filters: clear them, or loosen one.</p>
<p><button type="button" class="md-button rl-explore__clear">Clear filters</button>
<a class="rl-explore__search-all" hidden>Search the titles, notes and abstracts</a></p>
</div>
<ol class="rl-explore__results"></ol>
<p><button type="button" class="md-button rl-explore__more" hidden>Show more</button></p>
</div>"""
    lead = f"<p>Filter and sort all {len(papers):,} papers of the list.</p>"
    return GeneratedPage(here, "Explore", encoded(f"<h1>Explore</h1>\n{lead}\n{body}\n"))
