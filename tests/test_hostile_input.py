"""Hostile values in every parameter of every page: a clear refusal (400, 404 or a field error), never a 500.

The pages come from the URL resolver, so a page added to ClaimDesk is covered without editing this
file. Signed in as an administrator (who reaches every page), each page is visited three ways:

1. each path parameter replaced by each hostile value (a path converter must refuse it: 404);
2. each query parameter the page reads given each hostile value, one at a time;
3. a POST with every parameter the page reads set to each hostile value at once.

Which parameters a page reads is found by recording the keys it looks up in ``request.GET`` and
``request.POST`` on a plain visit, so a new filter or form field is covered automatically too.

Every answer is also checked for what every page must have: the Permissions-Policy header, and a
range (min, max) on every date input (lib.forms.DateField / DateTimeField).
"""

import re
from urllib.parse import quote, unquote

import pytest
from django.http import QueryDict
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from tests.factories import PASSWORD
from tests.test_isolation import _kwargs

HOSTILE = {
    "unicode digits": "²",
    "arabic-indic digits": "٣٤",
    "NUL": "1\x00",
    "20 digits": "9" * 20,
    "10 kB": "x" * 10_240,
    "SQL": "1 OR 1=1",
    "SQL quote": "1'; DROP TABLE cases_case; --",
    "negative": "-1",
}
# Converters that bound what they accept (lib.converters); Django's int, str and path do not.
BOUNDED_CONVERTERS = {"case_ref", "id", "slug"}
_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_NOT_PARAMETERS = {"csrfmiddlewaretoken"}
_DATE_INPUT = re.compile(r'<input[^>]*type="(?:date|datetime-local)"[^>]*>')


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", prefix + str(pattern.pattern)


ROUTES = sorted(set(_walk(get_resolver().url_patterns)))


def _path(route: str, values: dict) -> str:
    return "/" + _PARAMETER.sub(lambda m: quote(str(values[m["name"]]), safe=""), route)


def _resolves(path: str) -> bool:
    try:
        resolve(unquote(path))
    except Resolver404:
        return False
    return True


class _Reads:
    """The keys a view looks up in a QueryDict (request.GET or request.POST) while recording."""

    recording = False
    reads: set[tuple[int, str]] = set()


def _recorded(method):
    def wrapper(self, key, *args, **kwargs):
        if _Reads.recording and isinstance(key, str):
            _Reads.reads.add((id(self), key))
        return method(self, key, *args, **kwargs)

    return wrapper


@pytest.fixture
def record_reads(monkeypatch):
    for name in ("__getitem__", "get", "getlist", "__contains__"):
        monkeypatch.setattr(QueryDict, name, _recorded(getattr(QueryDict, name)))


def _keys_read(walk, name: str, method: str, path: str) -> set[str]:
    """Visit ``path`` plainly, and return the parameters the page looked for in the query or the form."""
    _Reads.reads, _Reads.recording = set(), True
    try:
        response = walk.visit(name, method, path)
    finally:
        _Reads.recording = False
    if response is None:
        return set()
    source = id(getattr(response.wsgi_request, method.upper()))
    return {key for owner, key in _Reads.reads if owner == source} - _NOT_PARAMETERS


def test_every_path_parameter_has_a_bounded_converter():
    unbounded = [
        f"{name}: <{m['converter'] or 'str'}:{m['name']}>"
        for name, route in ROUTES
        for m in _PARAMETER.finditer(route)
        if (m["converter"] or "str") not in BOUNDED_CONVERTERS
    ]
    assert not unbounded, "use a converter from lib.converters: " + ", ".join(unbounded)


class _Walk:
    def __init__(self, client, ada):
        self.client, self.ada = client, ada
        self.failures: list[str] = []
        self.visits = 0

    def sign_in(self):
        if "_auth_user_id" not in self.client.session:
            response = self.client.post(
                "/accounts/login/", {"username": self.ada.username, "password": PASSWORD}
            )
            # Signed out for good (e.g. throttled), every later page would be a sign-in redirect: stop.
            assert response.status_code == 302, "the walk could not sign in again"

    def visit(self, label: str, method: str, path: str, data=None):
        self.visits += 1
        try:
            response = getattr(self.client, method)(path, data or {})
        except Exception as exc:  # every crash is reported, with the request that caused it
            self.failures.append(f"{label}: {method.upper()} raised {type(exc).__name__}: {exc}"[:300])
            return None
        if response.status_code >= 500:
            self.failures.append(f"{label}: {method.upper()} answered {response.status_code}")
        if "camera=()" not in response.get("Permissions-Policy", ""):
            self.failures.append(f"{label}: {method.upper()} answered without the Permissions-Policy")
        content_type = response.get("Content-Type", "")
        if content_type.startswith("text/html") and not getattr(response, "streaming", False):
            for tag in _DATE_INPUT.findall(response.content.decode()):
                if "min=" not in tag or "max=" not in tag:
                    self.failures.append(f"{label}: a date input without its range (lib.forms): {tag}")
        return response


def test_no_hostile_value_anywhere_causes_a_server_error(client, world, ada, oic, record_reads):
    walk = _Walk(client, ada)
    walk.sign_in()
    for name, route in ROUTES:
        values = _kwargs(name, tuple(m["name"] for m in _PARAMETER.finditer(route)), world)
        path = _path(route, values)
        for param in values:
            for what, value in HOSTILE.items():
                hostile_path = _path(route, values | {param: value})
                if not _resolves(hostile_path):
                    continue  # refused by the converter: Django answers 404 without calling a view
                walk.visit(f"{name} path {param}={what}", "get", hostile_path)
        for key in sorted(_keys_read(walk, name, "get", path)):
            for what, value in HOSTILE.items():
                walk.visit(f"{name} ?{key}={what}", "get", path, {key: value})
        form_keys = _keys_read(walk, name, "post", path)
        for what, value in HOSTILE.items() if form_keys else ():
            walk.visit(
                f"{name} POST {sorted(form_keys)}={what}", "post", path, dict.fromkeys(form_keys, value)
            )
        walk.sign_in()  # in case the page signed us out
    assert walk.visits > 8 * len(ROUTES)
    assert not walk.failures, "\n".join(walk.failures)


# -- The review's own examples, with the answer each must get ---------------------------------------


@pytest.mark.parametrize("value", ["²", "9" * 20, "1 OR 1=1", "-1"])
def test_the_case_list_refuses_a_fee_earner_that_is_not_one(alice_client, alice_case, value):
    response = alice_client.get("/cases/", {"fee_earner": value})
    assert response.status_code == 400
    assert "Fee earner: Select a valid choice" in response.content.decode()
    assert alice_case.reference not in response.content.decode()


def test_the_case_list_still_filters_by_fee_earner(alice_client, alice, bob, alice_case):
    from tests.factories import make_case

    bobs = make_case(fee_earner=bob, last_name="Doe")
    another = make_case(fee_earner=alice, last_name="Doe")  # two matches: the list, not the one case
    page = alice_client.get("/cases/", {"fee_earner": alice.pk, "status": "new", "q": "Doe"}).content.decode()
    assert alice_case.reference in page and another.reference in page and bobs.reference not in page


@pytest.mark.parametrize("value", ["²", "9" * 20, "x" * 10_240])
def test_team_tasks_refuse_an_assignee_that_is_not_one(client, sign_in, sue, value):
    sign_in(client, sue)
    response = client.get("/tasks/team/", {"assignee": value})
    assert response.status_code == 400
    assert "For: Select a valid choice" in response.content.decode()


@pytest.mark.parametrize("value", ["1 OR 1=1", "²", "9" * 20, ""])
def test_reassigning_to_something_that_is_not_a_fee_earner_changes_nothing(
    alice_client, alice, alice_case, value
):
    from cases.models import CaseEvent

    events = CaseEvent.objects.count()
    response = alice_client.post(f"/cases/{alice_case.reference}/options/reassign/", {"fee_earner": value})
    assert response.status_code == 302
    page = alice_client.get(response["Location"]).content.decode()
    assert "Choose a fee earner from the case&#x27;s team." in page
    alice_case.refresh_from_db()
    assert alice_case.fee_earner == alice and CaseEvent.objects.count() == events


@pytest.mark.parametrize(
    "path",
    [
        "/cases/%00/details/",
        "/cases/{ref}%00/details/",
        "/cases/CD-2026-%C2%B2/",
        "/tasks/99999999999999999999/",
        "/tasks/0/",
        "/cases/{ref}/documents/99999999999999999999/",
        "/accounts/users/%D9%A3/",
    ],
)
def test_a_path_parameter_that_is_not_one_is_not_found(alice_client, alice_case, path):
    assert alice_client.get(path.format(ref=alice_case.reference)).status_code == 404
