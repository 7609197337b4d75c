"""Attachment bytes with a bound: what `FhirClient.fetch_attachment` returns.

A server controls how large an attachment is; a 10 MB text must neither freeze the UI nor fill
the memory. The client reads at most `max_attachment_bytes` and says whether it cut.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Self

__all__ = [
    "ATTACHMENT_BUDGET",
    "DEFAULT_MAX_ATTACHMENT_BYTES",
    "AttachmentBytes",
    "binary_data_prefix",
]

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
