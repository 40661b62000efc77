"""``citecheck fix``: write archive links back into the document, one writer per format.

Each writer takes a parsed Document and the archive links to add (cited URL → snapshot
URL) and returns a ``Change``: the new file's bytes, how many links it adds, and a
unified diff of the notes for ``--dry-run``. Writers are looked up by the Document's
format in ``WRITERS`` (a new format is one module plus one line). ``write_change``
replaces the file atomically and keeps a ``.bak`` of the original. Each archive link
goes right after the cited URL, introduced in the note's language (``phrase_for``).
"""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from citecheck import files
from citecheck.errors import InputError, OutputError
from citecheck.models import Document

_TEXT = "citecheck.write.text:change"
WRITERS = {
    "markdown-sup": _TEXT,
    "pandoc": _TEXT,
    "plain-notes": _TEXT,
    "page-marks": _TEXT,
    "docx": "citecheck.write.docx:change",
    "odt": "citecheck.write.odt:change",
    "html": "citecheck.write.html:change",
    "latex": "citecheck.write.latex:change",
}
WRITABLE = "Markdown, plain text, DOCX, ODT, HTML and LaTeX"
_PHRASES = {
    "zh-Hant": "，Wayback Machine 存檔：",
    "zh-Hans": "，Wayback Machine 存档：",
    "ru": ", архивная копия: ",
}
_DEFAULT_PHRASE = ", archived at "


@dataclass(frozen=True, slots=True)
class Change:
    """What ``fix`` would write: the new file's bytes, the links added, a preview diff."""

    content: bytes
    added: int
    diff: str


Writer = Callable[[Document, Mapping[str, str], Mapping[tuple[int, str], str]], Change]


def plan_change(
    document: Document,
    snapshots: Mapping[str, str],
    dois: Mapping[tuple[int, str], str] | None = None,
) -> Change:
    """The change that writes ``snapshots`` (and DOI suggestions, where the format takes
    them) into ``document``; InputError when its format cannot be written safely."""
    spec = WRITERS.get(document.format)
    if spec is None:
        raise InputError(document.path, _refusal(document.format))
    module, _, function = spec.partition(":")
    writer: Writer = getattr(importlib.import_module(module), function)
    return writer(document, snapshots, dois or {})


def check_writable(document: Document) -> None:
    """Raise the InputError ``plan_change`` would, before any network work is done."""
    if document.format not in WRITERS:
        raise InputError(document.path, _refusal(document.format))


def _refusal(format_name: str) -> str:
    if format_name == "pdf":
        return (
            "a PDF cannot be edited safely; fix writes into the source it was made from "
            f"({WRITABLE})"
        )
    return f"fix cannot write into this format ({format_name}); it writes into {WRITABLE}"


def phrase_for(language: str | None) -> str:
    """The words that introduce an archive link, in the note's language."""
    return _PHRASES.get(language or "", _DEFAULT_PHRASE)


def write_change(path: Path, change: Change) -> Path:
    """Replace ``path`` with the change (temp file + rename, mode and owner kept), keeping
    ``path.bak``; returns the backup's path. OutputError, one line, on failure."""
    backup = path.with_name(path.name + ".bak")
    try:
        shutil.copy2(path, backup)
    except OSError as exc:
        raise OutputError(str(backup), exc) from exc
    # latin-1 maps each byte to one character and back: the bytes are written as they are
    files.write_atomically(path, change.content.decode("latin-1"), encoding="latin-1", newline="")
    return backup
