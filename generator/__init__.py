"""Static site generator for curated reading lists of research papers.

The pipeline runs in one direction: load and validate (``loader``) -> enrich
(``listing``) -> render (``render``, ``feeds``) -> write (``outputs``), and the
two adapters at the edge (``mkdocs_plugin``, ``cli``) only hand the result on.
"""

__version__ = "0.1.0"
