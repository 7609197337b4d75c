"""The concrete cache, outbox and capabilities fit the seams the record service drives
(`sjtui/record/ports.py`); mypy checks the signatures, this checks the objects at run time."""

from __future__ import annotations

from dataclasses import fields

from sjtui.audit.outbox import AuditOutbox, DeliveryReport
from sjtui.cache.rows import CachedRecord
from sjtui.cache.store import RecordCache
from sjtui.fhir.capabilities import ServerCapabilities
from sjtui.record.ports import AuditOutboxPort, RecordCachePort


def _members(protocol: type) -> set[str]:
    return {name for name in vars(protocol) if not name.startswith("_")}


def test_the_record_cache_has_every_method_of_its_port() -> None:
    missing = {name for name in _members(RecordCachePort) if not callable(getattr(RecordCache, name, None))}
    assert not missing


def test_the_audit_outbox_has_every_method_of_its_port() -> None:
    assert not {name for name in _members(AuditOutboxPort) if not callable(getattr(AuditOutbox, name, None))}


def test_the_values_crossing_the_seams_carry_the_fields_the_service_reads() -> None:
    assert {"patient_id", "resources", "etags", "synced_at", "last_opened_keys", "dropped", "opened_at"} <= {
        f.name for f in fields(CachedRecord)
    }
    assert {"sent", "failed"} <= {f.name for f in fields(DeliveryReport)}
    assert ServerCapabilities().batch_search_supported is False
