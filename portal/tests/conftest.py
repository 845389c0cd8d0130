"""Portal tests run against the OIC simulator on a real socket (fixtures in tests/simulator.py)."""

import pytest

from tests.factories import fill_case, make_case
from tests.simulator import (  # noqa: F401 - fixtures
    CLIENT_ID,
    CLIENT_SECRET,
    SimControl,
    _fresh_breaker,
    oic,
    restored_value_lists,
    sim,
    sim_control,
)


@pytest.fixture
def ready_case(alice):
    """A case with every detail the OIC Portal needs."""
    return fill_case(make_case(fee_earner=alice, first_name="Jane", last_name="Roe"))
