"""Footnote citation parsing (zh/en/ru): split, read fields, name the language."""
