"""Masking of sensitive values on screens, exports and in the audit log."""
import re


def mask_id_number(number: str) -> str:
    """Only the last 4 shown: **************1234.

    Never the first six: they are the area code of the place of birth, and with the birth
    date, which every list shows, the rest of the number follows from them.
    """
    if not number:
        return ""
    if len(number) <= 4:
        return "*" * len(number)
    return "*" * (len(number) - 4) + number[-4:]


def mask_id_tail(tail: str) -> str:
    """The masked form of an 18-character ID number of which only the last 4 are kept."""
    return "*" * 14 + tail if tail else ""


def mask_phone(phone: str) -> str:
    """Mobile 13812345678 → 138****5678; a landline keeps its area code and last 4."""
    if not phone:
        return ""
    if len(phone) == 11 and phone.isdigit():  # a mobile number as stored: the usual case
        return phone[:3] + "****" + phone[7:]
    if "-" in phone and not phone.startswith("+"):
        area, number = phone.split("-", 1)
        return f"{area}-{'*' * max(0, len(number) - 4)}{number[-4:]}"
    digits = [i for i, ch in enumerate(phone) if ch.isdigit()]
    if len(digits) < 7:
        return phone[:1] + "*" * (len(phone) - 1)
    # hide every digit but the first three and the last four
    hide = set(digits[3:-4])
    return "".join("*" if i in hide else ch for i, ch in enumerate(phone))


# An ID number (18 characters, or the old 15 digits) or a mobile number inside any text.
_ID_18 = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9A-Za-z])")
_ID_15 = re.compile(r"(?<![0-9A-Za-z])\d{11}(\d{4})(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")


def mask_numbers_in(text: str) -> str:
    """Any ID number or mobile number in free text (a log line, a note) masked as its own mask would show it."""
    if not text or not any(ch.isdigit() for ch in text):
        return text
    text = _ID_18.sub(lambda m: "*" * 14 + m.group(2), text)
    text = _ID_15.sub(lambda m: "*" * 11 + m.group(1), text)
    return _MOBILE.sub(lambda m: m.group(1) + "****" + m.group(2), text)
