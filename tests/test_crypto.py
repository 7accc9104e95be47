"""ID numbers at rest: encrypted, tamper-evident, found by a keyed hash, never stored in the clear."""
import pytest
from cryptography.exceptions import InvalidTag
from django.db import connection

from yinling.core import crypto


def test_it_encrypts_with_a_fresh_nonce_and_decrypts():
    a, b = crypto.encrypt("320602194603051234"), crypto.encrypt("320602194603051234")
    assert a != b and "320602194603051234" not in a
    assert crypto.decrypt(a) == crypto.decrypt(b) == "320602194603051234"


def test_it_refuses_a_tampered_value():
    token = crypto.encrypt("320602194603051234")
    raw = bytearray(crypto.base64.urlsafe_b64decode(token[3:]))
    raw[-1] ^= 1
    with pytest.raises(InvalidTag):
        crypto.decrypt("g1:" + crypto.base64.urlsafe_b64encode(bytes(raw)).decode())


def test_the_lookup_hash_depends_on_the_key(settings):
    first = crypto.lookup_hash("320602194603051234")
    settings.FIELD_ENCRYPTION_KEY = "another key"
    assert crypto.lookup_hash("320602194603051234") != first


def test_no_id_number_is_stored_in_the_clear(world):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM roster_person")
        dump = repr(cursor.fetchall())
    assert world.med_person.id_number not in dump and world.lit_person.id_number not in dump
