"""End-to-end fixtures: the real CLI against a simulated internet on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from citecheck.config import DEFAULT_PROBE_HOSTS
from simweb import SimWeb


@pytest.fixture
def web(monkeypatch: pytest.MonkeyPatch) -> Iterator[SimWeb]:
    """A running simulated web; DNS and the CA bundle of this process point at it.

    The well-known hosts the connectivity probe looks up exist, as on the real internet.
    """
    with SimWeb() as sim:
        sim.patch_dns(monkeypatch)
        for host in DEFAULT_PROBE_HOSTS:
            sim.host(host)
        yield sim
