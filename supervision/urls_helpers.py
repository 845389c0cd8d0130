"""Links to the lists behind the figures (the dashboard, its charts and its tables share them)."""

from urllib.parse import urlencode

from django.urls import reverse


def list_url(key: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    url = reverse("supervision:list", args=[key])
    return f"{url}?{query}" if query else url
