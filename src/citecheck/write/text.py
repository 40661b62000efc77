"""Markdown and plain text: archive links (and DOIs) inserted into the source text."""

from __future__ import annotations

from collections.abc import Mapping

from citecheck import annotate
from citecheck.models import Document
from citecheck.read.encoding import codec_for
from citecheck.write import Change


def change(
    document: Document, snapshots: Mapping[str, str], dois: Mapping[tuple[int, str], str]
) -> Change:
    """The text ``document`` with archive links (and suggested DOIs) in its notes."""
    insertions = annotate.plan(document, snapshots)
    if dois:
        insertions += annotate.plan_dois(document, dois)
    after = annotate.apply(document.text, insertions)
    content = after.encode(codec_for(document.encoding))
    diff = annotate.unified_diff(document.path, document.text, after)
    return Change(content, len(insertions), diff)
