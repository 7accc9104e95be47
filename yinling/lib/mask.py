"""Masking of sensitive values on screens, exports and in the audit log."""


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
