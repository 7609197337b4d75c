"""Phone numbers as Danes read them: a Danish number in pairs ("+45 10 20 01 01",
"10 20 01 01"), so it can be read aloud and dialled without counting digits.

Only a number that is unmistakably Danish is regrouped: eight digits, optionally after
"+45" or "0045", with nothing but spaces, dots, dashes or brackets between them. Anything else
(a foreign number, an extension, a note such as "kun hverdage") is shown as the server sent it.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s.\-()]")
_DANISH = re.compile(r"(?:(?:\+|00)45)?(\d{8})")


def display_phone(value: str) -> str:
    """`value` grouped in pairs when it is a Danish number, else unchanged."""
    compact = _SEPARATORS.sub("", value)
    match = _DANISH.fullmatch(compact)
    if match is None:
        return value
    digits = match.group(1)
    pairs = " ".join(digits[i : i + 2] for i in range(0, 8, 2))
    return f"+45 {pairs}" if len(compact) > 8 else pairs


__all__ = ["display_phone"]
