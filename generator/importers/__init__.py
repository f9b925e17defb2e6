"""Importers: parse an outside listing into entries, then append them to a curator's file."""
