"""The address of every OIC API operation: configuration, not code.

Public integration code keeps the token URL, the host, the base path and each operation's address in
settings, and appends an id as the last path segment (docs/oic-simulator.md). ClaimDesk does the
same: these are the defaults (the simulator's own paths), and each connection may override any of
them (Advanced settings). A path is relative to the connection's URL; ``{...}`` marks where the id
goes (the last segment, in the evidenced shape); every other parameter travels in the query string.
"""

import re
from dataclasses import dataclass

METHODS = ("GET", "POST")


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str

    @property
    def takes_id(self) -> bool:
        return "{" in self.path

    def url_path(self, identifier: str | None = None) -> str:
        """The path with the id in place (the id must already be checked as a safe segment)."""
        if not self.takes_id:
            return self.path.lstrip("/")
        if identifier is None:
            raise ValueError(f"{self.path} needs an id")
        return _PLACEHOLDER.sub(identifier, self.path, count=1).lstrip("/")


# operation: (method, path). The operation names are shared with the simulator's /_sim/endpoints.
DEFAULTS: dict[str, Endpoint] = {
    name: Endpoint(method, path)
    for name, (method, path) in {
        "token": ("POST", "/oauth/token"),
        "create_claim": ("POST", "/api/v1/claims"),
        "find_claims": ("GET", "/api/v1/claims"),
        "claim_details": ("GET", "/api/v1/claims/{claimID}"),
        "complete_submission": ("POST", "/api/v1/claims/{claimID}/complete-submission"),
        "withdraw": ("POST", "/api/v1/claims/{claimID}/withdraw"),
        "liability_reply": ("POST", "/api/v1/claims/{claimID}/liability-reply"),
        "offer_response": ("POST", "/api/v1/claims/{claimID}/offer-response"),
        "medical_report": ("POST", "/api/v1/claims/{claimID}/medical-report"),
        "medical_review": ("POST", "/api/v1/claims/{claimID}/medical-review"),
        "court_pack": ("POST", "/api/v1/claims/{claimID}/court-pack"),
        "reopen": ("POST", "/api/v1/claims/{claimID}/reopen"),
        "acknowledge_removal": ("POST", "/api/v1/claims/{claimID}/acknowledge-removal"),
        "add_losses": ("POST", "/api/v1/claims/{claimID}/losses"),
        "message_list": ("GET", "/api/v1/claims/{claimID}/messages"),
        "message": ("GET", "/api/v1/messages/{messageID}"),
        "add_message": ("POST", "/api/v1/claims/{claimID}/messages"),
        "attachment_list": ("GET", "/api/v1/claims/{claimID}/attachments"),
        "attachment": ("GET", "/api/v1/attachments/{attachmentID}"),
        "add_attachment": ("POST", "/api/v1/claims/{claimID}/attachments"),
        "notifications": ("GET", "/api/v1/notifications"),
        "assignments": ("GET", "/api/v1/assignments"),
        "withdrawal_reasons": ("GET", "/api/v1/reference/withdrawal-reasons"),
        "message_categories": ("GET", "/api/v1/reference/message-categories"),
        "attachment_categories": ("GET", "/api/v1/reference/attachment-categories"),
    }.items()
}

_PLACEHOLDER = re.compile(r"\{[A-Za-z0-9_]+\}")
_PATH = re.compile(r"^/?[A-Za-z0-9._~!$&'()*+,;=:@/-]*(\{[A-Za-z0-9_]+\}[A-Za-z0-9._~!$&'()*+,;=:@/-]*)?$")


def endpoint_problem(name: str, method: str, path: str) -> str:
    """Why an endpoint setting is unusable ('' when it is fine)."""
    if name not in DEFAULTS:
        return f"{name} is not an OIC operation."
    if method not in METHODS:
        return f"{name}: the method must be GET or POST."
    if not path or "?" in path or "#" in path or not _PATH.match(path):
        return f"{name}: the path must be a plain path with at most one {{id}} placeholder."
    if path.startswith(("http:", "https:", "//")):
        return f"{name}: give a path on the portal's address, not another address."
    if DEFAULTS[name].takes_id != ("{" in path):
        needs = "needs" if DEFAULTS[name].takes_id else "takes no"
        return f"{name} {needs} an {{id}} placeholder in its path."
    return ""


def endpoint_table(overrides: dict | None) -> dict[str, Endpoint]:
    """The defaults with a connection's valid overrides applied (invalid ones are refused on save)."""
    table = dict(DEFAULTS)
    for name, value in (overrides or {}).items():
        if isinstance(value, dict) and not endpoint_problem(
            name, value.get("method", ""), value.get("path", "")
        ):
            table[name] = Endpoint(value["method"], value["path"])
    return table
