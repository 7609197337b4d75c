"""The journal's integrity at start-up and in `sjtui audit verify`: chain, head and anchor.

`check_integrity` (read-only) says what is wrong. `settle_at_start` acts on it when the app
starts, so that a new chain never starts silently:

- the journal is missing, shorter than its anchor, or its anchor is missing: what is left
  (an intact prefix, or nothing) is kept and the next record is a security entry naming the
  break ("audit-chain-break"), delivered to the server as a Security Alert;
- the journal is not the one the anchor names (replaced), its anchor cannot be opened, or
  what is left does not chain (a stale head): the journal found is moved aside as evidence
  first and its authentic entries are carried forward, then the same;
- the chain itself is damaged (an edited or removed record): the journal is left as it is
  for `sjtui audit repair`; the damage is recorded as a security entry once (the anchor
  remembers what was reported) and shown as a warning at every start until repaired.

Every problem is plain English without personal data; the UI shows a plain warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sjtui.access.grant import Clinician

from .anchor import Anchor, AnchorDamaged, anchor_problem
from .chain import BASE_FILE, HEAD_FILE, JOURNAL_FILE
from .entry import AuditEntry
from .journal import AuditJournal, AuditWriteError
from .repair import carry_forward, move_aside
from .verify import verify_journal


@dataclass(frozen=True, slots=True)
class Integrity:
    """`chain`: what the chain check found ("" = intact); `anchor`: what the anchor check
    found ("" = intact; "not checked" when no anchor is kept); `replaced`: the journal found
    is not the anchored one (it is set aside rather than continued)."""

    chain: str
    anchor: str
    replaced: bool = False
    count: int = 0

    @property
    def ok(self) -> bool:
        return not self.chain and not self.anchor

    @property
    def problem(self) -> str:
        return "; ".join(p for p in (self.anchor, self.chain) if p)


def check_integrity(journal: AuditJournal) -> Integrity:
    """Chain, head and anchor of `journal` (needs the key for the anchor; changes nothing)."""
    result = verify_journal(journal.dir)
    chain = "" if result.ok else f"record {result.first_broken_seq}: {result.problem}"
    if journal.anchor is None:
        return Integrity(chain, "", count=result.count)
    try:
        anchor = journal.read_anchor()
    except AnchorDamaged as exc:
        return Integrity(chain, str(exc), replaced=True, count=result.count)
    problem = anchor_problem(journal.dir, anchor)
    return Integrity(chain, problem, replaced="replaced" in problem, count=result.count)


@dataclass(frozen=True, slots=True)
class StartReport:
    """What the start-up check found and did. `warning` is "" when all was well."""

    warning: str
    new_segment: bool = False
    evidence: Path | None = None
    recorded: bool = False


def settle_at_start(journal: AuditJournal, clinician: Clinician, *, now: datetime | None = None) -> StartReport:
    """Check the journal; record a break as a security entry (see the module doc)."""
    if journal.anchor is None:
        return StartReport("")
    found = check_integrity(journal)
    if found.ok:
        return StartReport("")
    if found.anchor:
        evidence, note = None, ""
        if found.replaced or found.chain:
            # what is there is not a continuation of the anchored chain: keep it as evidence,
            # carry its authentic entries (undelivered ones still go), start a new segment
            with journal.exclusive():
                prefix = "replaced" if found.replaced else "damaged"
                if any((journal.dir / n).exists() for n in (JOURNAL_FILE, HEAD_FILE)):
                    evidence = move_aside(journal.dir, prefix, (JOURNAL_FILE, HEAD_FILE, BASE_FILE), now)
                    carried, lost = carry_forward(journal, evidence / JOURNAL_FILE)
                    note = f"; set aside as evidence, {carried} entries carried, {len(lost)} not"
        entry = AuditEntry.security(clinician, "audit-chain-break", found.anchor + note, at=now)
        try:
            journal.append(entry)
        except AuditWriteError:
            return StartReport(found.problem, evidence=evidence)
        return StartReport(found.problem, new_segment=True, evidence=evidence, recorded=True)
    # the chain itself is damaged: leave it for `audit repair`, report it once
    try:
        anchor: Anchor | None = journal.read_anchor()
    except AnchorDamaged:
        anchor = None
    if anchor is not None and anchor.reported == found.chain:
        return StartReport(found.problem)
    try:
        journal.append(AuditEntry.security(clinician, "audit-chain-break", found.chain, at=now))
        journal.note_reported(found.chain)
    except (AuditWriteError, OSError):
        return StartReport(found.problem)
    return StartReport(found.problem, recorded=True)
