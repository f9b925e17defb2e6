"""Adapters: the edge, where the core's outputs meet a builder or a person: MkDocs,
Zensical, the command line, updates. Only ``mkdocs_plugin`` imports mkdocs."""
