"""Encryption at rest for national ID numbers, and the keyed hash that finds them.

The key comes from settings.FIELD_ENCRYPTION_KEY (environment, or the data folder
in development). Two independent keys are derived from it: one for Fernet
(AES-128-CBC + HMAC), one for the HMAC-SHA256 lookup hash that gives a unique,
exactly searchable column without storing the number in the clear.
"""
import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet
from django.conf import settings


def _derive(purpose: bytes) -> bytes:
    return hashlib.sha256(purpose + b":" + settings.FIELD_ENCRYPTION_KEY.encode()).digest()


@lru_cache(maxsize=4)
def _fernet(key: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive(b"fernet")))


def encrypt(value: str) -> str:
    if not value:
        return ""
    return _fernet(settings.FIELD_ENCRYPTION_KEY).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    return _fernet(settings.FIELD_ENCRYPTION_KEY).decrypt(token.encode()).decode()


def lookup_hash(value: str) -> str:
    if not value:
        return ""
    return hmac.new(_derive(b"lookup"), value.encode(), hashlib.sha256).hexdigest()
