"""Response headers that every page needs."""


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
