"""Normalising what offices type: full-width characters, stray spaces."""
import unicodedata

_SPACES = {"\u3000", "\u00a0", "\u2002", "\u2003", "\u2009", "\u200b", "\ufeff", "\t", "\r", "\n"}


def to_half_width(value: str) -> str:
    """Full-width digits, letters and punctuation (０-９, Ａ, ｘ) to ASCII."""
    out = []
    for ch in value:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        elif ch in _SPACES:
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def clean(value: str | None) -> str:
    """Half-width, NFC, collapsed inner whitespace, stripped."""
    if value is None:
        return ""
    value = unicodedata.normalize("NFC", to_half_width(str(value)))
    return " ".join(value.split())


def digits_only(value: str | None) -> str:
    return "".join(ch for ch in to_half_width(value or "") if ch.isdigit())
