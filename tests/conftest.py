"""Shared test configuration: tests/ helpers importable, and no real network, ever."""

from __future__ import annotations

import ipaddress
import socket
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _refuse_outside(address: Any) -> None:
    """Fail loudly when a test tries to reach anything but this machine."""
    if isinstance(address, tuple) and address:
        host = str(address[0]).split("%")[0]
        try:
            local = ipaddress.ip_address(host).is_loopback
        except ValueError:
            local = host == "localhost"
        if not local:
            raise RuntimeError(f"a test tried to reach the real network: {address!r}")


def _guarded_connect(self: socket.socket, address: Any) -> None:
    _refuse_outside(address)
    _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    _refuse_outside(address)
    return _real_connect_ex(self, address)


@pytest.fixture(autouse=True)
def _no_real_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test: connections anywhere but loopback raise instead of leaving the machine."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)
