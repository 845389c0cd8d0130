"""Security notices by email: a change to someone's sign-in, or to the firm's portal credentials.

Each notice names what changed, when and by whom, never a password, code or secret, so that a change
the person did not make is noticed at once. It is sent after the change commits, and a mail server
that is down is logged, never fatal: the change itself stands.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User

logger = logging.getLogger(__name__)


def security_notice_send(*, to: User, what: str, acting_user: User) -> None:
    """Email ``to`` that ``what`` happened (e.g. "Your password was changed"), once the change commits."""
    when = timezone.localtime().strftime("%d/%m/%Y at %H:%M")
    by = "" if acting_user.pk == to.pk else f" by {acting_user} ({acting_user.username})"
    lines = [
        f"{what}, on {when}{by}.",
        "",
        "If you did not expect this, tell your ClaimDesk administrator at once: someone else may be",
        "using your account.",
        "",
        settings.CLAIMDESK_BASE_URL.rstrip("/") + reverse("accounts:account"),
    ]
    transaction.on_commit(lambda: _send(to, what, "\n".join(lines)))


def _send(person: User, subject: str, body: str) -> None:
    if not person.email:
        logger.warning("No email address for %s: security notice not sent (%s)", person.username, subject)
        return
    try:
        send_mail(
            subject=f"[ClaimDesk] {subject}", message=body, from_email=None, recipient_list=[person.email]
        )
    except OSError as exc:
        logger.warning("Could not email %s (%s): %s", person.username, subject, exc)
