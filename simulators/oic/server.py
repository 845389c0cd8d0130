"""Serving the OIC simulator: a threaded werkzeug server, in the foreground or in a thread."""

from pathlib import Path

from simulators.common import server
from simulators.common.server import RunningSimulator
from simulators.oic.app import Simulator
from simulators.oic.config import SimConfig


def run_in_thread(
    db_path: str | Path,
    host: str = "127.0.0.1",
    port: int = 0,
    config: SimConfig | None = None,
    quiet: bool = True,
) -> RunningSimulator:
    """Start a simulator on ``host:port`` (0 picks a free port) and return it running."""
    return RunningSimulator(Simulator(db_path, config=config), host, port, quiet=quiet)


def serve(db_path: str | Path, host: str, port: int, overrides: dict) -> None:
    """Serve in the foreground until interrupted (the ``serve`` command)."""
    server.log_to_stderr()
    server.serve(Simulator(db_path, overrides=overrides), host, port, "OIC simulator")
