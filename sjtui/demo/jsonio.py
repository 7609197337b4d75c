"""JSON output with pre-serialised fragments, and OperationOutcome.

A searchset page of 1,000 Observations is mostly resources that have not changed since they
were loaded. The store keeps each resource's compact JSON text; `dumps` splices those texts into
the Bundle instead of serialising every resource again, which keeps big pages cheap.
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Any

__all__ = ["FhirError", "Raw", "compact", "dumps", "operation_outcome"]


class Raw:
    """Already-serialised JSON text to be embedded verbatim by `dumps`."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def compact(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def dumps(obj: Any) -> bytes:
    """Compact UTF-8 JSON; `Raw` values are inserted as they are."""
    raws: list[str] = []
    nonce = secrets.token_hex(4)

    def default(o: Any) -> Any:
        if isinstance(o, Raw):
            raws.append(o.text)
            return f"\x00{nonce}:{len(raws) - 1}\x00"
        raise TypeError(f"not JSON serialisable: {type(o).__name__}")

    text = json.dumps(obj, default=default, ensure_ascii=False, separators=(",", ":"))
    if raws:
        pattern = re.compile(r'"\\u0000' + nonce + r':(\d+)\\u0000"')
        text = pattern.sub(lambda m: raws[int(m.group(1))], text)
    return text.encode("utf-8")


class FhirError(Exception):
    """A request the server refuses: becomes an OperationOutcome with `status`."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def operation_outcome(code: str, message: str, severity: str = "error") -> dict[str, Any]:
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": severity, "code": code, "diagnostics": message}],
    }
