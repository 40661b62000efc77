"""The citecheck exception tree.

Exceptions are only for "cannot start" conditions (bad input, bad configuration);
failures past the input boundary (a dead link, an unparseable note) are values.
"""

from __future__ import annotations


class CitecheckError(Exception):
    """Base of every error citecheck raises on purpose."""


class InputError(CitecheckError):
    """A document cannot be read: missing, a directory, binary, undecodable, empty."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class NoFootnotesError(InputError):
    """The document was read but holds no footnotes or references."""


class UnsupportedFormatError(InputError):
    """The document is in a format citecheck cannot read (the reason says how to convert)."""


class ConfigError(CitecheckError):
    """A configuration file or option is invalid."""


class OutputError(CitecheckError):
    """A report or a document cannot be written where it was asked to go."""

    def __init__(self, path: str, reason: str | OSError) -> None:
        if isinstance(reason, OSError):
            reason = f"cannot be written ({reason.strerror or reason})"
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class StateError(CitecheckError):
    """The state file cannot be opened or created (not a corrupt file: that is set aside)."""
