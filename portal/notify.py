"""Telling the fee earner that a portal claim changed: by email (the task is the sync's job)."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from portal.models import PortalClaim

logger = logging.getLogger(__name__)


def updates_email(claim: PortalClaim, lines: list[str]) -> None:
    """A short email: the case reference and what changed — no client data leaves in email."""
    fee_earner = claim.case.fee_earner
    if not fee_earner.email:
        return
    link = settings.CLAIMDESK_BASE_URL.rstrip("/") + reverse("portal:docs", args=[claim.case.reference])
    body = "\n".join([f"Portal claim {claim.claim_id} on case {claim.case.reference}:", *lines, "", link])
    try:
        send_mail(
            subject=f"[ClaimDesk] Portal updates on {claim.case.reference}",
            message=body,
            from_email=None,
            recipient_list=[fee_earner.email],
        )
    except OSError as exc:  # the mail server being down must not fail the sync: the task still tells them
        logger.warning("Could not email %s about %s: %s", fee_earner.username, claim.claim_id, exc)


def digest_emails(*, since) -> int:
    """One email per fee earner listing the portal tasks the sync created or updated since ``since``."""
    from worklist.models import Task

    tasks = (
        Task.objects.filter(
            source=Task.Source.PORTAL, updated_at__gte=since, is_unread=True, status=Task.Status.OPEN
        )
        .select_related("assignee", "case")
        .order_by("assignee_id", "due_date")
    )
    by_person: dict = {}
    for task in tasks:
        by_person.setdefault(task.assignee, []).append(task)
    sent = 0
    base = settings.CLAIMDESK_BASE_URL.rstrip("/")
    for person, items in by_person.items():
        if not person.email:
            continue
        lines = [
            f"- {t.case.reference if t.case else ''}: {t.title} (due {t.due_date:%d/%m/%Y})" for t in items
        ]
        body = "\n".join(
            ["The portal sync found updates on your cases:", *lines, "", base + reverse("worklist:mine")]
        )
        try:
            send_mail(
                subject=f"[ClaimDesk] {len(items)} portal update(s) on your cases",
                message=body,
                from_email=None,
                recipient_list=[person.email],
            )
            sent += 1
        except OSError as exc:
            logger.warning("Could not email %s the portal digest: %s", person.username, exc)
    return sent
