"""Normalising what offices type: full-width characters, stray spaces."""
import unicodedata

_SPACES = {"\u3000", "\u00a0", "\u2002", "\u2003", "\u2009", "\u200b", "\ufeff", "\t", "\r", "\n"}


_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {ord(ch): " " for ch in _SPACES}


def to_half_width(value: str) -> str:
    """Full-width digits, letters and punctuation (０-９, Ａ, ｘ) and odd spaces to ASCII."""
    return value.translate(_HALF_WIDTH)


def clean(value: str | None) -> str:
    """Half-width, NFC, collapsed inner whitespace, stripped."""
    if value is None:
        return ""
    value = str(value)
    if value.isascii():  # nothing full-width to fold, nothing to compose
        return " ".join(value.split())
    value = unicodedata.normalize("NFC", to_half_width(value))
    return " ".join(value.split())


def digits_only(value: str | None) -> str:
    return "".join(ch for ch in to_half_width(value or "") if ch.isdigit())
