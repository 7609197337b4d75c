"""Row-level helpers of the cache: the record type handed to callers, resource keys, and the
fast bulk opening of many sealed rows."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sjtui.cache import codec
from sjtui.crypto.aead import Sealer, TamperedData


@dataclass(frozen=True, slots=True)
class CachedRecord:
    patient_id: str
    resources: dict[str, dict[str, Any]]  # "Type/id" -> resource
    etags: dict[str, str]  # "Type/id" -> ETag (explicit, else W/"<meta.versionId>")
    synced_at: datetime | None  # None: a sync started but never completed (fetch everything)
    last_opened_keys: frozenset[str]
    dropped: int = 0  # rows that failed to open and were deleted
    opened_at: datetime | None = None


def resource_key(resource: Mapping[str, Any]) -> str | None:
    rtype, rid = resource.get("resourceType"), resource.get("id")
    if isinstance(rtype, str) and isinstance(rid, str) and rtype and rid:
        return f"{rtype}/{rid}"
    return None


def etag_of(resource: Mapping[str, Any]) -> str | None:
    meta = resource.get("meta")
    version = meta.get("versionId") if isinstance(meta, Mapping) else None
    return f'W/"{version}"' if isinstance(version, str) and version else None


def ts(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, tz=UTC)


def _utcnow() -> datetime:
    return datetime.now(UTC)


# Payloads parsed per json.loads: few calls (thousands of small parses cost noticeably more),
# and `shape` sees each chunk before the next is decoded (so shared parts keep the peak low).
PARSE_CHUNK = 2000


def open_rows(
    sealer: Sealer,
    citizen: str,
    rows: list[tuple[str, bytes, int]],
    shape: Callable[[list[dict[str, Any]]], object] | None = None,
) -> tuple[list[dict[str, Any]], list[str]]:
    """Open many sealed resource rows fast: decrypt each, then parse the payloads a chunk
    at a time with one json.loads each.
    `shape`, if given, receives each chunk's resources (e.g. `SharedValues.share`).
    Returns the payloads and the row keys that failed to open."""
    bad: list[str] = []
    payloads: list[bytes] = []
    keys: list[str] = []
    prefix = codec.AAD_PREFIX + citizen.encode("ascii") + b"|"
    for rkey, blob, version in rows:
        try:
            bound = f"{rkey}|{version}" if version else rkey  # versions.row_key
            payload = codec.payload_json(sealer.open(blob, prefix + bound.encode("ascii")))
        except TamperedData:
            bad.append(rkey)
            continue
        payloads.append(payload)
        keys.append(rkey)
    items: list[dict[str, Any]] = []
    for start in range(0, len(payloads), PARSE_CHUNK):
        chunk = payloads[start : start + PARSE_CHUNK]
        opened = []
        for rkey, item in zip(keys[start : start + PARSE_CHUNK], _parse_all(chunk), strict=True):
            if isinstance(item, dict) and isinstance(item.get("k"), str) and isinstance(item.get("r"), dict):
                opened.append(item)
            else:
                bad.append(rkey)
        if shape is not None:
            shape([item["r"] for item in opened])
        items.extend(opened)
    return items, bad


def _parse_all(payloads: list[bytes]) -> list[Any]:
    try:
        return json.loads(b"[" + b",".join(payloads) + b"]") if payloads else []
    except ValueError:  # cannot happen for authenticated data; fall back row by row
        parsed = []
        for payload in payloads:
            try:
                parsed.append(json.loads(payload))
            except ValueError:
                parsed.append(None)
        return parsed
