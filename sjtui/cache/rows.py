"""Row-level helpers of the cache: the record type handed to callers and resource keys."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class CachedRecord:
    patient_id: str
    resources: dict[str, dict[str, Any]]  # "Type/id" -> resource
    etags: Mapping[str, str]  # "Type/id" -> ETag (explicit, else W/"<meta.versionId>")
    synced_at: datetime | None  # None: a sync started but never completed (fetch everything)
    last_opened_keys: frozenset[str]
    dropped: int = 0  # sealed units (chunks) that failed to open and were deleted
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
