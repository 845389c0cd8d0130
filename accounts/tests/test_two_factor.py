import base64
import datetime as dt

import pytest
import time_machine
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _enrol(client):
    client.get("/accounts/two-factor/setup/")
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post("/accounts/two-factor/setup/", {"token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_any_user_can_turn_on_two_factor_and_is_then_asked_for_a_code(client, sign_in, alice):
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        sign_in(client, alice)
        device = _enrol(client)
        client.post("/accounts/logout/")
        client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
        assert client.get("/cases/")["Location"] == "/accounts/verify/"
        assert client.get("/accounts/users/")["Location"] == "/accounts/verify/"
        clock.shift(dt.timedelta(seconds=60))  # a code is usable once; wait for the next one
        device.refresh_from_db()
        wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
        bad = client.post("/accounts/verify/", {"token": wrong})
        assert bad.status_code == 200 and bad.context["form"].errors
        clock.shift(dt.timedelta(seconds=2))  # django-otp's throttle: 1 s after one failure
        assert client.post("/accounts/verify/", {"token": _code(device)}).status_code == 302
        assert client.get("/cases/").status_code == 200


@override_settings(CLAIMDESK_ENFORCE_ADMIN_2FA=True)
def test_administrators_must_enrol_before_any_page(client, ada):
    client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    assert client.get("/cases/")["Location"] == "/accounts/two-factor/setup/"
    assert client.get("/accounts/users/")["Location"] == "/accounts/two-factor/setup/"
    _enrol(client)
    assert client.get("/accounts/users/").status_code == 200


@override_settings(CLAIMDESK_ENFORCE_ADMIN_2FA=True)
def test_enforced_administrators_cannot_turn_two_factor_off(client, ada):
    client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    _enrol(client)
    client.post("/accounts/two-factor/remove/")
    assert TOTPDevice.objects.filter(user=ada, confirmed=True).exists()


def test_the_setup_page_shows_the_key_to_type(client, sign_in, alice):
    sign_in(client, alice)
    response = client.get("/accounts/two-factor/setup/")
    device = TOTPDevice.objects.get(user=alice)
    assert base64.b32encode(device.bin_key).decode() in response.content.decode()
    assert "<svg" in response.content.decode()


@pytest.mark.parametrize("token", ["", "12345", "abcdef", "1234567"])
def test_malformed_codes_get_a_field_error(client, sign_in, alice, token):
    sign_in(client, alice)
    response = client.post("/accounts/two-factor/setup/", {"token": token})
    assert response.status_code == 200
    assert response.context["form"].errors["token"]
