"""The one exception every handler raises to answer with a JSON error body."""

from collections.abc import Iterable


class ApiError(Exception):
    """An error response: ``{"error": code, "message": message, "requestId": ..., **extra}``."""

    def __init__(self, status: int, code: str, message: str, *, headers: dict | None = None, **extra):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.extra = extra

    def body(self, request_id: str) -> dict:
        """The JSON body of the response."""
        return {"error": self.code, "message": self.message, "requestId": request_id, **self.extra}


def not_found(what: str) -> ApiError:
    """404 for a resource that does not exist (or belongs to another organisation)."""
    return ApiError(404, "not_found", f"{what} was not found.")


def invalid_status(status: str, action: str) -> ApiError:
    """409 for an action the claim's current status does not allow."""
    return ApiError(
        409,
        "invalid_status",
        f"The claim is {status}; {action} is not possible in that status.",
        claimStatus=status,
    )


def validation_failed(
    errors: Iterable, message: str = "The request has errors. Correct them and try again."
) -> ApiError:
    """422 listing every field problem at once."""
    return ApiError(422, "validation_failed", message, errors=[error.to_json() for error in errors])


def field_invalid(field: str, code: str, message: str) -> ApiError:
    """422 for one bad field."""
    return ApiError(
        422, "validation_failed", message, errors=[{"field": field, "code": code, "message": message}]
    )


def require_parent_claim(claim_id: str, parent_claim_id: str | None, action: str) -> None:
    """409 ``child_claim`` when an action meant for a claim is sent to its MED or CL child."""
    if parent_claim_id is not None:
        raise ApiError(
            409,
            "child_claim",
            f"{claim_id} is a child claim; {action} applies to its parent claim {parent_claim_id}.",
            parentClaimID=parent_claim_id,
        )


def require_status(status: str, allowed: Iterable[str], action: str) -> None:
    """Raise ``invalid_status`` unless ``status`` is one of ``allowed``."""
    if status not in allowed:
        raise invalid_status(status, action)
