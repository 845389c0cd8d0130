"""Command line: ``python -m simulators.claims_portal serve | register-client | seed``."""

import argparse
import os
import sys

from simulators.claims_portal.auth import user_register
from simulators.claims_portal.config import INT_FIELDS, overrides_from_env
from simulators.claims_portal.seed import seed_claims
from simulators.claims_portal.store import Store
from simulators.common import cli
from simulators.common.auth import client_register
from simulators.common.clock import SimClock

DEFAULT_DB = "var/cp-sim.sqlite3"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every sub-command."""
    parser, commands = cli.build_parser(
        prog="python -m simulators.claims_portal",
        description="Claims Portal simulator",
        port=8200,
        db_variable="CP_SIM_DB",
        db_default=DEFAULT_DB,
    )
    serve = commands["serve"]
    serve.add_argument(
        "--demo-scenario", action="store_true", help="let a scripted compensator answer every claim by itself"
    )
    cli.add_setting_flags(serve, INT_FIELDS)
    commands["register-client"].add_argument(
        "--login-as", help="also register this portal user (the loginAs) for the organisation"
    )
    return parser


def _serve(args: argparse.Namespace) -> int:
    from simulators.claims_portal.server import serve  # werkzeug and jinja2 only when serving

    overrides = {**overrides_from_env(os.environ), **cli.setting_flags(args, INT_FIELDS)}
    serve(args.db, args.host, args.port, overrides, demo_scenario=args.demo_scenario)
    return 0


def _register(args: argparse.Namespace) -> int:
    store = Store(args.db)
    with store.write() as conn:
        now = SimClock(store).now()
        client_register(
            conn, client_id=args.client_id, secret=args.client_secret, organisation=args.organisation, now=now
        )
        if args.login_as:
            user_register(conn, user_id=args.login_as, organisation=args.organisation, name=None, now=now)
    user = f" with portal user {args.login_as}" if args.login_as else ""
    print(f"Client {args.client_id} registered for {args.organisation}{user}.")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run a command; return the exit status."""
    commands = {
        "serve": _serve,
        "register-client": _register,
        "seed": lambda args: cli.seed(args, Store(args.db), seed_claims),
    }
    return cli.run(build_parser(), commands, argv)


if __name__ == "__main__":
    sys.exit(main())
