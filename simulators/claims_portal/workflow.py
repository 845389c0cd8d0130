"""Running a contract method on a claim: the version check, the phase check, then the handler.

Both sides' methods (``claimant.METHODS``, ``compensator.METHODS``) are declared as
``Method(phases, handler)``: the phases a method is allowed in sit next to its name, so the
lifecycle table in the docs can be read off the code.
"""

from collections.abc import Callable
from dataclasses import dataclass

from simulators.claims_portal.lifecycle import phase_change
from simulators.claims_portal.phases import END_PHASES, PHASES, phase_name
from simulators.claims_portal.records import Claim
from simulators.common.errors import ApiError
from simulators.common.store import Tx

OPEN_PHASES = frozenset(PHASES) - END_PHASES


@dataclass(frozen=True)
class Method:
    """A workflow method: where it is allowed and what it does (``handler(tx, claim, body, actor)``)."""

    phases: frozenset[str]
    handler: Callable[[Tx, Claim, dict, str], None]


def stale_guid(claim: Claim) -> ApiError:
    """409 for a call quoting an old activityEngineGuid (the claim moved on since it was read)."""
    return ApiError(
        409,
        "stale_activity_engine_guid",
        f"The claim has changed since this activityEngineGuid was read; it is now in phase "
        f"{claim.phase}. Read the claim status and try again with the current guid.",
        activityEngineGuid=claim.guid,
        phaseCacheId=claim.phase,
        phaseCacheName=phase_name(claim.phase),
    )


def invalid_phase(claim: Claim, method: str, allowed) -> ApiError:
    """409 for a method the claim's phase does not allow."""
    return ApiError(
        409,
        "invalid_phase",
        f"{method} is not possible in phase {claim.phase} ({phase_name(claim.phase)}).",
        phaseCacheId=claim.phase,
        phaseCacheName=phase_name(claim.phase),
        allowedPhases=sorted(allowed),
    )


def guid_required() -> ApiError:
    """422 when a state-changing call does not quote the claim's version."""
    message = "activityEngineGuid is required: quote the claim's current activityEngineGuid."
    return ApiError(
        422,
        "validation_failed",
        message,
        errors=[{"field": "activityEngineGuid", "code": "MustBeProvided", "message": message}],
    )


def perform(
    tx: Tx, claim: Claim, name: str, method: Method, body: dict, *, actor: str, guid_optional: bool
) -> None:
    """Check the quoted version and the phase, then run the method.

    The version is checked first: a caller holding an old guid learns that the claim moved
    on (and its current guid and phase) rather than a confusing phase error.
    """
    quoted = body.get("activityEngineGuid")
    if quoted is None and not guid_optional:
        raise guid_required()
    if quoted is not None and quoted != claim.guid:
        raise stale_guid(claim)
    if claim.phase not in method.phases:
        raise invalid_phase(claim, name, method.phases)
    method.handler(tx, claim, body, actor)


def only(*phases: str) -> frozenset[str]:
    """The phases a method is allowed in."""
    return frozenset(phases)


def moves(target: str, action: str):
    """A claimant handler that only moves the claim on (the acknowledgements)."""

    def handler(tx: Tx, claim: Claim, body: dict, user: str) -> None:
        """Move the claim on and record who did it."""
        phase_change(tx, claim, target, by="CR", action=action, user=user)

    return handler
