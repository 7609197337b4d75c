"""`sjtui audit repair`: set a damaged journal aside and carry its readable entries forward.

A damaged journal (an altered or cut-off end, a broken link) makes the app fail closed: no
record can be opened, because chaining new look-ups onto damage would hide it. Repair is the
way back, and it loses nothing that can still be trusted:

1. The damaged journal and its head record are moved, untouched, into
   `damaged-<UTC time>/` beside the new journal: they stay as evidence for the municipality.
2. A new journal is started and every entry of the old one whose seal still authenticates
   (AES-GCM: its content is exactly what was written) is appended to it, in the old order,
   with its own entry id and times. Delivery state is kept by entry id, so entries already
   delivered are not sent again and undelivered ones are still delivered; exports cover them.
3. Entries whose seal fails are not carried forward; the report names their sequence
   numbers (no personal data), and they remain in the evidence copy.

Needs the key (to check each seal). Holds the journal's lock throughout, so a running app
cannot append in between.

`set_journal_aside` is the keyless variant for `sjtui key reset`: with the key gone nothing
can be checked or carried, so the whole journal is moved aside as evidence.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sjtui.access.grant import Clinician
from sjtui.crypto.aead import Sealer

from .chain import BASE_FILE, HEAD_FILE, JOURNAL_FILE, ChainRecord, fsync_dir, stream_records
from .entry import AuditEntry
from .journal import AuditJournal, AuditReadError, journal_lock
from .outbox import DELIVERED_FILE, parse_delivered_ids
from .verify import verify_journal


@dataclass(frozen=True, slots=True)
class RepairReport:
    """What repair did. `evidence` is None when the journal was intact (nothing was done)."""

    problem: str
    carried: int = 0
    lost_seqs: tuple[int, ...] = field(default_factory=tuple)
    evidence: Path | None = None

    @property
    def needed(self) -> bool:
        return self.evidence is not None


def repair_journal(
    directory: Path,
    sealer: Sealer,
    *,
    now: datetime | None = None,
    anchor_path: Path | None = None,
    clinician: Clinician | None = None,
) -> RepairReport:
    """Repair the journal in `directory` if `verify` finds it damaged; see the module doc.

    With `anchor_path` the anchor is moved to the new journal's head, and with `clinician`
    the repair itself is the new journal's last entry (a security event for the server)."""
    directory = Path(directory)
    journal = AuditJournal(directory, sealer, anchor_path=anchor_path)
    with journal.exclusive():
        result = verify_journal(directory)
        if result.ok:
            problem = _anchor_only_problem(journal)
            if not problem:
                return RepairReport(problem="")
            if clinician is not None:
                journal.append_locked(AuditEntry.security(clinician, "audit-chain-break", problem, at=now))
            return RepairReport(problem, carried=result.count, evidence=directory)
        evidence = move_aside(directory, "damaged", (JOURNAL_FILE, HEAD_FILE, BASE_FILE), now)
        carried, lost = carry_forward(journal, evidence / JOURNAL_FILE)
        if clinician is not None:
            detail = f"journal repaired: {result.problem}; {carried} entries carried, {len(lost)} lost"
            journal.append_locked(AuditEntry.security(clinician, "audit-repaired", detail, at=now))
    return RepairReport(result.problem, carried, tuple(lost), evidence)


def _anchor_only_problem(journal: AuditJournal) -> str:
    from .anchor import AnchorDamaged, anchor_problem

    if journal.anchor is None:
        return ""
    try:
        return anchor_problem(journal.dir, journal.read_anchor())
    except AnchorDamaged as exc:
        return str(exc)


@dataclass(frozen=True, slots=True)
class SetAside:
    """A journal moved aside whole (`set_journal_aside`); `undelivered` entries never reached
    the server (counted from entry ids, which need no key)."""

    evidence: Path | None
    entries: int
    undelivered: int


def set_journal_aside(directory: Path, *, now: datetime | None = None) -> SetAside:
    """Move the whole journal (with its delivery state) into `unreadable-<UTC time>/`.

    For a key reset: entries sealed with a lost key cannot be carried forward, but they stay
    on disk as evidence (the chain still verifies without the key) and the next start begins
    a new journal under the new key. No key needed."""
    directory = Path(directory)
    if not (directory / JOURNAL_FILE).exists():
        return SetAside(None, 0, 0)
    with journal_lock(directory):
        ids = [_entry_id(line) for line, complete in stream_records(directory / JOURNAL_FILE) if complete]
        delivered = _delivered_ids(directory / DELIVERED_FILE)
        undelivered = sum(1 for i in ids if i is not None and i not in delivered)
        evidence = move_aside(directory, "unreadable", (JOURNAL_FILE, HEAD_FILE, BASE_FILE, DELIVERED_FILE), now)
    return SetAside(evidence, len(ids), undelivered)


def move_aside(directory: Path, prefix: str, names: tuple[str, ...], now: datetime | None) -> Path:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    evidence = _free_name(directory / f"{prefix}-{stamp}")
    evidence.mkdir(mode=0o700)
    for name in names:
        if (directory / name).exists():
            os.replace(directory / name, evidence / name)
    fsync_dir(evidence)
    fsync_dir(directory)
    return evidence


def _entry_id(line: bytes) -> str | None:
    try:
        return ChainRecord.from_line(line).entry_id
    except ValueError:
        return None


def _delivered_ids(path: Path) -> set[str]:
    try:
        return parse_delivered_ids(path.read_bytes())
    except FileNotFoundError:
        return set()


def carry_forward(journal: AuditJournal, old_path: Path) -> tuple[int, list[int]]:
    """Append every authentic entry of `old_path` to the (new, empty) `journal`, in the
    order of their original sequence numbers (a reordered file is put back in order)."""
    authentic: dict[str, tuple[int, AuditEntry]] = {}
    lost: list[int] = []
    position = 0
    for line, complete in stream_records(old_path):
        position += 1
        if not complete:
            break  # a torn final write was never acknowledged: there is nothing to keep
        try:
            record = ChainRecord.from_line(line)
            entry = journal.open_record(record)  # the seal binds the entry to its seq
        except (ValueError, AuditReadError):
            lost.append(_claimed_seq(line, position))
            continue
        authentic.setdefault(entry.entry_id, (record.seq, entry))  # a duplicate counts once
    for _, entry in sorted(authentic.values(), key=lambda pair: pair[0]):
        journal.append_locked(entry)
    return len(authentic), lost


def _claimed_seq(line: bytes, position: int) -> int:
    try:
        return ChainRecord.from_line(line).seq
    except ValueError:
        return position


def _free_name(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate
