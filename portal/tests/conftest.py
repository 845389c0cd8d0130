"""Portal tests run against the simulators on a real socket (fixtures in tests/simulator.py for the OIC,
tests/claims_portal_sim.py for the Claims Portal)."""

import pytest

from tests.claims_portal_sim import claims_portal, cp_control, cp_sim, make_cp_case  # noqa: F401 - fixtures
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


@pytest.fixture
def cp_case(alice):
    """A Claims Portal case with every detail its claim form needs."""
    return make_cp_case(fee_earner=alice, first_name="Priya", last_name="Patel")
