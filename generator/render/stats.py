"""Render: the Stats page: the list at a glance, as charts drawn at build time.

Charts over time are inline SVG (no chart library, no script), with a title for screen
readers and their numbers as a table under a ``<details>``; charts of named categories
(tags, statuses, ratings) are HTML bars, so a label of any length wraps at the reader's
text size instead of being cut or shrunk. Both take the theme's colours (dark mode), and
every bar leads to its papers in Explore. Every label is escaped.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from urllib.parse import urlencode

from generator.common import urls
from generator.enrich.listing import Listing, month_key
from generator.render.page import GeneratedPage, encoded

PAGE = "stats/index.md"
TOP_TAGS = 15
#: The drawing's width in SVG units; it scales to the column (a 390 px phone too).
WIDTH = 400
#: The widest a column of a time chart is drawn, in SVG units.
COLUMN = 36


#: A row of a chart: its label, its number, and the Explore view of its papers.
Row = tuple[str, int, str]


def _a(href: str, inner: str) -> str:
    return f'<a href="{html.escape(href)}">{inner}</a>'


def _link(label: str, href: str, inner: str, value: int) -> str:
    """A bar of an SVG chart as a link, its title saying what it leads to."""
    hint = f"{value:,} paper{'' if value == 1 else 's'}, shown in Explore"
    return _a(href, f"<title>{html.escape(label)}: {hint}</title>{inner}")


def _table(caption: str, head: tuple[str, str], rows: Sequence[Row]) -> str:
    body = "".join(  # a row of no paper leads nowhere
        f'<tr><td>{_a(href, html.escape(label)) if value else html.escape(label)}</td>'
        f"<td>{value:,}</td></tr>" for label, value, href in rows)
    return (f'<details class="rl-chart__data"><summary>{html.escape(caption)}: the numbers'
            f"</summary><table><thead><tr><th>{html.escape(head[0])}</th>"
            f"<th>{html.escape(head[1])}</th></tr></thead><tbody>{body}</tbody></table>"
            "</details>")


def bars(key: str, title: str, rows: Sequence[Row]) -> str:
    """Horizontal bars, a label left of each, for named categories (tags, statuses): a
    list of links, each bar's length its share of the largest (``--share``)."""
    top = max((value for _, value, _ in rows), default=0) or 1
    items = "".join(
        "<li>" + _a(href, f'<span class="rl-bars__label">{html.escape(label)}</span>'
                    '<span class="rl-bars__track"><span class="rl-bars__bar" '
                    f'style="--share: {100 * value / top:.1f}%"></span>'
                    f'<span class="rl-bars__value">{value:,}</span></span>') + "</li>"
        for label, value, href in rows)
    return (f'<figure class="rl-chart" id="{key}"><figcaption id="{key}-title">'
            f'{html.escape(title)}</figcaption><ol class="rl-bars" aria-labelledby='
            f'"{key}-title">{items}</ol></figure>')


def columns(key: str, title: str, rows: Sequence[Row], head: tuple[str, str],
            label_every: int = 1) -> str:
    """Vertical bars along a time axis (months, years), every ``label_every``-th labelled;
    a bar is at most ``COLUMN`` wide, so a young list's one month is not one wide block."""
    height, base, left = 180, 150, 30
    top = max((value for _, value, _ in rows), default=0) or 1
    step = (WIDTH - left - 10) / max(1, len(rows))
    bar_width = max(min(step * 0.8, COLUMN), 1)
    parts = [f'<text x="{left - 4}" y="16" text-anchor="end" class="rl-chart__value">'
             f"{top:,}</text>"
             f'<line x1="{left}" y1="{base}" x2="{WIDTH - 10}" y2="{base}" '
             'class="rl-chart__axis"/>']
    for n, (label, value, href) in enumerate(rows):
        bar = (base - 20) * value / top
        x = left + n * step
        rect = (f'<rect x="{x + (step - bar_width) / 2:.1f}" y="{base - bar:.1f}" '
                f'width="{bar_width:.1f}" height="{bar:.1f}" class="rl-chart__bar"/>')
        parts.append(_link(label, href, rect, value) if value else rect)
        if n % label_every == 0:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{base + 16}" text-anchor="middle" '
                         f'class="rl-chart__label">{html.escape(label)}</text>')
    return _figure(key, title, f"0 0 {WIDTH} {height}", "".join(parts),
                   _table(title, head, rows))


def _figure(key: str, title: str, box: str, drawing: str, table: str) -> str:
    # a group, not an image: its bars are links
    return (f'<figure class="rl-chart" id="{key}">'
            f"<figcaption>{html.escape(title)}</figcaption>"
            f'<svg viewBox="{box}" role="group" aria-labelledby="{key}-title" '
            f'preserveAspectRatio="xMinYMin meet"><title id="{key}-title">'
            f"{html.escape(title)}</title>{drawing}</svg>{table}</figure>")


def _months(listing: Listing) -> list[tuple[str, int]]:
    """Papers added per month, every month from the first to the last (none skipped)."""
    counts = Counter(month_key(paper.added) for paper in listing.papers)
    if not counts:
        return []
    first, last = min(counts), max(counts)
    year, month = int(first[:4]), int(first[5:])
    rows = []
    while f"{year:04d}-{month:02d}" <= last:
        key = f"{year:04d}-{month:02d}"
        rows.append((key, counts.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return rows


def stats_page(listing: Listing, links: urls.Links) -> GeneratedPage:
    papers = listing.papers
    explore = links.href(PAGE, urls.EXPLORE)

    def view(**filters: str) -> str:
        """The Explore view of a bar's papers (Explore reads its filters from the address)."""
        return f"{explore}?{urlencode(filters)}"

    months = [(label, value, view(added=label)) for label, value in _months(listing)]
    years = Counter(paper.published.first.year for paper in papers if paper.published)
    year_rows = [(str(y), years[y], view(year=str(y)))
                 for y in range(min(years), max(years) + 1)] if years else []
    tags = sorted(((tag, len(items)) for tag, items in listing.by_tag.items()),
                  key=lambda item: (-item[1], item[0]))[:TOP_TAGS]
    statuses = Counter(paper.status.value if paper.status else "none" for paper in papers)
    status_rows = [(name if name != "none" else "no status", statuses[name], view(status=name))
                   for name in ("to-read", "reading", "read", "none") if statuses[name]]
    ratings = Counter(paper.rating or 0 for paper in papers)
    rating_rows = [(("★" * n) if n else "not rated", ratings[n],
                    view(rating=f"exactly-{n}" if 0 < n < 5 else str(n) if n else "none"))
                   for n in (5, 4, 3, 2, 1, 0) if ratings[n]]
    charts = [
        columns("added", "Papers added per month", months, ("Month", "Papers added"),
                label_every=max(1, -(-len(months) // 6))),
        columns("published", "Papers published per year", year_rows, ("Year", "Papers"),
                label_every=max(1, -(-len(year_rows) // 8))),
        bars("tags", f"The {len(tags)} largest tags",
             [(tag, count, view(tag=tag)) for tag, count in tags]),
        bars("status", "Reading status", status_rows),
        bars("ratings", "Ratings", rating_rows),
    ]
    lead = (f"<p>The list at a glance: {len(papers):,} papers, "
            f"{len(listing.by_tag):,} tags. Each bar leads to its papers in Explore.</p>")
    charts_html = '<div class="rl-charts">\n' + "\n".join(charts) + "\n</div>"
    return GeneratedPage(PAGE, "Stats", encoded(f"<h1>Stats</h1>\n{lead}\n{charts_html}\n"))
