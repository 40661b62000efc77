"""The JSON contract of ``citecheck parse DOC --format json``.

``{"document": path, "footnotes": [{"number", "line", "text", "citations": [CSL item]}]}``
where each citation is a CSL-JSON item (see ``citecheck.csl``); citations of one work share
their ``id``. The shape is documented in README and kept stable.
"""

from __future__ import annotations

import json
from typing import Any

from citecheck.csl import citation_to_csl
from citecheck.models import Document


def parse_report(document: Document) -> dict[str, Any]:
    """The contract's object for ``document``."""
    return {
        "document": document.path,
        "footnotes": [
            {
                "number": note.number,
                "line": note.line,
                "text": note.text,
                "citations": [citation_to_csl(c) for c in note.citations],
            }
            for note in document.footnotes
        ],
    }


def render(document: Document) -> str:
    """The contract as pretty-printed JSON text (UTF-8, not ASCII-escaped)."""
    return json.dumps(parse_report(document), ensure_ascii=False, indent=2) + "\n"
