import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from accounts.models import LoginAttempt
from tests.factories import PASSWORD

LOGIN = "/accounts/login/"


def test_every_page_sends_anonymous_users_to_sign_in(client, db):
    response = client.get("/cases/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/cases/")


def test_it_signs_in_and_out(client, alice):
    response = client.post(LOGIN, {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/cases/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/cases/").status_code == 302


def test_logout_ends_the_session_on_the_server(client, alice):
    client.post(LOGIN, {"username": "alice", "password": PASSWORD})
    session_cookie = client.cookies["sessionid"].value
    client.post("/accounts/logout/")
    client.cookies["sessionid"] = session_cookie  # replaying the old cookie must not work
    assert client.get("/cases/").status_code == 302


def test_unknown_user_and_wrong_password_get_the_same_answer(client, alice):
    wrong_password = client.post(LOGIN, {"username": "alice", "password": "nope"})
    unknown_user = client.post(LOGIN, {"username": "nobody", "password": "nope"})
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert (
        wrong_password.context["form"].non_field_errors() == unknown_user.context["form"].non_field_errors()
    )


def test_ten_failures_block_the_account_then_it_cools_off(client, alice):
    with time_machine.travel(dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC), tick=False) as clock:
        for _ in range(10):
            client.post(LOGIN, {"username": "alice", "password": "wrong"})
        blocked = client.post(LOGIN, {"username": "alice", "password": PASSWORD})
        assert blocked.status_code == 200
        assert "Too many failed sign-in attempts" in blocked.content.decode()
        clock.shift(dt.timedelta(minutes=5, seconds=1))
        assert client.post(LOGIN, {"username": "alice", "password": PASSWORD}).status_code == 302


def test_failures_from_one_address_block_other_accounts_too(client, alice, bob):
    for i in range(10):
        client.post(LOGIN, {"username": f"guess{i}", "password": "wrong"})
    response = client.post(LOGIN, {"username": "bob", "password": PASSWORD})
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_nine_failures_do_not_block(client, alice):
    for _ in range(9):
        client.post(LOGIN, {"username": "alice", "password": "wrong"})
    assert LoginAttempt.objects.count() == 9
    assert client.post(LOGIN, {"username": "alice", "password": PASSWORD}).status_code == 302


def test_sessions_expire_after_thirty_idle_minutes(client, alice):
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        client.post(LOGIN, {"username": "alice", "password": PASSWORD})
        clock.shift(dt.timedelta(minutes=29))
        assert client.get("/cases/").status_code == 200  # activity renews the idle timer
        clock.shift(dt.timedelta(minutes=29))
        assert client.get("/cases/").status_code == 200
        clock.shift(dt.timedelta(minutes=31))
        assert client.get("/cases/").status_code == 302


def test_sessions_end_after_twelve_hours_however_active(client, alice):
    with time_machine.travel(dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC), tick=False) as clock:
        client.post(LOGIN, {"username": "alice", "password": PASSWORD})
        for _ in range(28):  # active every 25 minutes for 11 h 40 min
            clock.shift(dt.timedelta(minutes=25))
            assert client.get("/cases/").status_code == 200
        clock.shift(dt.timedelta(minutes=19))
        assert client.get("/cases/").status_code == 200  # 11 h 59 min: still signed in
        clock.shift(dt.timedelta(minutes=2))
        response = client.get("/cases/")  # 12 h 01 min: however active, signed out
        assert response.status_code == 302
        assert "expired=1" in response["Location"] or response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_it_never_redirects_off_site_after_sign_in(client, alice, target):
    response = client.post(f"{LOGIN}?next={target}", {"username": "alice", "password": PASSWORD})
    assert response["Location"] == reverse("cases:list")
