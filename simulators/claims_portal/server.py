"""Serving the Claims Portal simulator: a threaded werkzeug server, in the foreground or in a thread."""

from pathlib import Path

from simulators.claims_portal import scenarios
from simulators.claims_portal.app import Simulator
from simulators.claims_portal.config import SimConfig
from simulators.common import server
from simulators.common.server import RunningSimulator


def run_in_thread(
    db_path: str | Path,
    host: str = "127.0.0.1",
    port: int = 0,
    config: SimConfig | None = None,
    quiet: bool = True,
) -> RunningSimulator:
    """Start a simulator on ``host:port`` (0 picks a free port) and return it running."""
    return RunningSimulator(Simulator(db_path, config=config), host, port, quiet=quiet)


def serve(db_path: str | Path, host: str, port: int, overrides: dict, demo_scenario: bool = False) -> None:
    """Serve in the foreground until interrupted (the ``serve`` command)."""
    server.log_to_stderr()
    app = Simulator(db_path, overrides=overrides)
    if demo_scenario:
        app.store.set_meta(scenarios.META_KEY, scenarios.DEMO_RULES)
    server.serve(app, host, port, "Claims Portal simulator")
