"""Command line: ``python -m simulators.oic serve | register-client | seed``."""

import argparse
import os
import sys

from simulators.common import cli
from simulators.common.auth import client_register
from simulators.common.clock import SimClock
from simulators.oic.config import INT_FIELDS, SHAPES, overrides_from_env
from simulators.oic.seed import seed_claims
from simulators.oic.store import Store

DEFAULT_DB = "var/oic-sim.sqlite3"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every sub-command."""
    parser, commands = cli.build_parser(
        prog="python -m simulators.oic",
        description="Official Injury Claim portal simulator",
        port=8100,
        db_variable="OIC_SIM_DB",
        db_default=DEFAULT_DB,
    )
    serve = commands["serve"]
    cli.add_setting_flags(serve, INT_FIELDS)
    serve.add_argument(
        "--shape",
        choices=SHAPES,
        help="API shape: claimdesk (default) or evidence (only what public code shows)",
    )
    return parser


def _serve(args: argparse.Namespace) -> int:
    from simulators.oic.server import serve  # werkzeug and jinja2 only when serving

    overrides = {**overrides_from_env(os.environ), **cli.setting_flags(args, INT_FIELDS)}
    if args.shape is not None:
        overrides["shape"] = args.shape
    serve(args.db, args.host, args.port, overrides)
    return 0


def _register(args: argparse.Namespace) -> int:
    store = Store(args.db)
    with store.write() as conn:
        client_register(
            conn,
            client_id=args.client_id,
            secret=args.client_secret,
            organisation=args.organisation,
            now=SimClock(store).now(),
        )
    print(f"Client {args.client_id} registered for {args.organisation}.")
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
