"""A citizen's language as a clinician reads it: "da-DK" is "dansk" (in the UI's language),
not a code. A code without a name here is shown as a code, said to be one."""

from __future__ import annotations

import re

from sjtui.i18n import has, t

_TAG = re.compile(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*")


def language_name(value: str) -> str:
    """The name of the language `value` (a BCP 47 tag such as "da" or "da-DK", or free text
    from the server, shown as it is)."""
    value = value.strip()
    if not value:
        return ""
    primary = value.replace("_", "-").split("-")[0].lower()
    key = f"language.{primary}"
    if has(key):
        return t(key)
    if _TAG.fullmatch(value):
        return t("language.code", code=value)
    return value
