"""Attachment bytes with a bound: what `FhirClient.fetch_attachment` returns.

A server controls how large an attachment is; a 10 MB text must neither freeze the UI nor fill
the memory. The client reads at most `max_attachment_bytes` and says whether it cut.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Self

from sjtui.fhir.errors import FhirProtocolError, FhirRefusedLinkError
from sjtui.fhir.http import HttpCore
from sjtui.fhir.models import binary_data, parse_json
from sjtui.fhir.session import FHIR_JSON
from sjtui.fhir.urls import resolve_link

__all__ = [
    "ATTACHMENT_BUDGET",
    "DEFAULT_MAX_ATTACHMENT_BYTES",
    "AttachmentBytes",
    "binary_data_prefix",
    "fetch_bounded",
]

_FHIR_JSON_TYPES = frozenset({FHIR_JSON, "application/json+fhir"})

#: Read at most this much of an attachment by default (a long letter is some 50 KB of text).
DEFAULT_MAX_ATTACHMENT_BYTES = 1024 * 1024
#: Time budget of one attachment fetch (seconds): longer than an API call, still bounded.
ATTACHMENT_BUDGET = 60.0

_DATA_START = re.compile(rb'"data"\s*:\s*"')
_BASE64 = re.compile(rb"[A-Za-z0-9+/=\s]*")


class AttachmentBytes(bytes):
    """The attachment's bytes (a `bytes`), with `truncated` and the `limit` it was cut at."""

    truncated: bool
    limit: int

    def __new__(cls, data: bytes, *, truncated: bool = False, limit: int = 0) -> Self:
        obj = super().__new__(cls, data)
        obj.truncated = truncated
        obj.limit = limit
        return obj

    @classmethod
    def cut(cls, data: bytes, limit: int, truncated: bool = False) -> AttachmentBytes:
        """`data` cut at `limit` bytes; truncated when it was longer (or already cut)."""
        return cls(data[:limit], truncated=truncated or len(data) > limit, limit=limit)


def binary_data_prefix(body: bytes) -> bytes:
    """The decodable start of a Binary's base64 `data` in a JSON text that was cut short."""
    start = _DATA_START.search(body)
    if start is None:
        return b""
    chars = _BASE64.match(body, start.end())
    text = b"".join((chars.group() if chars else b"").split()).rstrip(b"=")
    text = text[: len(text) // 4 * 4]
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return b""


async def fetch_bounded(
    core: HttpCore,
    base_url: str,
    url: str,
    *,
    content_type: str | None,
    label: str | None,
    limit: int,
) -> AttachmentBytes:
    """GET an attachment on the configured server, at most `limit` bytes of it (see
    `FhirClient.fetch_attachment`)."""
    target = resolve_link(base_url, url, what="an attachment address")
    if not target.startswith(base_url + "/"):
        raise FhirRefusedLinkError("The attachment is not on the configured FHIR server.", detail="foreign-link")
    wanted = (content_type or "").split(";", 1)[0].strip()
    accept = f"{wanted}, {FHIR_JSON};q=0.9" if wanted else f"{FHIR_JSON}, */*;q=0.5"
    response = await core.send(
        "GET",
        target,
        kind="attachment",
        idempotent=True,
        label=label,
        headers={"Accept": accept},
        budget=ATTACHMENT_BUDGET if core.retry.budget is not None else None,
        # Room for the base64 and JSON around the data when the answer is a Binary.
        max_bytes=limit * 4 // 3 + 64 * 1024,
        truncate=True,
    )
    if response.status == 304:
        raise FhirProtocolError("The server answered 'not modified' to an attachment fetch.")
    ctype = response.content_type
    if ctype in _FHIR_JSON_TYPES or (ctype == "application/json" and wanted != ctype):
        if response.truncated:
            return AttachmentBytes.cut(binary_data_prefix(response.body), limit, True)
        data = parse_json(response.body)
        if isinstance(data, dict) and data.get("resourceType") == "Binary":
            return AttachmentBytes.cut(binary_data(data), limit)
        if wanted != ctype:
            raise FhirProtocolError(
                "The server sent a different resource than a Binary.", detail="wrong-resource", what="Binary"
            )
    return AttachmentBytes.cut(response.body, limit, response.truncated)
