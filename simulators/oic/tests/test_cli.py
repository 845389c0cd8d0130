"""The command line: register-client, seed and the serve options."""

import json

from simulators.common.auth import client_authenticate
from simulators.oic.__main__ import build_parser, main
from simulators.oic.store import Store


def test_register_client_is_idempotent_and_updates_the_secret(tmp_path):
    db = str(tmp_path / "oic.sqlite3")
    args = ["register-client", "--db", db, "--client-id", "demo", "--organisation", "Demo Law LLP"]
    assert main([*args, "--client-secret", "one"]) == 0
    assert main([*args, "--client-secret", "two"]) == 0
    store = Store(db)
    assert client_authenticate(store.connection(), "demo", "one") is None
    assert client_authenticate(store.connection(), "demo", "two").organisation == "Demo Law LLP"
    assert store.connection().execute("SELECT COUNT(*) FROM clients").fetchone()[0] == 1


def test_seed_by_organisation_or_by_client(tmp_path, capsys):
    db = str(tmp_path / "oic.sqlite3")
    assert main(["seed", "--db", db, "--organisation", "Demo Law LLP", "--claims", "50"]) == 0
    first = json.loads(capsys.readouterr().out)
    main(
        [
            "register-client",
            "--db",
            db,
            "--client-id",
            "demo",
            "--client-secret",
            "s",
            "--organisation",
            "Other LLP",
        ]
    )
    capsys.readouterr()
    assert main(["seed", "--db", db, "--client-id", "demo", "--claims", "10"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert (first["claims"], first["firstClaimID"]) == (50, "OIC-00000001")
    assert (second["organisation"], second["firstClaimID"]) == ("Other LLP", "OIC-00000051")


def test_serve_takes_every_setting_as_a_flag(monkeypatch):
    args = build_parser().parse_args(
        ["serve", "--port", "8101", "--processing-delay-seconds", "5", "--liability-business-days", "3"]
    )
    assert (args.port, args.processing_delay_seconds, args.liability_business_days) == (8101, 5, 3)
    assert args.scnf_delay_seconds is None
    assert args.db == "var/oic-sim.sqlite3"


def test_environment_overrides_are_read(monkeypatch):
    from simulators.oic.config import SimConfig, overrides_from_env

    overrides = overrides_from_env(
        {
            "OIC_SIM_PROCESSING_DELAY_SECONDS": "9",
            "OIC_SIM_ASSIGNMENT_PERIODS": '{"Pending-Medical": {"goalBusinessDays": 1}}',
        }
    )
    config = SimConfig().updated(overrides)
    assert config.processing_delay_seconds == 9
    assert config.assignment_periods["Pending-Medical"] == {"goalBusinessDays": 1, "deadlineBusinessDays": 60}


def test_the_api_shape_comes_from_a_flag_or_the_environment(tmp_path):
    from simulators.common.config import ConfigError
    from simulators.oic.app import Simulator
    from simulators.oic.config import overrides_from_env

    assert build_parser().parse_args(["serve", "--shape", "evidence"]).shape == "evidence"
    assert build_parser().parse_args(["serve"]).shape is None
    assert overrides_from_env({"OIC_SIM_SHAPE": "evidence"}) == {"shape": "evidence"}
    simulator = Simulator(
        tmp_path / "oic.sqlite3", overrides=overrides_from_env({"OIC_SIM_SHAPE": "evidence"})
    )
    assert simulator.config.shape == "evidence"
    simulator.close()
    try:
        Simulator(tmp_path / "other.sqlite3", overrides={"shape": "soap"})
    except ConfigError as error:
        assert error.problems == ["shape: must be one of claimdesk, evidence"]
    else:
        raise AssertionError("an unknown shape must be refused")
