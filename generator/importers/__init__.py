"""Import: parse an outside listing into entries, then append them to a curator's file."""

SOURCES = ("arxiv", "arxiv-rss", "hf-daily", "bibtex", "hf-page", "csl-json", "ris", "awesome")
