"""The command line: register-client (with a loginAs user), seed and the serve options."""

import json

from simulators.claims_portal.__main__ import build_parser, main
from simulators.claims_portal.auth import users_list
from simulators.claims_portal.config import SimConfig, overrides_from_env
from simulators.claims_portal.store import Store
from simulators.common.auth import client_authenticate


def test_register_client_is_idempotent_and_registers_the_login_as_user(tmp_path, capsys):
    db = str(tmp_path / "cp.sqlite3")
    args = ["register-client", "--db", db, "--client-id", "demo", "--organisation", "Demo Law LLP"]
    assert main([*args, "--client-secret", "one", "--login-as", "jsmith"]) == 0
    assert main([*args, "--client-secret", "two"]) == 0
    store = Store(db)
    assert client_authenticate(store.connection(), "demo", "one") is None
    assert client_authenticate(store.connection(), "demo", "two").organisation == "Demo Law LLP"
    assert users_list(store.connection()) == [
        {"userId": "jsmith", "organisation": "Demo Law LLP", "name": "jsmith", "enabled": True}
    ]
    assert "with portal user jsmith" in capsys.readouterr().out


def test_seed_by_organisation_or_by_client(tmp_path, capsys):
    db = str(tmp_path / "cp.sqlite3")
    assert main(["seed", "--db", db, "--organisation", "Demo Law LLP", "--claims", "50"]) == 0
    first = json.loads(capsys.readouterr().out)
    main(
        [
            "register-client",
            "--db",
            db,
            "--client-id",
            "o",
            "--client-secret",
            "s",
            "--organisation",
            "Other LLP",
        ]
    )
    capsys.readouterr()
    assert main(["seed", "--db", db, "--client-id", "o", "--claims", "10"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert (first["claims"], first["firstApplicationId"]) == (50, "0000000000000001")
    assert (second["organisation"], second["firstApplicationId"]) == ("Other LLP", "0000000000000051")
    phases = {row[0] for row in Store(db).connection().execute("SELECT phase FROM claims")}
    assert len(phases) > 3


def test_serve_takes_every_setting_as_a_flag():
    args = build_parser().parse_args(["serve", "--port", "8201", "--liability-business-days", "3"])
    assert (args.port, args.liability_business_days, args.host) == (8201, 3, "127.0.0.1")
    assert args.max_attachment_bytes is None
    assert args.db == "var/cp-sim.sqlite3"


def test_environment_overrides_are_read():
    config = SimConfig().updated(
        overrides_from_env({"CP_SIM_LIABILITY_BUSINESS_DAYS_MIB": "40", "PATH": "/bin"})
    )
    assert (config.liability_business_days_mib, config.liability_business_days) == (40, 15)
