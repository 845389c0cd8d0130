"""Errors about a claim's status and its MED or CL children (the OIC portal's lifecycle)."""

from collections.abc import Iterable

from simulators.common.errors import ApiError


def invalid_status(status: str, action: str) -> ApiError:
    """409 for an action the claim's current status does not allow."""
    return ApiError(
        409,
        "invalid_status",
        f"The claim is {status}; {action} is not possible in that status.",
        claimStatus=status,
    )


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
