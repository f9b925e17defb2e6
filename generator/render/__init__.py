"""Render, stage 3: every output as data: finished pages (``GeneratedPage``), feeds, BibTeX,
Explore, Stats and the search index, from the ``Listing`` and the templates."""
