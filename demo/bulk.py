"""Cases in bulk for benchmarks and fault tests: one case per claim already on the (simulated) portal.

Rows are inserted with bulk_create in batches — tens of thousands in seconds — bypassing the
per-case services on purpose: this is set-up data, recorded as such in each case's history.
"""

import itertools

import httpx
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from cases.models import (
    Accident,
    Case,
    CaseEvent,
    ClaimantVehicle,
    Insurer,
    Portal,
    ReferenceCounter,
    ReplacementVehicle,
    Treatment,
)
from clients.models import Client
from lib.references import case_reference
from portal.models import PortalClaim, PortalUpdate
from portal.registry import rules_for
from portal.services.refresh import FIRST_SYNC_DUE
from portal.services.state import poll_until

BATCH = 1000


def portal_claims(url: str, organisation: str):
    """Every parent claim of ``organisation`` on the simulator, read through its control API."""
    with httpx.Client(base_url=url, timeout=60) as control:
        for page in itertools.count(1):
            body = (
                control.get(
                    "/_sim/claims", params={"organisation": organisation, "page": page, "pageSize": 1000}
                )
                .raise_for_status()
                .json()
            )
            yield from (c for c in body["claims"] if c.get("claimType", "OIC") == "OIC")
            if page * body["pageSize"] >= body["totalCount"]:
                return


def _reserve_references(count: int) -> list[str]:
    year = timezone.localdate().year
    with transaction.atomic():
        counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
        first = counter.last_number + 1
        counter.last_number += count
        counter.save(update_fields=["last_number"])
    return [case_reference(year, number) for number in range(first, first + count)]


def link_claims(claims: list[dict], fee_earners: list[User]) -> int:
    """Create a case (client, parts, history line, portal claim) for each portal claim not linked yet."""
    known = set(PortalClaim.objects.filter(portal=Portal.OIC).values_list("claim_id", flat=True))
    fresh = [c for c in claims if c["claimID"] not in known]
    for start in range(0, len(fresh), BATCH):
        _link_batch(fresh[start : start + BATCH], fee_earners)
    return len(fresh)


@transaction.atomic
def _link_batch(claims: list[dict], fee_earners: list[User]) -> None:
    references = _reserve_references(len(claims))
    clients = Client.objects.bulk_create(
        [Client(first_name="Portal", last_name=c["claimID"]) for c in claims]
    )
    cases = Case.objects.bulk_create(
        Case(
            reference=reference,
            portal=Portal.OIC,
            status=Case.Status.IN_PORTAL,
            portal_status=c["claimStatus"],
            team_id=fee_earners[i % len(fee_earners)].team_id,
            fee_earner=fee_earners[i % len(fee_earners)],
            client=client,
        )
        for i, (reference, c, client) in enumerate(zip(references, claims, clients, strict=True))
    )
    for part in (Accident, ClaimantVehicle, Insurer, Treatment, ReplacementVehicle):
        part.objects.bulk_create(part(case=case) for case in cases)
    rules = rules_for(Portal.OIC)
    portal_claims = PortalClaim.objects.bulk_create(
        PortalClaim(
            case=case,
            portal=Portal.OIC,
            claim_id=c["claimID"],
            status=c["claimStatus"],
            outcome=rules.status(c["claimStatus"]).outcome.value,
            needs_poll_until=poll_until(rules.status(c["claimStatus"])),
            submitted_at=timezone.now(),
            sync_due_at=timezone.now(),
            **FIRST_SYNC_DUE,
        )
        for case, c in zip(cases, claims, strict=True)
    )
    # The status each claim arrived with counts as told: nobody is e-mailed about a bulk set-up.
    PortalUpdate.objects.bulk_create(
        PortalUpdate(
            claim=claim,
            case_id=claim.case_id,
            kind=PortalUpdate.Kind.STATUS,
            summary=f"Linked with status {claim.status}",
            status=claim.status,
            seen_at=timezone.now(),
            email_due=False,
        )
        for claim in portal_claims
    )
    CaseEvent.objects.bulk_create(
        CaseEvent(
            case=case,
            kind="portal.action",
            summary=f"Linked to portal claim {c['claimID']} (bulk set-up)",
            actor_label="Bulk set-up",
        )
        for case, c in zip(cases, claims, strict=True)
    )


def fee_earners_of(team_name: str | None) -> list[User]:
    users = User.objects.filter(groups__name=Role.FEE_EARNER, is_active=True).exclude(team=None)
    if team_name:
        users = users.filter(team__name=team_name)
    return list(users.order_by("pk"))
