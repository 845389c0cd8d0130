"""State survives a restart of the simulator on the same database."""

import httpx

from simulators.common.testing import SSL_CONTEXT
from simulators.oic.config import SimConfig
from simulators.oic.server import run_in_thread
from simulators.oic.tests.conftest import CLIENT_ID, CLIENT_SECRET, Control, Portal, submitted


def test_claims_tokens_clock_and_settings_survive_a_restart(tmp_path):
    db = tmp_path / "oic.sqlite3"
    with run_in_thread(db) as first, httpx.Client(base_url=first.url, verify=SSL_CONTEXT) as control:
        control.post(
            "/_sim/clients",
            json={"clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET, "organisation": "Demo Law LLP"},
        )
        control.post("/_sim/clock", json={"freeze": True, "set": "2025-03-03T09:00:00Z"})
        control.put("/_sim/config", json={"scnfDelaySeconds": 60})
        control.put("/_sim/faults", json={"latencyMs": 1})
        with Portal(first.url) as portal:
            portal.create()
            token = portal.token

    with run_in_thread(db) as second, httpx.Client(base_url=second.url, verify=SSL_CONTEXT) as control:
        assert control.get("/_sim/clock").json()["now"] == "2025-03-03T09:00:00.000Z"
        assert control.get("/_sim/config").json()["scnfDelaySeconds"] == 60
        assert control.get("/_sim/faults").json()["latencyMs"] == 1
        claims = httpx.get(
            second.url + "/api/v1/claims",
            params={"clientReference": "DLL-0001"},
            headers={"Authorization": f"Bearer {token}"},
            verify=SSL_CONTEXT,
        )
        assert claims.json()["results"][0]["claimStatus"] == "Pending-New"
        control.post("/_sim/clock", json={"advance": {"minutes": 1}})
        attachments = control.get("/_sim/claims").json()["claims"][0]["attachmentCount"]
        assert attachments == 1  # the SCNF event queued before the restart still ran


def test_an_explicit_config_replaces_the_persisted_one(tmp_path):
    db = tmp_path / "oic.sqlite3"
    with run_in_thread(db, config=SimConfig(processing_delay_seconds=7)) as first:
        assert httpx.get(first.url + "/_sim/config", verify=SSL_CONTEXT).json()["processingDelaySeconds"] == 7
    with run_in_thread(db) as second:
        assert (
            httpx.get(second.url + "/_sim/config", verify=SSL_CONTEXT).json()["processingDelaySeconds"] == 7
        )
    with run_in_thread(db, config=SimConfig()) as third:
        assert (
            httpx.get(third.url + "/_sim/config", verify=SSL_CONTEXT).json()["processingDelaySeconds"] == 120
        )


def test_a_claim_in_progress_carries_on_after_a_restart(tmp_path):
    db = tmp_path / "oic.sqlite3"
    with run_in_thread(db) as first, Control(base_url=first.url, verify=SSL_CONTEXT) as control:
        control.post(
            "/_sim/clients",
            json={"clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET, "organisation": "Demo Law LLP"},
        )
        control.post("/_sim/clock", json={"freeze": True, "set": "2025-03-03T09:00:00Z"})
        with Portal(first.url) as portal:
            claim_id = submitted(portal, control)["claimID"]
    with run_in_thread(db) as second, Portal(second.url) as portal:
        httpx.post(second.url + "/_sim/clock", json={"advance": {"businessDays": 30}}, verify=SSL_CONTEXT)
        assert portal.claim(claim_id)["claimStatus"] == "Pending-Medical"
