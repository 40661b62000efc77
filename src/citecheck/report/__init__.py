"""Reports: one module per output format, each a pure render function.

The tables below map each ``--format`` to its render function; a new format is one
module plus one line here. Modules are imported when a table is asked for, so that
``citecheck --help`` does not load them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from citecheck.archive import SaveResult
    from citecheck.models import Document
    from citecheck.status import Report

ParseRenderer = Callable[["Document"], str]
VerifyRenderer = Callable[["Report"], str]
SavedRenderer = Callable[["Sequence[SaveResult]"], str]


def parse_renderers() -> dict[str, ParseRenderer]:
    """``citecheck parse --format``: the renderer of each format."""
    from citecheck.export import bibtex, csljson, parse_json, ris
    from citecheck.report import parse_text

    return {
        "text": parse_text.render,
        "json": parse_json.render,
        "bibtex": bibtex.render,
        "csl-json": csljson.render,
        "ris": ris.render,
    }


def verify_renderers() -> dict[str, VerifyRenderer]:
    """``citecheck verify --format``: the renderer of each format."""
    from citecheck.report import github, json_report, markdown, terminal

    return {
        "text": terminal.render,
        "json": json_report.render,
        "markdown": markdown.render,
        "github": github.render,
    }


def saved_renderers() -> dict[str, SavedRenderer]:
    """``citecheck archive --format``: the renderer of each format."""
    from citecheck.report import saved

    return {"text": saved.render_text, "json": saved.render_json}
