"""Sealed JSON payloads and the associated data that pins each blob to its row.

Plaintext layout: one tag byte, then the payload: b"j" + JSON, or b"z" + zlib(JSON) when
compression saves at least 10 % and the payload is >= 2 KiB (note texts, large resources).
Typical resources (~0.4-1.3 KB) stay raw: zlib roughly halves them but decompressing 20,000
rows took ~160 ms here, and 8 KiB pages hold rows up to ~2 KB without overflow pages anyway. The tag is inside the seal, so it is authenticated like the rest.

AAD = b"sjtui-cache-v1|" + citizen + b"|" + row key, where the row key is the resource's
blind index, b"citizen" for the citizen row, b"body:" + url hash for a body and the citizen
part is empty for the canary. A blob copied to another row, table or citizen fails to open.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from sjtui.crypto.aead import Sealer, TamperedData

AAD_PREFIX = b"sjtui-cache-v1|"
COMPRESS_MIN_BYTES = 2048
_RAW = b"j"
_ZLIB = b"z"


def aad(citizen: str, row_key: str) -> bytes:
    return AAD_PREFIX + citizen.encode("ascii") + b"|" + row_key.encode("ascii")


def encode(obj: Any, *, compress_min: int = COMPRESS_MIN_BYTES) -> bytes:
    raw = json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    if compress_min and len(raw) >= compress_min:
        packed = zlib.compress(raw, 1)
        if len(packed) <= len(raw) * 0.9:
            return _ZLIB + packed
    return _RAW + raw


def payload_json(plain: bytes) -> bytes:
    """The JSON bytes of an opened payload (decompressed if needed), for bulk parsing."""
    tag = plain[:1]
    if tag == _RAW:
        return plain[1:]
    if tag == _ZLIB:
        try:
            return zlib.decompress(plain[1:])
        except zlib.error as exc:
            raise TamperedData("cached payload cannot be decoded") from exc
    raise TamperedData("cached payload has an unknown format")


def decode(plain: bytes) -> Any:
    tag, body = plain[:1], plain[1:]
    try:
        if tag == _ZLIB:
            body = zlib.decompress(body)
        elif tag != _RAW:
            raise ValueError("unknown payload tag")
        return json.loads(body)
    except (ValueError, zlib.error) as exc:  # authenticated but unreadable: treat as damaged
        raise TamperedData("cached payload cannot be decoded") from exc


def seal(sealer: Sealer, obj: Any, citizen: str, row_key: str, *, compress_min: int = COMPRESS_MIN_BYTES) -> bytes:
    return sealer.seal(encode(obj, compress_min=compress_min), aad(citizen, row_key))


def unseal(sealer: Sealer, blob: bytes, citizen: str, row_key: str) -> Any:
    if not isinstance(blob, bytes | bytearray | memoryview):
        raise TamperedData("cached payload has the wrong type")
    return decode(sealer.open(bytes(blob), aad(citizen, row_key)))
