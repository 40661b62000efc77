"""citecheck: parse footnote citations and verify that every cited source still exists.

In three lines::

    import citecheck
    doc = citecheck.parse("paper.md")        # Document: footnotes, citations
    report = citecheck.verify(doc)           # Report: one LinkResult per cited URL
    print(report.broken)                     # typed results, not dicts

Functions: ``parse``, ``parse_text``, ``verify``, ``lookup_archive``, ``to_bibtex``,
``to_csl_json``. Types: ``Document``, ``Footnote``, ``Citation``, ``Name``,
``Report``, ``DocumentReport``, ``LinkResult``, ``Snapshot``, ``DoiResult``, ``Notice``,
``RegisteredWork``, the enums ``LinkStatus``, ``TitleMatch``, ``DoiStatus``, ``NoticeKind``,
``Relation``, ``CitationKind``; the options ``Settings``; the injectable ``Client``
(network), ``Store`` (state), ``Archive`` (Wayback Machine) and ``Registry`` (DOIs); errors
``CitecheckError``, ``InputError``, ``NoFootnotesError``, ``UnsupportedFormatError``,
``ConfigError``.

Library code never prints; failures past the input boundary are values (statuses), and
only "cannot start" conditions raise a ``CitecheckError``. Names load on first use, so
``import citecheck`` stays fast for command-line use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from citecheck.api import lookup_archive as lookup_archive
    from citecheck.api import parse as parse
    from citecheck.api import parse_text as parse_text
    from citecheck.api import to_bibtex as to_bibtex
    from citecheck.api import to_csl_json as to_csl_json
    from citecheck.api import verify as verify
    from citecheck.archive import Archive as Archive
    from citecheck.client import Client as Client
    from citecheck.config import Settings as Settings
    from citecheck.errors import CitecheckError as CitecheckError
    from citecheck.errors import ConfigError as ConfigError
    from citecheck.errors import InputError as InputError
    from citecheck.errors import NoFootnotesError as NoFootnotesError
    from citecheck.errors import UnsupportedFormatError as UnsupportedFormatError
    from citecheck.models import Citation as Citation
    from citecheck.models import CitationKind as CitationKind
    from citecheck.models import Document as Document
    from citecheck.models import Footnote as Footnote
    from citecheck.models import Name as Name
    from citecheck.models import Relation as Relation
    from citecheck.scholarly import Registry as Registry
    from citecheck.status import DocumentReport as DocumentReport
    from citecheck.status import DoiResult as DoiResult
    from citecheck.status import DoiStatus as DoiStatus
    from citecheck.status import LinkResult as LinkResult
    from citecheck.status import LinkStatus as LinkStatus
    from citecheck.status import Notice as Notice
    from citecheck.status import NoticeKind as NoticeKind
    from citecheck.status import RegisteredWork as RegisteredWork
    from citecheck.status import Report as Report
    from citecheck.status import Snapshot as Snapshot
    from citecheck.status import TitleMatch as TitleMatch
    from citecheck.store import Store as Store

_HOMES = {
    "parse": "citecheck.api",
    "parse_text": "citecheck.api",
    "verify": "citecheck.api",
    "lookup_archive": "citecheck.api",
    "to_bibtex": "citecheck.api",
    "to_csl_json": "citecheck.api",
    "Archive": "citecheck.archive",
    "Client": "citecheck.client",
    "Settings": "citecheck.config",
    "CitecheckError": "citecheck.errors",
    "ConfigError": "citecheck.errors",
    "InputError": "citecheck.errors",
    "NoFootnotesError": "citecheck.errors",
    "UnsupportedFormatError": "citecheck.errors",
    "Citation": "citecheck.models",
    "CitationKind": "citecheck.models",
    "Document": "citecheck.models",
    "Footnote": "citecheck.models",
    "Name": "citecheck.models",
    "Relation": "citecheck.models",
    "Registry": "citecheck.scholarly",
    "DocumentReport": "citecheck.status",
    "DoiResult": "citecheck.status",
    "DoiStatus": "citecheck.status",
    "Notice": "citecheck.status",
    "NoticeKind": "citecheck.status",
    "RegisteredWork": "citecheck.status",
    "LinkResult": "citecheck.status",
    "LinkStatus": "citecheck.status",
    "Report": "citecheck.status",
    "Snapshot": "citecheck.status",
    "TitleMatch": "citecheck.status",
    "Store": "citecheck.store",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    """Load a public name from its module on first use (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'citecheck' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
