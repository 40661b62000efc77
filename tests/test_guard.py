"""The test suite's own network guard (tests/conftest.py)."""

from __future__ import annotations

import socket

import pytest


def test_the_network_guard_refuses_outside_addresses() -> None:
    """A connection to a public address raises at once instead of leaving the machine."""
    with socket.socket() as sock, pytest.raises(RuntimeError, match="real network"):
        sock.connect(("93.184.216.34", 80))
