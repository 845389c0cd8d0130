"""The sign-in limit holds under parallel attempts: at most 10 passwords are checked per account and
per address in the window, however many requests arrive at once.

A real server, real threads and real database transactions (SQLite or PostgreSQL): each request
must take its place in the count *before* its password is checked, or requests racing past a
"still under the limit" check all get their password tried (the review saw 17 of 32).
"""

import itertools
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from django.contrib.auth.backends import ModelBackend

from accounts.models import LoginAttempt
from tests.factories import PASSWORD, make_team, make_user

PARALLEL = 32


@pytest.fixture
def counted_passwords(monkeypatch):
    """Counts every password the server checks (known user or not); each check takes a little while,
    as a real password hash does."""
    counter, lock = itertools.count(1), threading.Lock()
    checked = {"n": 0}
    original = ModelBackend.authenticate

    def authenticate(self, request, username=None, password=None, **kwargs):
        with lock:
            checked["n"] = next(counter)
        time.sleep(0.05)
        return original(self, request, username=username, password=password, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", authenticate)
    return checked


def _form(client: httpx.Client, base: str) -> str:
    page = client.get(f"{base}/accounts/login/").text
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def _race(base: str, usernames: list[str], password: str) -> list[httpx.Response]:
    with httpx.Client(timeout=60) as client:
        token = _form(client, base)
        cookies = dict(client.cookies)

    def attempt(username):
        with httpx.Client(timeout=60, cookies=cookies) as one:
            data = {"csrfmiddlewaretoken": token, "username": username, "password": password}
            return one.post(f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/"})

    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        return list(pool.map(attempt, usernames))


@pytest.fixture
def victim(transactional_db):
    return make_user(team=make_team("Alpha"), username="victim")


def test_parallel_wrong_passwords_for_one_account_check_at_most_ten(live_server, victim, counted_passwords):
    responses = _race(live_server.url, ["victim"] * PARALLEL, "wrong-password-guess")
    assert all(r.status_code == 200 for r in responses)
    assert counted_passwords["n"] <= 10
    assert sum("Too many failed sign-in attempts" in r.text for r in responses) >= PARALLEL - 10
    assert LoginAttempt.objects.filter(username="victim").count() <= 10


def test_parallel_guesses_from_one_address_check_at_most_ten(live_server, victim, counted_passwords):
    names = ["victim"] + [f"guess{i}" for i in range(PARALLEL - 1)]
    responses = _race(live_server.url, names, "wrong-password-guess")
    assert all(r.status_code == 200 for r in responses)
    assert counted_passwords["n"] <= 10
    assert LoginAttempt.objects.filter(ip_address="127.0.0.1").count() <= 10


def test_a_right_password_does_not_use_up_the_allowance(live_server, victim, counted_passwords):
    for _ in range(12):
        (response,) = _race(live_server.url, ["victim"], PASSWORD)
        assert response.status_code == 302 and response.headers["Location"] == "/cases/"
    assert counted_passwords["n"] == 12
    assert LoginAttempt.objects.count() == 0
