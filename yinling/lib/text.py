"""Normalising what offices type: full-width characters, stray spaces."""
import re
import unicodedata

_SPACES = {"\u3000", "\u00a0", "\u2002", "\u2003", "\u2009", "\u200b", "\ufeff", "\t", "\r", "\n"}


_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {ord(ch): " " for ch in _SPACES}


def to_half_width(value: str) -> str:
    """Full-width digits, letters and punctuation (０-９, Ａ, ｘ) and odd spaces to ASCII."""
    return value.translate(_HALF_WIDTH)


# Anything clean() would change in a text: a full-width character or odd space, a space at
# either end, two in a row, or any other whitespace.
_UNCLEAN = re.compile(r"[\uff01-\uff5e" + "".join(sorted(_SPACES)) + r"]|^\s|\s$|\s\s|[^\S ]")


def clean(value: str | None) -> str:
    """Half-width, NFC, collapsed inner whitespace, stripped."""
    if value is None:
        return ""
    value = str(value)
    if value.isascii():  # nothing full-width to fold, nothing to compose
        return " ".join(value.split())
    if not _UNCLEAN.search(value) and unicodedata.is_normalized("NFC", value):
        return value  # most cells of a roster: already clean, checked without being rebuilt
    value = unicodedata.normalize("NFC", to_half_width(value))
    return " ".join(value.split())


def digits_only(value: str | None) -> str:
    return "".join(ch for ch in to_half_width(value or "") if ch.isdigit())


# Dots written between the parts of a name in other scripts (阿依古丽·买买提), as offices type them.
_NAME_DOTS = str.maketrans({"•": "·", "・": "·", "‧": "·", "∙": "·", "⋅": "·", "●": "·", "．": "·", "。": "·"})


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\U00020000" <= ch <= "\U0003134f" or "\uf900" <= ch <= "\ufaff"


def clean_name(value: str | None) -> str:
    """A person's name as the roster keeps it, however a spreadsheet aligned it.

    Spaces between two Chinese characters are alignment padding ("王  明" → "王明"), not part of
    the name; spaces in names of other scripts ("Anna Li") stay, and the dots between the parts
    of a transliterated name become the one middle dot (阿依古丽•买买提 → 阿依古丽·买买提).
    """
    return name_of(clean(value))


def name_of(cleaned: str) -> str:
    """clean_name() of text that clean() has already made (an importer's cells): the name rule alone."""
    value = cleaned.translate(_NAME_DOTS)
    if " " not in value:  # nearly every name: nothing to drop
        return value
    kept = []
    for i, ch in enumerate(value):
        if ch == " " and 0 < i < len(value) - 1 and (_is_han(value[i - 1]) or value[i - 1] == "·") and (_is_han(value[i + 1]) or value[i + 1] == "·"):
            continue
        kept.append(ch)
    return "".join(kept)
