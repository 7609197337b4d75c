"""The seams the record service drives, as Protocols: what it needs, not whose class it gets.

`RecordService` talks to the encrypted cache, the audit outbox and the server's capabilities
through these shapes. The cache and the outbox stay optional (`None`: online only, or no
delivery), tests hand in fakes, and the type checker holds both sides to the same contract.
The implementations are `sjtui.cache.store.RecordCache` (loading `sjtui.cache.rows.CachedRecord`),
`sjtui.audit.outbox.AuditOutbox` (reporting `DeliveryReport`) and
`sjtui.fhir.capabilities.ServerCapabilities`; `sjtui/backend.py` wires them in, so mypy checks
that they fit, and `tests/test_ports.py` checks it at run time too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

__all__ = [
    "AuditOutboxPort",
    "CachedRecordView",
    "CapabilitiesView",
    "DeliveryReportView",
    "MarkStorePort",
    "OpeningMarkView",
    "RecordCachePort",
]


class CachedRecordView(Protocol):
    """One citizen's cached resources, as the cache decoded them."""

    @property
    def patient_id(self) -> str: ...
    @property
    def resources(self) -> Mapping[str, dict[str, Any]]: ...  # "Type/id" -> resource
    @property
    def etags(self) -> Mapping[str, str]: ...
    @property
    def synced_at(self) -> datetime | None: ...  # None: a sync started but never completed
    @property
    def last_opened_keys(self) -> frozenset[str]: ...
    @property
    def dropped(self) -> int: ...  # rows that failed to open and were deleted (repaired)
    @property
    def opened_at(self) -> datetime | None: ...


@runtime_checkable
class RecordCachePort(Protocol):
    """The encrypted offline cache. Raises `sjtui.cache.errors.CacheUnavailable` (or an
    `OSError`/`sqlite3.Error` from a damaged disk) when it cannot serve; losing it costs only
    bandwidth, so the record service turns that into a notice."""

    def load(
        self,
        cpr: str,
        *,
        shape: Callable[[list[dict[str, Any]]], object] | None = None,
    ) -> CachedRecordView | None: ...
    def take_notice(self) -> str | None: ...
    def lookup_patient(self, cpr: str) -> dict[str, Any] | None: ...
    def store(
        self,
        cpr: str,
        patient_id: str,
        resources: Iterable[Mapping[str, Any]],
        *,
        synced_at: datetime | None = None,
        etags: Mapping[str, str] | None = None,
    ) -> None: ...
    def remove(self, cpr: str, keys: Iterable[str]) -> None: ...
    def mark_opened(self, cpr: str, keys: Iterable[str], at: datetime) -> None: ...
    def load_body(self, cpr: str, url: str) -> str | None: ...
    def store_body(self, cpr: str, url: str, text: str) -> None: ...
    def purge_expired(self, now: datetime | None = None) -> int: ...


class OpeningMarkView(Protocol):
    """A clinician's last opening of a record (`sjtui.cache.markers.OpeningMark`)."""

    @property
    def at(self) -> datetime: ...
    @property
    def keys(self) -> frozenset[str]: ...


@runtime_checkable
class MarkStorePort(Protocol):
    """A cache that remembers each clinician's last opening of a record, sealed (optional:
    without it the overview says openings are not remembered)."""

    def load_mark(self, cpr: str, clinician_id: str) -> OpeningMarkView | None: ...
    def store_mark(self, cpr: str, clinician_id: str, at: datetime, keys: Iterable[str]) -> None: ...


class DeliveryReportView(Protocol):
    @property
    def sent(self) -> int: ...
    @property
    def failed(self) -> int: ...


@runtime_checkable
class AuditOutboxPort(Protocol):
    """Queued AuditEvents on their way to the backend (idempotent PUTs)."""

    def pending_count(self) -> int: ...
    async def deliver_pending(self) -> DeliveryReportView: ...


class CapabilitiesView(Protocol):
    """What the fetch engine asks of the server's CapabilityStatement."""

    @property
    def batch_search_supported(self) -> bool: ...
