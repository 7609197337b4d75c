"""Retention: the journal does not grow without limit, and nothing undelivered is ever lost.

`sjtui audit prune` (and every start) removes the oldest records when *all* of these hold:
they were confirmed delivered to the server (the server keeps the organisation's trail),
they are older than `audit_retention_months` (default 13: the two half-yearly reviews
always find their week, also late ones), and they are not the journal's last record. The
first record that fails any of these ends the pruned prefix: an undelivered record, however
old, keeps itself and everything after it.

The chain stays checkable: `base.json` names the last pruned record (seq and hash), and the
first record kept chains onto it; the sealed anchor keeps the same base, so a start cut by
anyone else is still caught. Steps, each atomic and durable, in an order a crash cannot turn
into a false alarm: base.json, then the anchor, then the journal without the pruned lines.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .chain import BASE_FILE, JOURNAL_FILE, ChainRecord, Head, fsync_dir, write_json_atomic
from .journal import AuditJournal, AuditReadError
from .outbox import DELIVERED_FILE, parse_delivered_ids

DEFAULT_MONTHS = 13.0
_DAYS_PER_MONTH = 30.44


@dataclass(frozen=True, slots=True)
class PruneReport:
    pruned: int
    stopped_by: str  # why pruning stopped: "undelivered", "recent", "last record", "nothing"


def cutoff_for(months: float, now: datetime | None = None) -> datetime:
    return (now or datetime.now(UTC)) - timedelta(days=months * _DAYS_PER_MONTH)


def delivered_ids(journal: AuditJournal) -> set[str]:
    try:
        return parse_delivered_ids((journal.dir / DELIVERED_FILE).read_bytes())
    except FileNotFoundError:
        return set()


def prune_journal(journal: AuditJournal, *, months: float = DEFAULT_MONTHS, now: datetime | None = None) -> PruneReport:
    """Prune delivered records older than `months` (see the module doc). Needs the key (the
    records' times are sealed). Raises OSError when the journal cannot be rewritten."""
    if months <= 0:
        return PruneReport(0, "nothing")
    cutoff = cutoff_for(months, now)
    with journal.exclusive():
        delivered = delivered_ids(journal)
        path = journal.dir / JOURNAL_FILE
        if not path.exists():
            return PruneReport(0, "nothing")
        last_pruned: ChainRecord | None = None
        offset = 0  # bytes of the journal taken by the pruned records
        pruned = 0
        stopped_by = "last record"
        pending: tuple[ChainRecord, int] | None = None  # a prunable record, if one follows it
        with open(path, "rb") as f:
            for raw in f:
                if not raw.endswith(b"\n"):
                    break  # a torn tail is never acknowledged: stop here
                if pending is not None:  # a record follows: the pending one may go
                    last_pruned, offset = pending[0], offset + pending[1]
                    pruned += 1
                    pending = None
                try:
                    record = ChainRecord.from_line(raw[:-1])
                    entry = journal.open_record(record)
                except (ValueError, AuditReadError):
                    stopped_by = "unreadable record"
                    break
                if record.entry_id not in delivered:
                    stopped_by = "undelivered"
                    break
                if entry.at >= cutoff:
                    stopped_by = "recent"
                    break
                pending = (record, len(raw))
        if last_pruned is None:
            return PruneReport(0, stopped_by)
        base = Head(last_pruned.seq, last_pruned.hash)
        write_json_atomic(journal.dir / BASE_FILE, json.dumps({"seq": base.seq, "hash": base.hash}).encode())
        journal.set_anchor_base(base)
        _drop_prefix(path, offset)
    return PruneReport(pruned, stopped_by)


def _drop_prefix(path: Path, offset: int) -> None:
    tmp = path.with_name(path.name + ".prune")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with open(path, "rb") as src:
            src.seek(offset)
            while chunk := src.read(1 << 20):
                view = memoryview(chunk)
                while view:
                    view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    fsync_dir(path.parent)
