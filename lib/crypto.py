"""Authenticated encryption of values at rest: AES-256-GCM with key ids, keys from the environment.

Stored form: ``enc1:<key id>:<base64url(nonce || ciphertext || tag)>``. The associated data binds a
ciphertext to its column (``app_label.model.field``), so a value copied into another column fails to
decrypt. The first key in CLAIMDESK_ENCRYPTION_KEYS encrypts; any listed key decrypts, which is what
lets ``manage.py rotate_encryption_keys`` re-encrypt every row before an old key is removed.
"""

import base64
import binascii
import os
from dataclasses import dataclass
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "enc1"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """A stored value could not be decrypted: wrong or missing key, or tampered data."""


@dataclass(frozen=True)
class Keyring:
    primary_id: str
    keys: dict[str, bytes]


def parse_keyring(spec: str) -> Keyring:
    """Parse ``kid:base64key[,kid:base64key...]``; each key must be 32 bytes (AES-256)."""
    keys: dict[str, bytes] = {}
    order: list[str] = []
    for item in (part.strip() for part in spec.split(",")):
        if not item:
            continue
        kid, sep, encoded = item.partition(":")
        if not sep or not kid.isalnum():
            raise ImproperlyConfigured("CLAIMDESK_ENCRYPTION_KEYS entries must look like 'kid:base64key'.")
        try:
            key = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        except (binascii.Error, ValueError):
            raise ImproperlyConfigured(f"Encryption key {kid!r} is not valid base64.") from None
        if len(key) != 32:
            raise ImproperlyConfigured(f"Encryption key {kid!r} must be 32 bytes, not {len(key)}.")
        if kid in keys:
            raise ImproperlyConfigured(f"Encryption key id {kid!r} is listed twice.")
        keys[kid] = key
        order.append(kid)
    if not order:
        raise ImproperlyConfigured("CLAIMDESK_ENCRYPTION_KEYS holds no key.")
    return Keyring(primary_id=order[0], keys=keys)


def new_key_spec(kid: str) -> str:
    return f"{kid}:{base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip('=')}"


@cache
def _keyring_for(spec: str) -> Keyring:
    return parse_keyring(spec)


def keyring() -> Keyring:
    return _keyring_for(settings.CLAIMDESK_ENCRYPTION_KEYS)


def is_encrypted(stored: str | None) -> bool:
    return bool(stored) and stored.startswith(PREFIX + ":")


def key_id_of(stored: str) -> str | None:
    return stored.split(":", 2)[1] if is_encrypted(stored) else None


def encrypt(plaintext: str, *, context: str) -> str:
    ring = keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(ring.keys[ring.primary_id]).encrypt(nonce, plaintext.encode(), context.encode())
    body = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
    return f"{PREFIX}:{ring.primary_id}:{body}"


def decrypt(stored: str, *, context: str) -> str:
    try:
        prefix, kid, body = stored.split(":", 2)
    except ValueError:
        raise DecryptionError("not an encrypted value") from None
    if prefix != PREFIX:
        raise DecryptionError("unknown encryption format")
    key = keyring().keys.get(kid)
    if key is None:
        raise DecryptionError(f"no key with id {kid!r} is configured")
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        plain = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode())
    except (binascii.Error, ValueError, InvalidTag):
        raise DecryptionError("the value was altered or belongs to another field") from None
    return plain.decode()
