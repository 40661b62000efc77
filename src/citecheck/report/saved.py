"""The outcome of ``citecheck archive``: one line per page sent to Save Page Now, or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from citecheck.archive import SaveResult


def render_text(saved: Sequence[SaveResult]) -> str:
    """One line per page: outcome, URL, then the snapshot or the archive's message."""
    if not saved:
        return "no live page to archive\n"
    lines = [
        f"{s.outcome.value:13} {s.url}  {s.snapshot.url if s.snapshot else s.message}"
        for s in saved
    ]
    return "\n".join(lines) + "\n"


def render_json(saved: Sequence[SaveResult]) -> str:
    """``{"saved": [{"url", "outcome", "message", "snapshot"}]}``, pretty-printed UTF-8."""
    rows = [
        {
            "url": s.url,
            "outcome": s.outcome.value,
            "message": s.message,
            "snapshot": s.snapshot.url if s.snapshot else None,
        }
        for s in saved
    ]
    return json.dumps({"saved": rows}, ensure_ascii=False, indent=2) + "\n"
