"""Serving the simulator: a threaded werkzeug server, in the foreground or in a thread.

The request handlers and the background-thread runner are the OIC simulator's; they work with
any WSGI application that dates its own responses.
"""

import logging
from pathlib import Path

from werkzeug.serving import make_server

from simulators.claims_portal import scenarios
from simulators.claims_portal.app import Simulator
from simulators.claims_portal.config import SimConfig
from simulators.oic.server import PortalRequestHandler, RunningSimulator


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
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = Simulator(db_path, overrides=overrides)
    if demo_scenario:
        app.store.set_meta(scenarios.META_KEY, scenarios.DEMO_RULES)
    server = make_server(host, port, app, threaded=True, request_handler=PortalRequestHandler)
    logging.getLogger(__name__).info(
        "Claims Portal simulator on http://%s:%s (database %s)", host, server.server_port, db_path
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        app.stopping.set()
        server.server_close()
        app.close()
