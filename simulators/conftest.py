"""Fixtures the simulators' tests share; each tests package provides ``server``, its running simulator."""

import pytest

from simulators.common.testing import HTTP, START


@pytest.fixture
def sim(server):
    """The module's simulator, reset: no clients, default settings, the clock frozen at START."""
    HTTP.post(server.url + "/_sim/reset", json={"clients": True, "config": True}).raise_for_status()
    HTTP.post(server.url + "/_sim/clock", json={"freeze": True, "set": START}).raise_for_status()
    return server
