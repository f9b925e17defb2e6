"""Load, stage 1: read the content folder and ``mkdocs.yml``, validate every field, and
hand on typed ``Content`` and ``Settings``, or fail with every problem at its line."""
