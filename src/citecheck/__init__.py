"""citecheck: parse footnote citations and verify that every cited source still exists."""

__version__ = "0.1.0"
