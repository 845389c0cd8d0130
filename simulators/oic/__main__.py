"""Command line: ``python -m simulators.oic serve | register-client | seed``."""

import argparse
import json
import os
import sys
import time

from simulators.common.auth import client_get, client_register
from simulators.common.clock import SimClock
from simulators.common.config import ConfigError, camel
from simulators.oic.config import INT_FIELDS, SHAPES, overrides_from_env
from simulators.oic.seed import seed_claims
from simulators.oic.store import Store

DEFAULT_DB = "var/oic-sim.sqlite3"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every sub-command."""
    parser = argparse.ArgumentParser(
        prog="python -m simulators.oic", description="Official Injury Claim portal simulator"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the simulated portal")
    _db_option(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8100)
    for name in INT_FIELDS:
        serve.add_argument("--" + name.replace("_", "-"), type=int, dest=name, help=f"override {camel(name)}")
    serve.add_argument(
        "--shape",
        choices=SHAPES,
        help="API shape: claimdesk (default) or evidence (only what public code shows)",
    )

    register = commands.add_parser("register-client", help="register (or update) an integration client")
    _db_option(register)
    register.add_argument("--client-id", required=True)
    register.add_argument("--client-secret", required=True)
    register.add_argument("--organisation", required=True)

    seed = commands.add_parser("seed", help="bulk-create claims for benchmarks")
    _db_option(seed)
    owner = seed.add_mutually_exclusive_group(required=True)
    owner.add_argument("--organisation")
    owner.add_argument("--client-id", help="seed for the organisation of this registered client")
    seed.add_argument("--claims", type=int, required=True)
    seed.add_argument("--seed", type=int, default=0, help="random seed (same seed, same data)")
    return parser


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", default=os.environ.get("OIC_SIM_DB", DEFAULT_DB), help="SQLite file (created if missing)"
    )


def _serve(args: argparse.Namespace) -> int:
    from simulators.oic.server import serve  # werkzeug and jinja2 only when serving

    overrides = overrides_from_env(os.environ)
    overrides.update(
        {camel(name): getattr(args, name) for name in INT_FIELDS if getattr(args, name) is not None}
    )
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


def _seed(args: argparse.Namespace) -> int:
    store = Store(args.db)
    organisation = args.organisation
    if args.client_id:
        client = client_get(store.connection(), args.client_id)
        if client is None:
            print(f"No client {args.client_id} is registered in {args.db}.", file=sys.stderr)
            return 2
        organisation = client.organisation
    started = time.monotonic()
    summary = seed_claims(store, SimClock(store).now(), organisation, args.claims, args.seed)
    summary["seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(summary, indent=2))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run a command; return the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return {"serve": _serve, "register-client": _register, "seed": _seed}[args.command](args)
    except ConfigError as error:
        print(f"Invalid configuration: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
