"""The isolation matrix, generated from the URL resolver: every page, every role.

- Anonymous visitors are sent to the sign-in page from every page.
- A user of another team gets 404 on every page of this team's case and its notes, documents,
  tasks, portal documents and messages — for GET and POST, with nothing changed.
- Fee earners and supervisors get 403 on the administration pages.

A page added to ClaimDesk is covered automatically; one whose parameters this test cannot fill in
fails the test until it is added to ``PARAMETERS`` below.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from cases.models import CaseEvent
from documents.models import Document
from worklist.models import Task

OPEN_TO_ALL = {"accounts:login", "accounts:logout", "health"}
ADMIN_ONLY_PREFIXES = ("accounts:user", "accounts:team", "lookups:", "portal:settings", "portal:operations")
# Administration is firm-wide (an administrator manages every team's users); case data is per team.
FIRM_WIDE = (
    *ADMIN_ONLY_PREFIXES,
    "accounts:account",
    "accounts:verify",
    "accounts:confirm",
    "accounts:two_factor",
)


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", list(pattern.pattern.converters)


ROUTES = sorted(set((name, tuple(params)) for name, params in _walk(get_resolver().url_patterns)))


def _kwargs(name: str, params: tuple, world: dict) -> dict:
    kwargs = {}
    for param in params:
        if param == "pk":
            key = next((k for k in world if isinstance(k, str) and name.startswith(k) and ":" in k), None)
            assert key is not None, f"add {name} to the isolation matrix (what is its pk?)"
            kwargs["pk"] = world[key]
        else:
            assert param in world, f"add {name}'s parameter {param!r} to the isolation matrix"
            kwargs[param] = world[param]
    return kwargs


def _url(name, params, world):
    return reverse(name, kwargs=_kwargs(name, params, world))


@pytest.mark.parametrize(("name", "params"), ROUTES)
def test_anonymous_visitors_are_sent_to_sign_in(client, world, name, params):
    if name in OPEN_TO_ALL:
        return
    response = client.get(_url(name, params, world))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), name


CASE_ROUTES = [
    (n, p)
    for n, p in ROUTES
    if "reference" in p
    or n.startswith(("worklist:open", "worklist:complete", "worklist:reopen", "supervision:drift_review"))
]


@pytest.mark.parametrize(("name", "params"), CASE_ROUTES)
def test_another_team_gets_404_everywhere_on_the_case(client, sign_in, world, charlie, name, params):
    sign_in(client, charlie)
    url = _url(name, params, world)
    events, tasks = CaseEvent.objects.count(), list(Task.objects.values_list("status", flat=True))
    assert client.get(url).status_code in (404, 405), f"GET {name}"
    assert client.post(url, {"body": "x", "title": "x", "outcome": "x"}).status_code == 404, f"POST {name}"
    assert CaseEvent.objects.count() == events
    assert list(Task.objects.values_list("status", flat=True)) == tasks


@pytest.mark.parametrize(("name", "params"), CASE_ROUTES)
def test_the_cases_own_team_can_reach_every_page(client, sign_in, world, alice, oic_connection, name, params):
    """The positive control: the parameters above name real objects, so the 404s are real refusals."""
    sign_in(client, alice)
    response = client.get(_url(name, params, world))
    assert response.status_code in (200, 302, 405), f"{name}: {response.status_code}"


@pytest.mark.parametrize(("name", "params"), [r for r in ROUTES if r[0].startswith(ADMIN_ONLY_PREFIXES)])
def test_only_administrators_reach_administration(client, sign_in, world, alice, sue, ada, name, params):
    url = _url(name, params, world)
    for user in (alice, sue):
        sign_in(client, user)
        assert client.get(url).status_code in (403, 404), f"{user.username} on {name}"
        assert client.post(url, {}).status_code in (403, 404), f"{user.username} posting {name}"
    sign_in(client, ada)
    assert client.get(url).status_code in (200, 302, 405), name


def test_every_route_is_in_a_category_of_the_matrix():
    categorised = (
        {n for n, _ in CASE_ROUTES} | OPEN_TO_ALL | {n for n, _ in ROUTES if n.startswith(FIRM_WIDE)}
    )
    others = {n for n, _ in ROUTES} - categorised
    # Pages with no object of their own: lists scoped by team in their queries, and "Mark all as seen",
    # which marks only the user's own cases (tests in cases/, worklist/).
    assert others == {
        "home",
        "cases:list",
        "cases:new",
        "worklist:mine",
        "worklist:team",
        "worklist:updates_seen",
        "supervision:dashboard",
        "supervision:refresh",
        "supervision:list",
        "supervision:drift",
        "supervision:drift_run",
    }


@pytest.fixture
def oic_connection(db):
    from portal.models import PortalConnection

    return PortalConnection.objects.create(
        portal="oic", url="http://127.0.0.1:9", client_id="x", client_secret="y"
    )


def test_documents_are_not_served_outside_their_view(client, sign_in, world, alice):
    sign_in(client, alice)
    document = Document.objects.get()
    assert client.get(f"/media/{document.storage_name}").status_code == 404
    assert client.get(f"/static/../var/documents/{document.storage_name}").status_code == 404
