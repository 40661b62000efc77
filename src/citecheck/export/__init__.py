"""Exports: BibTeX (bibtexparser v2), CSL-JSON, RIS (rispy), and citation keys."""
