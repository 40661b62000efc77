"""ZIP-packaged XML documents (DOCX, ODT): open, bound, and stream-parse their parts.

Both office formats are ZIP archives of XML parts, and both can be hostile: a small file
can inflate to gigabytes (a zip bomb) or declare entities that expand without end or
reach outside the file (XXE). So every part is read through this module:

* a part larger than ``MAX_PART_BYTES`` once inflated is refused from its declared size
  before inflating, and again while inflating if the declared size lied;
* the parts one document reads together may not exceed ``MAX_PACKAGE_BYTES``;
* XML is parsed by expat as a stream of events (no tree is built, so memory stays
  bounded by the text kept, not by the number of elements), and any DOCTYPE is refused,
  which rules out entity expansion and external entities alike.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol
from xml.parsers import expat

from citecheck.errors import InputError

MAX_PART_BYTES = 32 * 1024 * 1024
"""The largest inflated XML part read; real footnote parts are a few megabytes."""
MAX_PACKAGE_BYTES = 96 * 1024 * 1024
"""The most inflated bytes read from one package, all parts together."""
MAX_ELEMENTS = 1_000_000
"""The most XML elements parsed in one part: real parts average 30-60 bytes an element,
so this only stops padding such as millions of empty ``<w:r/>`` runs (time, not memory)."""
_CHUNK = 64 * 1024


class XmlEvents(Protocol):
    """What a streaming reader of one part receives, in document order.

    Element names are ``{namespace}local`` (as ElementTree spells them); ``offset`` is the
    byte offset of the event's tag in the part, for writers that edit the part in place.
    """

    def start(self, name: str, attributes: dict[str, str], offset: int) -> None:
        """An element opens."""

    def end(self, name: str, offset: int) -> None:
        """An element closes."""

    def text(self, data: str) -> None:
        """Character data inside the current element."""


class Package:
    """An opened ZIP package whose reads are bounded (see the module docstring)."""

    def __init__(self, archive: zipfile.ZipFile, path: str, kind: str) -> None:
        self.archive = archive
        self.path = path
        self.kind = kind
        self.names = set(archive.namelist())
        self._budget = MAX_PACKAGE_BYTES

    def has(self, part: str) -> bool:
        """Whether the package holds ``part``."""
        return part in self.names

    def read(self, part: str) -> bytes:
        """The inflated bytes of ``part``, refused if it is implausibly large."""
        return b"".join(self._chunks(part))

    def stream(self, part: str, events: XmlEvents) -> None:
        """Parse ``part`` as XML, sending each event to ``events`` as it is read."""
        parser = _parser(events)
        try:
            for chunk in self._chunks(part):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise InputError(self.path, f"has a damaged {part} ({exc})") from exc
        except _TooManyElementsError as exc:
            raise InputError(
                self.path,
                f"has over {MAX_ELEMENTS:,} XML elements in {part}; refusing to parse it",
            ) from exc
        except _DoctypeRefusedError as exc:
            raise InputError(
                self.path, f"has a DOCTYPE in {part}; refusing entity declarations"
            ) from exc

    def _chunks(self, part: str) -> Iterator[bytes]:
        declared = self.archive.getinfo(part).file_size
        if declared > min(MAX_PART_BYTES, self._budget):
            raise self._too_large(part)
        size = 0
        with self.archive.open(part) as handle:
            while chunk := handle.read(_CHUNK):
                size += len(chunk)
                if size > min(MAX_PART_BYTES, self._budget):  # the declared size lied
                    raise self._too_large(part)
                yield chunk
        self._budget -= size

    def _too_large(self, part: str) -> InputError:
        limit = MAX_PART_BYTES // (1024 * 1024)
        return InputError(
            self.path,
            f"has an implausibly large {part} (over {limit} MB inflated); refusing to inflate it",
        )


@contextmanager
def open_package(path: Path, kind: str) -> Iterator[Package]:
    """Open the ZIP package at ``path`` (a ``kind`` file, e.g. "DOCX"), or say why not."""
    try:
        with zipfile.ZipFile(path) as archive:
            yield Package(archive, str(path), kind)
    except zipfile.BadZipFile as exc:
        raise InputError(str(path), f"is not a {kind} file (not a ZIP archive)") from exc
    except (zipfile.LargeZipFile, NotImplementedError, RuntimeError) as exc:
        raise InputError(str(path), f"is a {kind} file that cannot be read ({exc})") from exc
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror or exc})") from exc


class _DoctypeRefusedError(Exception):
    pass


class _TooManyElementsError(Exception):
    pass


def _parser(events: XmlEvents) -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    names: dict[str, str] = {}  # expat's "uri}local" → "{uri}local", computed once per name
    counted = 0

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal counted
        counted += 1
        if counted > MAX_ELEMENTS:
            raise _TooManyElementsError
        qualified = names.get(name) or names.setdefault(name, _qualified(name))
        if attributes:
            attributes = _qualified_keys(attributes)
        events.start(qualified, attributes, parser.CurrentByteIndex)

    def end(name: str) -> None:
        events.end(names[name], parser.CurrentByteIndex)

    def refuse(*_: object) -> None:
        raise _DoctypeRefusedError

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = events.text
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    return parser


def _qualified(name: str) -> str:
    return "{" + name if "}" in name else name


def _qualified_keys(attributes: dict[str, str]) -> dict[str, str]:
    if not any("}" in key for key in attributes):
        return attributes
    return {_qualified(key): value for key, value in attributes.items()}
