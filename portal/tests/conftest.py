"""Portal tests run against the OIC simulator on a real socket (fixtures in tests/simulator.py)."""

import pytest

from tests.factories import fill_case, make_case
from tests.simulator import CLIENT_ID, CLIENT_SECRET, SimControl, _fresh_breaker, oic, sim, sim_control  # noqa: F401


@pytest.fixture
def ready_case(alice):
    """A case with every detail the OIC Portal needs."""
    return fill_case(make_case(fee_earner=alice, first_name="Jane", last_name="Roe"))
