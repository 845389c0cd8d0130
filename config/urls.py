from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import include, path


def home(request):
    return redirect("cases:list")


@login_not_required
def health(request):
    """Liveness for load balancers and the run script: no database, no session."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", home, name="home"),
    path("health/", health, name="health"),
    path("accounts/", include("accounts.urls")),
    path("cases/", include("cases.urls")),
    path("value-lists/", include("lookups.urls")),
    path("", include("documents.urls")),
    path("", include("worklist.urls")),
    path("", include("portal.urls")),
    path("", include("valuation.urls")),
    path("supervision/", include("supervision.urls")),
]
