import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from lib import crypto


def test_it_round_trips_and_never_repeats_ciphertext():
    first = crypto.encrypt("AB123456C", context="clients.client.ni_number")
    second = crypto.encrypt("AB123456C", context="clients.client.ni_number")
    assert first != second
    assert "AB123456C" not in first
    assert crypto.decrypt(first, context="clients.client.ni_number") == "AB123456C"


def test_a_value_moved_to_another_column_does_not_decrypt():
    stored = crypto.encrypt("secret", context="a.b.c")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(stored, context="a.b.d")


def test_tampering_is_detected():
    stored = crypto.encrypt("secret", context="a.b.c")
    prefix, kid, body = stored.split(":")
    tampered = f"{prefix}:{kid}:{body[:-2]}{'A' if body[-2] != 'A' else 'B'}{body[-1]}"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(tampered, context="a.b.c")


def test_old_keys_still_decrypt_after_a_new_primary_key_is_added(settings):
    old = crypto.new_key_spec("old")
    with override_settings(CLAIMDESK_ENCRYPTION_KEYS=old):
        stored = crypto.encrypt("value", context="x.y.z")
    with override_settings(CLAIMDESK_ENCRYPTION_KEYS=f"{crypto.new_key_spec('new')},{old}"):
        assert crypto.decrypt(stored, context="x.y.z") == "value"
        assert crypto.key_id_of(crypto.encrypt("value", context="x.y.z")) == "new"
    with (
        override_settings(CLAIMDESK_ENCRYPTION_KEYS=crypto.new_key_spec("new")),
        pytest.raises(crypto.DecryptionError),
    ):
        crypto.decrypt(stored, context="x.y.z")


@pytest.mark.parametrize("spec", ["", "nokey", "k1:short", "k1:!!!", "k-1:" + "A" * 43])
def test_bad_key_specs_fail_loudly(spec):
    with pytest.raises(ImproperlyConfigured):
        crypto.parse_keyring(spec)
