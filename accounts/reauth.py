"""Fresh re-authentication before changes to credentials ("Confirm it's you").

A session cookie alone must not be enough to remove or replace a second factor, change a password or
change the portal credentials: whoever holds a stolen cookie would keep the account for good. Views
that make such changes are decorated with ``@reauthentication_required``. Unless the user proved who
they are within ``settings.REAUTHENTICATION_SECONDS`` (their password, plus the current code when
they use two-factor), they are sent to the "Confirm it's you" page (``accounts:confirm``), which
brings them back to where they were.

Signing in counts as proving it (once any two-factor code is entered too).
"""

import time
from functools import wraps
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

SESSION_REAUTHENTICATED = "claimdesk_reauthenticated_at"


def reauthentication_mark(request) -> None:
    """The user has just proved who they are (password, and code when they use two-factor)."""
    request.session[SESSION_REAUTHENTICATED] = time.time()


def reauthenticated_recently(request) -> bool:
    proved_at = request.session.get(SESSION_REAUTHENTICATED)
    if not isinstance(proved_at, int | float):
        return False
    return 0 <= time.time() - proved_at <= settings.REAUTHENTICATION_SECONDS


def _return_to(request) -> str:
    """Where to come back after confirming: this page for a GET; for a form, the page it was on."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return reverse(settings.LOGIN_REDIRECT_URL)


def reauthentication_redirect(request):
    """Send the user to "Confirm it's you", to come back where they were; a form they sent is not
    carried out, so they are told to send it again."""
    if request.method not in ("GET", "HEAD"):
        messages.info(request, "For your security, confirm it's you, then make the change again.")
    return redirect(f"{reverse('accounts:confirm')}?{urlencode({'next': _return_to(request)})}")


def reauthentication_required(view):
    """Decorator: the view runs only for a user who proved who they are in the last few minutes."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not reauthenticated_recently(request):
            return reauthentication_redirect(request)
        return view(request, *args, **kwargs)

    guarded.reauthentication_required = True
    return guarded
