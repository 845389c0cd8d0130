"""The OpenAPI document agrees with the code: its value lists.

The checks every simulator's document passes are in simulators/common/tests/test_openapi.py.
"""

import yaml

from simulators.claims_portal import claimant, compensator, reference
from simulators.claims_portal.app import OPENAPI_PATH
from simulators.claims_portal.config import SimConfig
from simulators.claims_portal.phases import PHASES

DOCUMENT = yaml.safe_load(OPENAPI_PATH.read_text())
SCHEMAS = DOCUMENT["components"]["schemas"]


def test_value_lists_agree_with_the_code():
    assert SCHEMAS["PhaseCode"]["enum"] == list(PHASES)
    assert SCHEMAS["ClaimantMethod"]["enum"] == list(claimant.METHODS)
    assert SCHEMAS["CompensatorMethod"]["enum"] == list(compensator.METHODS)
    assert SCHEMAS["LossType"]["enum"] == list(reference.LOSS_TYPES)
    assert SCHEMAS["ValidationCode"]["enum"] == list(reference.VALIDATION_CODES)
    assert set(reference.CHECKER_CODES.values()) <= set(reference.VALIDATION_CODES)
    assert SCHEMAS["CrExitReason"]["enum"] == list(reference.CR_EXIT_CODES)
    assert SCHEMAS["CompExitReason"]["enum"] == list(reference.COMP_EXIT_CODES)
    assert SCHEMAS["LiabilityDecision"]["enum"] == list(reference.LIABILITY_DECISIONS)
    assert SCHEMAS["SettlementPackDecision"]["enum"] == list(reference.SETTLEMENT_PACK_DECISIONS)
    assert SCHEMAS["InterimDecision"]["enum"] == list(reference.INTERIM_DECISIONS)
    assert SCHEMAS["ClaimantType"]["enum"] == list(reference.CLAIMANT_TYPES)
    assert SCHEMAS["Title"]["enum"] == list(reference.TITLES)
    assert SCHEMAS["RejectionReason"]["enum"] == list(reference.REJECTION_REASONS)
    assert list(SCHEMAS["Config"]["properties"]) == list(SimConfig().to_json())
    list_names = DOCUMENT["paths"]["/api/v1/reference/{listName}"]["parameters"][0]["schema"]["enum"]
    assert list_names == ["phases", *reference.CODE_LISTS]
