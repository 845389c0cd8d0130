"""Telling fee earners what the portal changed: the outbox (PortalUpdate) and the daily digest.

Every status change, message, document and action the sync stores is announced by a PortalUpdate
row written in the same transaction, so a crash at any point delays the news but never loses it.

- My tasks shows a fee earner's unseen updates, grouped by day and case; opening the case marks them
  seen.
- ``digests_send`` e-mails each fee earner the updates not yet e-mailed, once: the rows are first
  gathered into a PortalDigest (one transaction), then the e-mail goes, then the digest is marked
  sent. A crash before the e-mail leaves the digest unsent, and the next call sends it; a crash in
  the instant between the e-mail and the mark would send it again, with the same Message-ID, which
  mail systems recognise as the same message. Updates a fee earner pulled in herself (Re-Sync) are
  not e-mailed to her.
"""

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from cases.models import Case
from portal.models import PortalClaim, PortalDigest, PortalDocument, PortalMessage, PortalUpdate

logger = logging.getLogger(__name__)


def update_record(
    *,
    claim: PortalClaim,
    kind: str,
    summary: str,
    pulled_by: User | None = None,
    message: PortalMessage | None = None,
    document: PortalDocument | None = None,
    status: str = "",
) -> PortalUpdate:
    """Announce one change to the case's fee earner. Call it inside the change's own transaction."""
    her_own = pulled_by is not None and _is_fee_earner(claim, pulled_by)
    return PortalUpdate.objects.create(
        claim=claim,
        case_id=claim.case_id,
        kind=kind,
        summary=summary[:300],
        status=status,
        pulled_by=pulled_by,
        message=message,
        document=document,
        seen_at=timezone.now() if her_own else None,
        email_due=not her_own,
    )


def _is_fee_earner(claim: PortalClaim, user: User) -> bool:
    return Case.objects.filter(pk=claim.case_id, fee_earner=user).exists()


def updates_seen(*, case: Case, user: User) -> int:
    """The fee earner opened the case: its portal updates stop showing as new on My tasks."""
    if case.fee_earner_id != user.pk:
        return 0
    return PortalUpdate.objects.filter(case=case, seen_at__isnull=True).update(seen_at=timezone.now())


# -- What My tasks shows -------------------------------------------------------------------------------


@dataclass
class CaseUpdates:
    case: Case
    lines: list[str] = field(default_factory=list)


@dataclass
class DayUpdates:
    day: dt.date
    cases: list[CaseUpdates] = field(default_factory=list)


def unseen_updates(*, user: User, limit: int = 200) -> list[DayUpdates]:
    """The fee earner's unseen portal updates, newest day first, one entry per case per day."""
    rows = (
        PortalUpdate.objects.filter(case__fee_earner=user, seen_at__isnull=True)
        .select_related("case", "case__client")
        .order_by("-created_at", "-id")[:limit]
    )
    days: dict[dt.date, dict[int, CaseUpdates]] = defaultdict(dict)
    for row in rows:
        per_case = days[timezone.localdate(row.created_at)]
        per_case.setdefault(row.case_id, CaseUpdates(row.case)).lines.append(row.summary)
    return [DayUpdates(day, list(cases.values())) for day, cases in days.items()]


# -- The daily digest e-mail ---------------------------------------------------------------------------


def digests_send() -> int:
    """E-mail every fee earner the portal updates not yet e-mailed; returns how many e-mails went."""
    _gather()
    sent = 0
    for digest in PortalDigest.objects.filter(sent_at__isnull=True).select_related("person"):
        if _send(digest):
            PortalDigest.objects.filter(pk=digest.pk).update(sent_at=timezone.now())
            sent += 1
    return sent


@transaction.atomic
def _gather() -> None:
    """Put every update waiting for an e-mail into one new digest per fee earner."""
    waiting = PortalUpdate.objects.filter(email_due=True, digest__isnull=True)
    for person_id in set(waiting.values_list("case__fee_earner", flat=True)):
        digest = PortalDigest.objects.create(person_id=person_id)
        ids = list(waiting.filter(case__fee_earner_id=person_id).values_list("pk", flat=True))
        PortalUpdate.objects.filter(pk__in=ids, digest__isnull=True).update(digest=digest)


def _send(digest: PortalDigest) -> bool:
    """Send one digest; a mail server that is down is logged, and the digest is tried again later."""
    person = digest.person
    updates = list(digest.updates.select_related("case").order_by("case__reference", "created_at"))
    if not person.email or not updates:
        return True  # nothing to send: recorded as done
    base = settings.CLAIMDESK_BASE_URL.rstrip("/")
    body = render_to_string("portal/email/digest.txt", {"updates": updates, "base_url": base})
    host = urlsplit(base).hostname or "claimdesk"
    message = EmailMessage(
        subject=f"[ClaimDesk] {len({u.case_id for u in updates})} case(s) with portal updates",
        body=body,
        to=[person.email],
        headers={"Message-ID": f"<portal-digest-{digest.pk}@{host}>"},
    )
    try:
        message.send()
    except OSError as exc:
        logger.warning("Could not e-mail the portal digest to %s: %s", person.username, exc)
        return False
    return True
