"""Encryption at rest for national ID numbers, and the keyed hash that finds them.

The key comes from settings.FIELD_ENCRYPTION_KEY (environment, or the data folder
in development). Two independent keys are derived from it: one for AES-256-GCM
(authenticated encryption, a fresh 96-bit nonce per value), one for the
HMAC-SHA256 lookup hash that gives a unique, exactly searchable column without
storing the number in the clear.
"""
import base64
import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

_VERSION = "g1:"  # token format, so a later key or cipher can be told apart


def _derive(purpose: bytes, key: str) -> bytes:
    return hashlib.sha256(purpose + b":" + key.encode()).digest()


@lru_cache(maxsize=4)
def _cipher(key: str) -> AESGCM:
    return AESGCM(_derive(b"aes-gcm", key))


@lru_cache(maxsize=4)
def _lookup_key(key: str) -> bytes:
    return _derive(b"lookup", key)


def encrypt(value: str) -> str:
    if not value:
        return ""
    nonce = os.urandom(12)
    sealed = _cipher(settings.FIELD_ENCRYPTION_KEY).encrypt(nonce, value.encode(), None)
    return _VERSION + base64.urlsafe_b64encode(nonce + sealed).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    if not token.startswith(_VERSION):
        raise ValueError("unknown ciphertext format")
    raw = base64.urlsafe_b64decode(token[len(_VERSION):])
    return _cipher(settings.FIELD_ENCRYPTION_KEY).decrypt(raw[:12], raw[12:], None).decode()


@lru_cache(maxsize=4)
def _lookup_mac(key: str) -> hmac.HMAC:
    return hmac.new(_lookup_key(key), digestmod=hashlib.sha256)


def lookup_hash(value: str) -> str:
    """HMAC-SHA256 truncated to 128 bits: unique enough for any roster, half the index."""
    if not value:
        return ""
    mac = _lookup_mac(settings.FIELD_ENCRYPTION_KEY).copy()  # keyed once; an import hashes 100,000 numbers
    mac.update(value.encode())
    return mac.hexdigest()[:32]
