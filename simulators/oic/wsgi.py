"""The per-request context of the OIC simulator, on ``simulators.common.wsgi``.

Adds this API's path parameter names and the API shape a call is served in.
"""

from dataclasses import dataclass
from typing import Any

from simulators.common import wsgi

# Werkzeug rule variables are snake_case; the OpenAPI document uses the portal's casing.
OPENAPI_PARAMS = {
    "claim_id": "claimID",
    "message_id": "messageID",
    "attachment_id": "attachmentID",
    "client_id": "clientId",
}


@dataclass
class Call(wsgi.Call):
    """One request being answered, in one API shape."""

    shape: Any = None  # the renderer of the API shape this request is served in (shapes.py)
