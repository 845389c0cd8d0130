"""Response headers that every page needs."""

from django.conf import settings


class NoStoreMiddleware:
    """Tell browsers and proxies never to keep a copy of a signed-in page.

    Case pages carry personal and medical data: the back button after logout, or a shared
    computer's cache, must not show them again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith("/static/"):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response


class PermissionsPolicyMiddleware:
    """Deny every page the browser's powerful features: camera, microphone, location, payment, USB...

    ClaimDesk uses none of them, so a script injected into a page, or a page that frames ours,
    cannot ask for them either. First in MIDDLEWARE, so every response carries it: pages, files,
    redirects and refusals from the other middleware alike.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENY)

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.policy)
        return response
