"""Telling fee earners what the portal changed, by email (the tasks themselves are the sync's job).

Emails name the case reference and what changed, never the client: nothing personal leaves in email.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from accounts.models import User
from portal.models import PortalClaim
from worklist.models import Task

logger = logging.getLogger(__name__)


def _email(person: User, subject: str, lines: list[str], link: str) -> bool:
    """Send one short email; a mail server that is down is logged, never fatal (the task still tells them)."""
    if not person.email:
        return False
    body = "\n".join([*lines, "", settings.CLAIMDESK_BASE_URL.rstrip("/") + link])
    try:
        send_mail(
            subject=f"[ClaimDesk] {subject}", message=body, from_email=None, recipient_list=[person.email]
        )
    except OSError as exc:
        logger.warning("Could not email %s (%s): %s", person.username, subject, exc)
        return False
    return True


def updates_email(claim: PortalClaim, lines: list[str]) -> None:
    """What one claim's re-sync found, to its fee earner."""
    reference = claim.case.reference
    _email(
        claim.case.fee_earner,
        f"Portal updates on {reference}",
        [f"Portal claim {claim.claim_id} on case {reference}:", *lines],
        reverse("portal:docs", args=[reference]),
    )


def digest_emails(*, since) -> int:
    """One email per fee earner listing the portal tasks the sync created or updated since ``since``."""
    tasks = (
        Task.objects.filter(
            source=Task.Source.PORTAL, updated_at__gte=since, is_unread=True, status=Task.Status.OPEN
        )
        .select_related("assignee", "case")
        .order_by("assignee_id", "due_date")
    )
    by_person: dict[User, list[Task]] = {}
    for task in tasks:
        by_person.setdefault(task.assignee, []).append(task)
    sent = 0
    for person, items in by_person.items():
        lines = [
            f"- {t.case.reference if t.case else ''}: {t.title} (due {t.due_date:%d/%m/%Y})" for t in items
        ]
        sent += _email(
            person,
            f"{len(items)} portal update(s) on your cases",
            ["The portal sync found updates on your cases:", *lines],
            reverse("worklist:mine"),
        )
    return sent
