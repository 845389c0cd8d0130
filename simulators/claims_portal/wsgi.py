"""The per-request context of the Claims Portal simulator, on ``simulators.common.wsgi``.

Adds this API's path parameter names and the ``loginAs`` portal user a call acts as.
"""

from dataclasses import dataclass

from simulators.common import wsgi
from simulators.common.errors import ApiError

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


@dataclass
class Call(wsgi.Call):
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
