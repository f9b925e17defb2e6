"""Static site generator for curated reading lists of research papers.

One pipeline, one direction, a folder per stage: ``load`` (read and validate the content
folder) -> ``enrich`` (the listing: sorted, grouped, prose, related papers) -> ``render``
(pages, feeds, BibTeX, the search index) -> ``pipeline`` (all of it as one call), with
``common`` under every stage, ``importers`` beside it, and ``adapters`` at the edge
(MkDocs, Zensical, the command line) handing the result on. A module imports only its
own layer and those below it (``tests/test_layers.py``).
"""

__version__ = "0.2.0"  # as pyproject.toml says
