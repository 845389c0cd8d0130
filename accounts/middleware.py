"""Session rules: an absolute lifetime, two-factor verification before any page, and how large a
request each visitor may send."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse

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


def _fully_signed_in(request) -> bool:
    user = request.user
    return user.is_authenticated and not (request.session.get(SESSION_TWO_FACTOR) and not user.is_verified())


def _open_to_visitors(request) -> bool:
    """Pages anyone may post to (the sign-in form, sign-out): views marked ``login_not_required``."""
    try:
        view = resolve(request.path_info).func
    except Resolver404:
        return False
    return getattr(view, "login_required", True) is False


class RequestBodyLimitMiddleware:
    """Refuse a request body before anything reads it.

    Nothing may read a body ClaimDesk is not going to use: CsrfViewMiddleware reads ``request.POST``
    (writing a large upload to a temporary file) before LoginRequiredMiddleware turns a signed-out
    visitor away, so without this a stranger could fill the disk. It runs in the request phase, before
    any middleware's ``process_view`` and so before anything touches the body:

    - a signed-in user may send up to REQUEST_BODY_MAX_BYTES (the document upload limit plus room
      for the form around it); more is refused with 413;
    - a signed-out visitor may send a body only to the pages open to visitors (sign in, sign out),
      and one still to enter their two-factor code only small forms: up to
      ANONYMOUS_REQUEST_BODY_MAX_BYTES. A visitor's body to any other page gets the sign-in page,
      exactly as without a body, unread;
    - a body without a Content-Length (chunked) is refused with 411: Django would not read it anyway.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get("HTTP_TRANSFER_ENCODING", "").strip().lower() not in ("", "identity"):
            return _refusal(request, 411, "Send the request with a Content-Length.")
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _refusal(request, 400, "The request's Content-Length is not a number.")
        if length <= 0:
            return self.get_response(request)
        if _fully_signed_in(request):
            limit = settings.REQUEST_BODY_MAX_BYTES
        elif request.user.is_authenticated or _open_to_visitors(request):
            # Signed out, or still to enter a code (SessionLimitsMiddleware, next, turns the latter
            # away from every page but the code's own, unread): small forms only.
            limit = settings.ANONYMOUS_REQUEST_BODY_MAX_BYTES
        else:
            return redirect_to_login(request.get_full_path())
        if length > limit:
            megabytes = settings.DOCUMENT_MAX_BYTES // 2**20
            return _refusal(request, 413, f"The request is too large: files can be at most {megabytes} MB.")
        return self.get_response(request)


def _refusal(request, status: int, reason: str) -> HttpResponse:
    body = render_to_string("request_refused.html", {"reason": reason, "status": status}, request=request)
    response = HttpResponse(body, status=status)
    response["Connection"] = "close"  # the unread body must not be taken for the next request
    return response
