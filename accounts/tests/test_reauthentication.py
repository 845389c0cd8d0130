"""Credential changes need a fresh "Confirm it's you", and the person is told by email.

A stolen session cookie alone must not remove or replace a second factor, change a password or change
the portal credentials: each needs the password (and the current code, for a user with two-factor)
proved within the last five minutes. Signing in counts; after that, the "Confirm it's you" page asks
again and brings the user back where they were.
"""

import datetime as dt
import re
from urllib.parse import quote

import pytest
import time_machine
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import has_two_factor
from portal.models import PortalConnection
from tests.factories import PASSWORD

START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
LATER = dt.timedelta(minutes=6)  # past the five minutes a confirmation lasts
NEW_PASSWORD = "a-brand-new-long-passphrase"
SECRET = "portal-secret-marker-7731"


def _code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def sent(mailoutbox, django_capture_on_commit_callbacks):
    """send(client.post, ...): the request, with the emails it sends after commit delivered."""

    def send(method, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return method(*args, **kwargs)

    return send


def _enrol(client, clock) -> TOTPDevice:
    client.get("/accounts/two-factor/setup/")
    device = TOTPDevice.objects.get(confirmed=False)
    assert client.post("/accounts/two-factor/setup/", {"token": _code(device)}).status_code == 302
    clock.shift(dt.timedelta(seconds=31))  # a code works once: the next use needs the next code
    return device


def _confirm(client, password=PASSWORD, device=None, next_path="/accounts/account/"):
    data = {"password": password, "next": next_path} | ({"token": _code(device)} if device else {})
    return client.post(f"/accounts/confirm/?next={quote(next_path)}", data)


def _confirm_url(next_path: str) -> str:
    return f"/accounts/confirm/?next={quote(next_path, safe='')}"


# -- Without a fresh confirmation, nothing changes ---------------------------------------------------


def test_two_factor_cannot_be_removed_with_only_a_session(client, sign_in, alice, clock, mailoutbox):
    sign_in(client, alice)
    _enrol(client, clock)
    mailoutbox.clear()
    clock.shift(LATER)
    response = client.post("/accounts/two-factor/remove/", HTTP_REFERER="http://testserver/accounts/account/")
    assert response["Location"] == _confirm_url("/accounts/account/")
    assert has_two_factor(alice) and mailoutbox == []


def test_two_factor_cannot_be_replaced_with_only_a_session(client, sign_in, alice, clock):
    sign_in(client, alice)
    first = _enrol(client, clock)
    clock.shift(LATER)
    response = client.get("/accounts/two-factor/setup/")
    assert response["Location"] == _confirm_url("/accounts/two-factor/setup/")
    assert not TOTPDevice.objects.filter(confirmed=False).exists()  # no new key was even shown
    assert list(TOTPDevice.objects.filter(user=alice)) == [first]


def test_the_password_cannot_be_changed_with_only_a_session(client, sign_in, alice, clock):
    sign_in(client, alice)
    clock.shift(LATER)
    data = {"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    response = client.post("/accounts/account/", data, HTTP_REFERER="http://testserver/accounts/account/")
    assert response["Location"] == _confirm_url("/accounts/account/")
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_an_administrator_cannot_set_someone_elses_password_with_only_a_session(
    client, sign_in, ada, alice, clock
):
    sign_in(client, ada)
    clock.shift(LATER)
    response = client.post(
        f"/accounts/users/{alice.pk}/password/", {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert response["Location"].startswith("/accounts/confirm/")
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_portal_credentials_cannot_be_changed_with_only_a_session(client, sign_in, ada, clock):
    connection = PortalConnection.objects.create(
        portal="oic", url="https://portal.example", client_id="firm", client_secret="old", access_token="t"
    )
    sign_in(client, ada)
    clock.shift(LATER)
    data = {"url": "https://portal.example", "web_url": "", "client_id": "", "client_secret": SECRET}
    assert client.post("/portal-settings/oic/", data)["Location"].startswith("/accounts/confirm/")
    assert client.post("/portal-settings/oic/forget-token/")["Location"].startswith("/accounts/confirm/")
    assert client.get("/portal-settings/oic/")["Location"] == _confirm_url("/portal-settings/oic/")
    connection.refresh_from_db()
    assert connection.client_secret == "old" and connection.access_token == "t"


# -- Confirming, then changing -----------------------------------------------------------------------


def test_confirming_brings_the_user_back_and_the_change_is_emailed(
    client, sign_in, alice, clock, sent, mailoutbox
):
    sign_in(client, alice)
    device = _enrol(client, clock)
    clock.shift(LATER)
    assert client.get("/accounts/account/")["Location"] == _confirm_url("/accounts/account/")
    without_code = client.post("/accounts/confirm/", {"password": PASSWORD})
    assert without_code.context["form"].errors["token"]
    wrong_password = _confirm(client, password="not-it", device=device)
    assert wrong_password.context["form"].errors["password"] == ["That is not your password."]
    clock.shift(dt.timedelta(seconds=31))
    response = _confirm(client, device=device)
    assert response.status_code == 302 and response["Location"] == "/accounts/account/"
    mailoutbox.clear()
    assert sent(client.post, "/accounts/two-factor/remove/").status_code == 302
    assert not has_two_factor(alice)
    (email,) = mailoutbox
    assert email.to == [alice.email]
    assert "Two-factor authentication was turned off" in email.subject
    assert "If you did not expect this" in email.body


def test_a_password_change_after_confirming_is_emailed_without_the_password(
    client, sign_in, alice, clock, sent, mailoutbox
):
    sign_in(client, alice)
    clock.shift(LATER)
    _confirm(client)
    data = {"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert sent(client.post, "/accounts/account/", data).status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    (email,) = mailoutbox
    assert email.to == [alice.email] and "Your ClaimDesk password was changed" in email.subject
    assert NEW_PASSWORD not in email.body and PASSWORD not in email.body


def test_replacing_the_authenticator_is_emailed(client, sign_in, alice, clock, sent, mailoutbox):
    sign_in(client, alice)
    first = _enrol(client, clock)
    clock.shift(LATER)
    _confirm(client, device=first, next_path="/accounts/two-factor/setup/")
    client.get("/accounts/two-factor/setup/")
    second = TOTPDevice.objects.get(user=alice, confirmed=False)
    mailoutbox.clear()
    assert sent(client.post, "/accounts/two-factor/setup/", {"token": _code(second)}).status_code == 302
    assert list(TOTPDevice.objects.filter(user=alice)) == [second]
    (email,) = mailoutbox
    assert "authenticator app of your ClaimDesk account was replaced" in email.subject


def test_an_administrator_setting_a_password_emails_its_owner(client, sign_in, ada, alice, sent, mailoutbox):
    sign_in(client, ada)
    data = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    assert sent(client.post, f"/accounts/users/{alice.pk}/password/", data).status_code == 302
    (email,) = mailoutbox
    assert email.to == [alice.email] and f"by {ada} (ada)" in email.body and NEW_PASSWORD not in email.body


def test_portal_credentials_changed_are_emailed_to_the_administrator_without_values(
    client, sign_in, ada, clock, sent, mailoutbox
):
    old = "old-secret-marker-4411"
    PortalConnection.objects.create(
        portal="oic", url="https://portal.example", client_id="firm", client_secret=old
    )
    sign_in(client, ada)
    clock.shift(LATER)
    _confirm(client, next_path="/portal-settings/oic/")
    data = {"url": "https://portal.example", "web_url": "", "client_id": "", "client_secret": SECRET}
    assert sent(client.post, "/portal-settings/oic/", data).status_code == 302
    assert PortalConnection.objects.get().client_secret == SECRET
    (email,) = mailoutbox
    assert email.to == [ada.email]
    assert "The OIC Portal settings were changed (CLIENTSECRET)" in email.subject
    assert SECRET not in email.body + email.subject and old not in email.body + email.subject


def test_signing_in_counts_as_a_fresh_confirmation(client, sign_in, alice, clock):
    sign_in(client, alice)
    clock.shift(dt.timedelta(minutes=4))
    assert client.get("/accounts/account/").status_code == 200


def test_with_two_factor_only_the_code_at_sign_in_makes_it_fresh(client, sign_in, alice, clock):
    sign_in(client, alice)
    device = _enrol(client, clock)
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    client.post("/accounts/verify/", {"token": _code(device)})
    assert client.get("/accounts/account/").status_code == 200


def test_the_confirmation_never_sends_the_user_to_another_site(client, sign_in, alice, clock):
    sign_in(client, alice)
    clock.shift(LATER)
    response = _confirm(client, next_path="https://evil.example/")
    assert response["Location"] == "/accounts/account/"


def test_guessing_the_password_on_the_confirmation_page_is_throttled(client, sign_in, alice, clock):
    sign_in(client, alice)
    clock.shift(LATER)
    for _ in range(10):
        _confirm(client, password="guess-guess-guess")
    response = _confirm(client)
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert client.get("/accounts/account/").status_code == 302  # still not confirmed


@override_settings(CLAIMDESK_ENFORCE_ADMIN_2FA=True)
def test_an_enforced_administrator_can_replace_but_not_remove_two_factor(client, ada, clock):
    client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    first = _enrol(client, clock)  # enrolment straight after sign-in: the password was just given
    clock.shift(LATER)
    _confirm(client, device=first, next_path="/accounts/two-factor/setup/")
    client.post("/accounts/two-factor/remove/")
    assert has_two_factor(ada)
    client.get("/accounts/two-factor/setup/")
    second = TOTPDevice.objects.get(user=ada, confirmed=False)
    assert client.post("/accounts/two-factor/setup/", {"token": _code(second)}).status_code == 302
    assert list(TOTPDevice.objects.filter(user=ada, confirmed=True)) == [second]


@override_settings(CLAIMDESK_ENFORCE_ADMIN_2FA=True)
def test_a_slow_first_enrolment_may_confirm_the_password_on_the_way(client, ada, clock):
    client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    clock.shift(LATER)
    assert client.get("/accounts/two-factor/setup/")["Location"].startswith("/accounts/confirm/")
    assert client.get("/accounts/confirm/").status_code == 200  # not sent back to the setup page
    response = _confirm(client, next_path="/accounts/two-factor/setup/")
    assert response["Location"] == "/accounts/two-factor/setup/"
    assert client.get("/accounts/two-factor/setup/").status_code == 200


# -- A new credential page cannot forget it ------------------------------------------------------------

CREDENTIAL_PAGES = re.compile(r"password|two_factor|settings|token|secret|credential")
# Pages whose names match but which change no credential, each with the reason.
NOT_A_CHANGE = {
    "portal:settings_test": "tries the stored settings; changes nothing but the last-test note",
    "portal:settings_index": "only redirects to the first installed portal's settings page",
}


def _views(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(
                pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


def test_every_page_that_changes_credentials_asks_for_a_fresh_confirmation():
    views = dict(_views(get_resolver().url_patterns))
    unguarded = [
        name
        for name, view in views.items()
        if CREDENTIAL_PAGES.search(name) and name not in NOT_A_CHANGE
        if not getattr(view, "reauthentication_required", False)
    ]
    assert "accounts:two_factor_remove" in views and "portal:settings" in views
    assert not unguarded, "decorate with accounts.reauth.reauthentication_required: " + ", ".join(unguarded)
