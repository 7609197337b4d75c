"""CPR numbers: parsing, validation, formatting, age.

A CPR is personal data: never log it, never put it in a file name or a terminal title.
Modulus 11 is not checked (real numbers issued since 2007 need not satisfy it); the
fixtures use fictitious numbers chosen to fail it, so they cannot be real older numbers.
"""

from __future__ import annotations

import re
from datetime import date

CPR_SYSTEM = "urn:oid:1.2.208.176.1.2"
_CPR_RE = re.compile(r"^\s*(\d{6})-?(\d{4})\s*$")


class InvalidCpr(ValueError):
    """Not a CPR number. The message never contains the number."""


def looks_like_cpr(text: str) -> bool:
    """True when the text has the shape of a CPR (with or without the dash)."""
    return bool(_CPR_RE.match(text))


def normalise_cpr(text: str) -> str:
    """Return the 10 digits, or raise InvalidCpr when the shape or birth date is wrong."""
    match = _CPR_RE.match(text)
    if not match:
        raise InvalidCpr("a CPR number has 10 digits: DDMMÅÅ-NNNN")
    cpr = match.group(1) + match.group(2)
    birth_date(cpr)  # validates the date
    return cpr


def birth_date(cpr: str) -> date:
    """The birth date a CPR encodes (century from the 7th digit)."""
    day, month, yy, seventh = int(cpr[0:2]), int(cpr[2:4]), int(cpr[4:6]), int(cpr[6])
    if seventh <= 3:
        century = 1900
    elif seventh in (4, 9):
        century = 2000 if yy <= 36 else 1900
    else:  # 5-8
        century = 2000 if yy <= 57 else 1800
    try:
        return date(century + yy, month, day)
    except ValueError as exc:
        raise InvalidCpr("the first six digits of a CPR are a birth date (DDMMÅÅ)") from exc


def format_cpr(cpr: str) -> str:
    """DDMMÅÅ-NNNN."""
    return f"{cpr[:6]}-{cpr[6:]}" if len(cpr) == 10 else cpr


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def passes_modulus_11(cpr: str) -> bool:
    weights = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
    return sum(int(d) * w for d, w in zip(cpr, weights, strict=False)) % 11 == 0
