"""Session rules: an absolute lifetime, and two-factor verification before any page."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

SESSION_STARTED = "claimdesk_session_started"
# Set at sign-in: "verify" (enter a code), "setup" (an administrator must enrol first) or absent.
SESSION_TWO_FACTOR = "claimdesk_two_factor"
_TWO_FACTOR_VIEWS = {"verify": "accounts:verify", "setup": "accounts:two_factor_setup"}
# Enrolment is a credential change: "Confirm it's you" may be asked for on the way (accounts.reauth).
_ALSO_ALLOWED = {"verify": [], "setup": ["accounts:confirm"]}


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED)
            if started is None or time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(f"{reverse(settings.LOGIN_URL)}?expired=1")
            step = request.session.get(SESSION_TWO_FACTOR)
            if step and not request.user.is_verified():
                allowed = {reverse(_TWO_FACTOR_VIEWS[step]), reverse("accounts:logout")}
                allowed |= {reverse(name) for name in _ALSO_ALLOWED[step]}
                if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                    return redirect(_TWO_FACTOR_VIEWS[step])
        return self.get_response(request)
