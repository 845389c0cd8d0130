"""Test support both simulators' tests use: HTTP clients for the control and portal APIs, and forms.

Each simulator's ``tests/conftest.py`` runs one simulator per test module on a real socket,
and ``simulators/conftest.py`` resets it before each test: starting a server per test would
dominate the run time, and the reset is part of what is under test anyway.
"""

import copy
import itertools

import httpx

START = "2025-03-03T09:00:00.000Z"  # a Monday, well clear of bank holidays

# Building an SSL context loads the CA bundle (~20 ms); every client here shares one.
SSL_CONTEXT = httpx.create_ssl_context()
HTTP = httpx.Client(verify=SSL_CONTEXT)


def form_with(form: dict, **changes) -> dict:
    """A copy of ``form`` with dotted paths set, e.g. ``{"claimant.email": None}``; ``...`` removes a key."""
    form = copy.deepcopy(form)
    for path, value in changes.items():
        target = form
        *parents, last = path.split(".")
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if isinstance(target, list):
            target[int(last)] = value
        elif value is ...:
            target.pop(last, None)
        else:
            target[last] = value
    return form


class ControlClient(httpx.Client):
    """The /_sim control API, raising on unexpected errors."""

    def advance(self, **units) -> dict:
        """Move the simulated clock forward."""
        return self.ok("POST", "/_sim/clock", json={"advance": units})

    def ok(self, method: str, path: str, **kwargs) -> dict:
        """A call that must succeed."""
        response = self.request(method, path, **kwargs)
        assert response.status_code < 300, response.text
        return response.json()


class _BearerAuth(httpx.Auth):
    """Sends the portal's current token; on a 401 fetches a new one and retries once."""

    def __init__(self, portal: "PortalClient"):
        self.portal = portal

    def auth_flow(self, request):
        request.headers["Authorization"] = f"Bearer {self.portal.token}"
        response = yield request
        if response.status_code == 401 and self.portal.auto_refresh:
            request.headers["Authorization"] = f"Bearer {self.portal.refresh_token()}"
            yield request


class PortalClient(httpx.Client):
    """A portal API client. By default it refreshes its token when the portal says it is invalid
    (as a real client would); set ``auto_refresh = False`` to see the 401s."""

    def __init__(self, base_url: str, client_id: str, secret: str, *, scope: str | None = None, **kwargs):
        super().__init__(base_url=base_url, auth=_BearerAuth(self), verify=SSL_CONTEXT, **kwargs)
        self.client_id = client_id
        self.secret = secret
        self.scope = scope
        self.auto_refresh = True
        self.token = ""
        self.references = itertools.count(1)  # for the next free client reference
        self.refresh_token()

    def refresh_token(self) -> str:
        """Fetch a token and use it from now on."""
        data = {"grant_type": "client_credentials", "client_id": self.client_id, "client_secret": self.secret}
        if self.scope is not None:
            data["scope"] = self.scope
        response = HTTP.post(self.base_url.join("/oauth/token"), data=data)
        assert response.status_code == 200, response.text
        self.token = response.json()["access_token"]
        return self.token
