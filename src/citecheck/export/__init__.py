"""Exports: BibTeX (bibtexparser v2), CSL-JSON, and citation keys."""
