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


def query_text(request, name: str, *, max_length: int = 100) -> str:
    """A search-box value from the query string: trimmed, bounded, without NUL (which databases refuse)."""
    return request.GET.get(name, "").replace("\x00", "").strip()[:max_length]


def next_url(request, fallback: str) -> str:
    """Where to go after a form: ``next`` (posted or in the query) if it is on this site, else ``fallback``.

    Never another site: an attacker's link cannot turn a ClaimDesk button into a redirect elsewhere.
    """
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}, request.is_secure()):
        return candidate
    return fallback
