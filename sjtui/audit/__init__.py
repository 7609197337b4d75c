"""Audit trail: local sealed, hash-chained journal; BALP AuditEvents; delivery; export; review.

Sits below `sjtui.record` and never imports Textual, the record layer or the UI.
"""

from .entry import ENTRY_KINDS, OPENING_KINDS, AuditEntry
from .events import to_audit_event
from .export import (
    ExportError,
    LookupRow,
    export_range,
    export_week,
    lookups,
    week_lookups,
)
from .journal import AuditJournal, AuditReadError, AuditWriteError, default_journal_dir
from .outbox import AuditDeliveryRejected, AuditOutbox, AuditSink, DeliveryReport
from .review import ReviewError, ReviewMark, ReviewStore
from .verify import VerifyResult, verify_journal

__all__ = [
    "ENTRY_KINDS",
    "OPENING_KINDS",
    "AuditDeliveryRejected",
    "AuditEntry",
    "AuditJournal",
    "AuditOutbox",
    "AuditReadError",
    "AuditSink",
    "AuditWriteError",
    "DeliveryReport",
    "ExportError",
    "LookupRow",
    "ReviewError",
    "ReviewMark",
    "ReviewStore",
    "VerifyResult",
    "default_journal_dir",
    "export_range",
    "export_week",
    "lookups",
    "to_audit_event",
    "verify_journal",
    "week_lookups",
]
