"""Read-side queries for the portal screens: a case's claims as the pages show them, and operations."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from cases.models import Case
from lib.business_days import business_days_between
from lookups.models import LookupValue
from portal.base import StageAction, StageFacts, StatusInfo, ValueLists
from portal.models import PortalClaim, PortalDocument, PortalMessage, SyncRun, SyncState
from portal.registry import availability, installed_portals, rules_for
from valuation.services import Valuation, case_valuation, offer_compared
from worklist.models import Task


@dataclass
class ClaimView:
    """A portal claim with its status explained (for templates: no portal knowledge needed there)."""

    claim: PortalClaim
    info: StatusInfo
    portal_label: str
    lists: ValueLists
    documents: list[PortalDocument] = field(default_factory=list)
    messages: list[PortalMessage] = field(default_factory=list)
    has_messages: bool = True

    @property
    def read_only(self) -> bool:
        return not self.claim.is_active


def show_claim(claim: PortalClaim) -> ClaimView:
    rules = rules_for(claim.portal)
    return ClaimView(
        claim, rules.status(claim.status), rules.label, rules.lists, has_messages=rules.has_messages
    )


@dataclass
class DocsListing:
    current: ClaimView | None
    earlier: list[ClaimView]

    @property
    def claims(self) -> list[ClaimView]:
        return ([self.current] if self.current else []) + self.earlier


def portal_docs(case: Case) -> DocsListing | None:
    """Every portal claim the case has had, the current one first, each with its notes and documents.

    A claim left behind by Portal Reset or unlinked stays readable here (read-only). None when the
    case has never had a portal claim.
    """
    claims = list(case.portal_claims.order_by("-is_active", "-created_at"))
    if not claims:
        return None
    documents = _by_claim(PortalDocument.objects.filter(claim__in=claims).select_related("document"))
    messages = _by_claim(PortalMessage.objects.filter(claim__in=claims))
    views = []
    for claim in claims:
        view = show_claim(claim)
        view.documents, view.messages = documents.get(claim.pk, []), messages.get(claim.pk, [])
        views.append(view)
    current = views[0] if views[0].claim.is_active else None
    return DocsListing(current, views[1:] if current else views)


def _by_claim(items) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for item in items:
        grouped.setdefault(item.claim_id, []).append(item)
    return grouped


@dataclass
class CasePortal:
    """What the case header needs to offer the right portal buttons, and nothing that cannot work."""

    claim: ClaimView | None
    new_items: int
    available: bool
    unavailable_reason: str


def case_portal(case: Case) -> CasePortal:
    claim = PortalClaim.objects.filter(case=case, is_active=True).first()
    new_items = 0
    if claim is not None:
        new_items = (
            PortalMessage.objects.filter(claim=claim, opened_at__isnull=True).count()
            + PortalDocument.objects.filter(claim=claim, opened_at__isnull=True).count()
        )
    ready = availability(case.portal)
    return CasePortal(show_claim(claim) if claim else None, new_items, ready.ok, ready.reason)


def operations_overview() -> dict:
    """The Operations page: each portal's sync state, the recent runs, and the claims in trouble."""
    runs = list(SyncRun.objects.all()[:30])
    due = PortalClaim.objects.filter(sync_due_at__isnull=False)
    return {
        "runs": runs,
        "running": any(run.status == SyncRun.Status.RUNNING for run in runs),
        "states": SyncState.objects.filter(portal__in=installed_portals()),
        "due_now": due.filter(sync_due_at__lte=timezone.now()).count(),
        "retrying": due.filter(sync_attempts__gt=0).select_related("case").order_by("-sync_attempts")[:20],
        "waiting_for_compensator": PortalClaim.objects.filter(needs_poll_until__isnull=False).count(),
    }


@dataclass
class StagePanel:
    """The Claim stage tab: where the claim is, what the portal says, what the firm may do next."""

    view: ClaimView
    facts: StageFacts
    actions: list[StageAction]
    goal: dt.date | None = None
    deadline: dt.date | None = None
    valuation: Valuation | None = None

    @property
    def goal_in(self) -> int | None:
        return _business_days_to(self.goal)

    @property
    def deadline_in(self) -> int | None:
        return _business_days_to(self.deadline)

    @property
    def losses(self) -> list[tuple[str, Decimal]]:
        """The losses claimed on the portal, their types in words (the portal's value list)."""
        labels = dict(
            LookupValue.objects.filter(value_list=self.view.lists.loss_type).values_list("code", "label")
        )
        shown = []
        for what, amount in self.facts.losses:
            code, _, rest = what.partition(": ")
            shown.append((f"{labels.get(code, code)}{': ' + rest if rest else ''}", amount))
        return shown

    @property
    def comparison(self) -> str:
        offer = next((o for o in reversed(self.facts.offers) if o.made_by != "Us"), None)
        if offer is None or self.valuation is None:
            return ""
        return offer_compared(self.valuation, offer.total)


def _business_days_to(day: dt.date | None) -> int | None:
    if day is None:
        return None
    today = timezone.localdate()
    return business_days_between(today, day) if day >= today else -business_days_between(day, today)


def stage_panel(case: Case) -> StagePanel | None:
    """The case's current portal claim as the Claim stage tab shows it (None without a claim)."""
    claim = PortalClaim.objects.filter(case=case, is_active=True).first()
    if claim is None:
        return None
    view = show_claim(claim)
    facts = StageFacts.from_json(claim.facts)
    task = (
        Task.objects.filter(
            case=case, status=Task.Status.OPEN, portal_key__startswith=f"{claim.portal}:assignment:"
        )
        .order_by("due_date")
        .first()
    )
    return StagePanel(
        view=view,
        facts=facts,
        actions=rules_for(claim.portal).actions(claim.status, facts),
        goal=task.due_date if task else None,
        deadline=task.deadline if task else None,
        valuation=case_valuation(case),
    )
