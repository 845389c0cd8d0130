"""The command line every simulator has: ``serve``, ``register-client`` and ``seed``.

Each simulator builds its parser here, adds its own options, and runs its own commands.
"""

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Iterable

from simulators.common.auth import client_get
from simulators.common.clock import SimClock
from simulators.common.config import ConfigError, camel
from simulators.common.store import Store


def build_parser(
    *, prog: str, description: str, port: int, db_variable: str, db_default: str
) -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The parser with the options every simulator's commands take; also each command's sub-parser."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    commands = parser.add_subparsers(dest="command", required=True)

    def db_option(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "--db", default=os.environ.get(db_variable, db_default), help="SQLite file (created if missing)"
        )

    serve = commands.add_parser("serve", help="serve the simulated portal")
    db_option(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=port)

    register = commands.add_parser("register-client", help="register (or update) an integration client")
    db_option(register)
    register.add_argument("--client-id", required=True)
    register.add_argument("--client-secret", required=True)
    register.add_argument("--organisation", required=True)

    seed = commands.add_parser("seed", help="bulk-create claims for benchmarks")
    db_option(seed)
    owner = seed.add_mutually_exclusive_group(required=True)
    owner.add_argument("--organisation")
    owner.add_argument("--client-id", help="seed for the organisation of this registered client")
    seed.add_argument("--claims", type=int, required=True)
    seed.add_argument("--seed", type=int, default=0, help="random seed (same seed, same data)")
    return parser, {"serve": serve, "register-client": register, "seed": seed}


def add_setting_flags(serve: argparse.ArgumentParser, names: Iterable[str]) -> None:
    """A ``--kebab-case`` flag for each integer setting."""
    for name in names:
        serve.add_argument("--" + name.replace("_", "-"), type=int, dest=name, help=f"override {camel(name)}")


def setting_flags(args: argparse.Namespace, names: Iterable[str]) -> dict:
    """camelCase overrides from the setting flags given."""
    return {camel(name): getattr(args, name) for name in names if getattr(args, name) is not None}


def seed(args: argparse.Namespace, store: Store, seed_claims: Callable) -> int:
    """The ``seed`` command: bulk-create claims for an organisation (or a client's) and print a summary."""
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


def run(
    parser: argparse.ArgumentParser, commands: dict[str, Callable[[argparse.Namespace], int]], argv
) -> int:
    """Run a command; return the exit status (2 for invalid configuration)."""
    args = parser.parse_args(argv)
    try:
        return commands[args.command](args)
    except ConfigError as error:
        print(f"Invalid configuration: {error}", file=sys.stderr)
        return 2
