"""Serving a simulator: a threaded werkzeug server, in the foreground or in a thread."""

import logging
import threading

from werkzeug.serving import WSGIRequestHandler, make_server

from simulators.common.app import Simulator


class PortalRequestHandler(WSGIRequestHandler):
    """Werkzeug's handler, minus its own Date header: the application dates responses in portal time."""

    def send_response(self, code: int, message: str | None = None) -> None:
        """Send the status line and Server header (but no wall-clock Date)."""
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Server", self.version_string())


class QuietRequestHandler(PortalRequestHandler):
    """No access-log line per request (tests and benchmarks)."""

    def log_request(self, code="-", size="-") -> None:
        """Access logging is off."""


class RunningSimulator:
    """A simulator serving on a real socket from a background thread. Use ``stop()`` or ``with``."""

    def __init__(self, app: Simulator, host: str, port: int, quiet: bool = True):
        handler = QuietRequestHandler if quiet else PortalRequestHandler
        self.app = app
        self.server = make_server(host, port, app, threaded=True, request_handler=handler)
        self.url = f"http://{host}:{self.server.server_port}"
        self._thread = threading.Thread(
            target=self.server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"simulator-{self.server.server_port}",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving, wake any request sleeping in a fault, and close the database."""
        self.app.stopping.set()
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(timeout=5)
        self.app.close()

    def __enter__(self) -> "RunningSimulator":
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def serve(app: Simulator, host: str, port: int, title: str) -> None:
    """Serve ``app`` in the foreground until interrupted, then close it (the ``serve`` command)."""
    server = make_server(host, port, app, threaded=True, request_handler=PortalRequestHandler)
    logging.getLogger(__name__).info(
        "%s on http://%s:%s (database %s)", title, host, server.server_port, app.store.path
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        app.stopping.set()
        server.server_close()
        app.close()


def log_to_stderr() -> None:
    """The ``serve`` command's log format."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
