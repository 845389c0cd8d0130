from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


def client_ip(request) -> str:
    """The caller's address: REMOTE_ADDR, or the proxy-appended X-Forwarded-For hop behind a proxy."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    # A placeholder address when the server gives none, not a bind address.
    return request.META.get("REMOTE_ADDR", "0.0.0.0")  # noqa: S104  # nosec B104


def next_url(request, fallback: str) -> str:
    """Where to go after a form: ``next`` (posted or in the query) if it is on this site, else ``fallback``.

    Never another site: an attacker's link cannot turn a ClaimDesk button into a redirect elsewhere.
    Only a path ("/..."): anything else would reach ``redirect()`` as a view name to look up.
    """
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, {request.get_host()}, request.is_secure()
    ):
        return candidate
    return fallback
