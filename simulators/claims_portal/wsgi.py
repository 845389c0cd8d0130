"""Plumbing shared by the route modules: routes, the per-request context and JSON responses.

The OIC simulator's ``Route``, ``Call`` and JSON helpers, with this API's path parameter names
and the ``loginAs`` portal user a call acts as.
"""

import re
from dataclasses import dataclass

from simulators.common.errors import ApiError
from simulators.oic import wsgi as oic_wsgi
from simulators.oic.wsgi import PORTAL_KINDS, body_limit, json_response, query_int

__all__ = ["PORTAL_KINDS", "ApiError", "Call", "Route", "body_limit", "json_response", "query_int"]

# Werkzeug rule variables are snake_case; the OpenAPI document uses the portal's casing.
OPENAPI_PARAMS = {
    "application_id": "applicationId",
    "attachment_guid": "attachmentGuid",
    "document_id": "printableDocumentId",
    "notification_guid": "notificationGuid",
    "client_id": "clientId",
    "list_name": "listName",
    "method": "method",
}
_RULE_VARIABLE = re.compile(r"<(?:\w+:)?(\w+)>")


@dataclass(frozen=True)
class Route(oic_wsgi.Route):
    """One URL rule and its handler, which takes ``(call, **rule_variables)``."""

    @property
    def template(self) -> str:
        """The path as the OpenAPI document writes it, e.g. /api/v1/claims/{applicationId}."""
        return _RULE_VARIABLE.sub(lambda match: "{" + OPENAPI_PARAMS.get(match[1], match[1]) + "}", self.rule)


@dataclass
class Call(oic_wsgi.Call):
    """One request being answered, with the portal user it acts as (``loginAs``)."""

    user: str | None = None

    @property
    def login_as(self) -> str:
        """The portal user of this call (checked before any portal API handler runs)."""
        if self.user is None:
            raise ApiError(
                400, "login_as_required", "Send the loginAs header: the portal user the call acts as."
            )
        return self.user
