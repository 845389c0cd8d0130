"""The one way a service calls a portal: open the adapter, always close it, and turn any portal error
into the service's result (with a history row), so no portal failure ever reaches a page as a 500.

    with portal_call(claim.portal, "Exit Portal", case=case, acting_user=user) as call:
        state = call.adapter.exit(...)
        call.result = ActionResult(True, "Exit sent.")
    return call.result
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from accounts.models import User
from cases.models import Case
from cases.services import case_event_record
from lib.errors import Refused
from portal import errors
from portal.base import PortalAdapter, Problem
from portal.registry import adapter_for


@dataclass
class ActionResult:
    """What a portal action did, for the screen: ok, a message in words, and any field problems."""

    ok: bool
    message: str
    problems: list[Problem] = field(default_factory=list)
    level: str = ""
    # Field problems the portal named that match a field of the form (field name → message).
    field_errors: dict[str, str] = field(default_factory=dict)
    # Where to go next, when the action is a link (Manage on Portal).
    url: str = ""
    # What a look-up found, for the next screen (e.g. the claim to confirm before linking).
    detail: object = None

    def __post_init__(self):
        self.level = self.level or ("success" if self.ok else "error")


class ActionRefused(Refused):
    """A portal action ClaimDesk will not send (wrong moment, already done, claim moved on …)."""


def history(
    case: Case, acting_user: User | None, summary: str, *, failed: bool = False, changes=None
) -> None:
    kind = "portal.error" if failed else "portal.action"
    case_event_record(case=case, kind=kind, acting_user=acting_user, summary=summary[:300], changes=changes)


def advice_for(exc: errors.PortalError) -> str:
    if isinstance(exc, errors.PortalAuthError | errors.PortalNotConfigured):
        return " An administrator must check the portal settings."
    if isinstance(exc, errors.PortalOutcomeUnknown):
        return " It may have arrived: ClaimDesk will check the portal before sending it again."
    if isinstance(exc, errors.PortalUnavailable):
        return " Nothing was changed. Try again in a few minutes."
    return ""


def failure(
    case: Case | None, acting_user: User | None, action: str, exc: errors.PortalError
) -> ActionResult:
    """The result (and history row) of a portal action that did not go through."""
    if case is not None:
        history(case, acting_user, f"{action} failed: {exc.message}", failed=True)
    return ActionResult(False, f"{action} did not go through: {exc.message}{advice_for(exc)}")


@dataclass
class PortalCall:
    action: str
    result: ActionResult | None = None
    _adapter: PortalAdapter | None = None
    _unavailable: errors.PortalError | None = None

    @property
    def adapter(self) -> PortalAdapter:
        """The open adapter; reading it raises the reason the portal cannot be used, if there is one."""
        if self._unavailable is not None:
            raise self._unavailable
        return self._adapter


@contextmanager
def portal_call(
    portal: str, action: str, *, case: Case | None = None, acting_user: User | None = None, **client_options
) -> Iterator[PortalCall]:
    """Open ``portal``'s adapter for one action; portal errors and refusals become ``call.result``."""
    call = PortalCall(action)
    try:
        call._adapter = adapter_for(portal, **client_options)
    except errors.PortalError as exc:
        call._unavailable = exc  # raised where the action first needs the portal
    try:
        yield call
    except errors.PortalError as exc:
        call.result = failure(case, acting_user, action, exc)
    except ActionRefused as exc:
        call.result = ActionResult(False, exc.message, level=exc.level)
    finally:
        if call._adapter is not None:
            call._adapter.close()
    if call.result is None:
        raise RuntimeError(f"{action}: the service set no result")  # a programming error, not user input
