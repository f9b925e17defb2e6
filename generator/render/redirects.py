"""Render: pages at a paper's old URLs (``aliases``) that send the reader to its page.

A static HTML file at each old address, as mkdocs-redirects writes them: an immediate
``<meta http-equiv="refresh">``, a canonical link for search engines, and a plain link.
"""

from __future__ import annotations

import html

from generator.common import urls
from generator.enrich.listing import Listing
from generator.load.settings import Settings


def redirect_file(uri: str, directory_urls: bool) -> str:
    """Where the page for source URI ``uri`` is written: ``papers/x/index.html``."""
    url = urls.page_url(uri, directory_urls)
    return url + "index.html" if url.endswith("/") or not url else url


def redirect_pages(listing: Listing, settings: Settings) -> dict[str, str]:
    files: dict[str, str] = {}
    for paper in listing.papers:
        target = urls.paper(paper.id)
        canonical = html.escape(settings.base_url + urls.public_path(target), quote=True)
        title = html.escape(paper.title, quote=False)
        for alias in paper.aliases:
            here = urls.paper(alias)
            relative = html.escape(urls.href(here, target, settings.directory_urls), quote=True)
            files[redirect_file(here, settings.directory_urls)] = (
                '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                f"<title>Moved: {title}</title>\n"
                f'<link rel="canonical" href="{canonical}">\n'
                '<meta name="robots" content="noindex">\n'
                f'<meta http-equiv="refresh" content="0; url={relative}">\n'
                "</head>\n<body>\n"
                f'<p>This paper has moved to <a href="{relative}">{title}</a>.</p>\n'
                "</body>\n</html>\n")
    return files
