"""The medication card's change history: started, changed, paused, resumed, stopped.

A drug's history is carried by its successive versions, as any conformant R4 server can
hold them: a MedicationRequest names the one it replaces (`priorPrescription`), a
MedicationStatement the statement it continues (`partOf`) or the prescription it follows
(`basedOn`). Each version has its status, statusReason, period, source and notes.

`fold_versions` turns the versions of one drug into one row (the newest version, carrying
the earlier ones); `history` reads the changes from that row, newest first, and says whether
the history is known: only when the medication searches answered completely and every
earlier version named was received. Otherwise the history is "not known" with the reasons;
it is never shown as "no changes" then.

Headless: no Textual, no FHIR parsing (the mapping fills the fields used here).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from itertools import pairwise
from typing import Any

from sjtui.record.entries import MedicationEntry
from sjtui.record.model import PaneData, Source

PAUSED = ("on-hold", "suspended")
STOPPED = ("stopped", "completed", "cancelled", "not-taken")
_MAX_CHAIN = 200  # versions of one drug followed at most (junk data may link in circles)


@dataclass(frozen=True, slots=True)
class MedicationChange:
    """One event of a drug's history. `kind`: started | changed | paused | resumed | stopped.

    `before` / `after` name what changed (dosage, or the name with strength and form) for a
    change; `reason` is why (statusReason, else a note), "" when not given."""

    kind: str
    when: date | None
    source: Source
    practitioner: str
    reason: str
    resource_key: str
    before: str = ""
    after: str = ""

    def by(self) -> str:
        """Who: "practitioner, organisation, department" (each part once), "" when not said."""
        parts: list[str] = []
        for part in (self.practitioner, self.source.organisation, self.source.department):
            if part and part not in parts and not any(part in p for p in parts):
                parts.append(part)
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class MedicationHistory:
    """A drug's changes, newest first. `known` only when nothing can be missing; `why_unknown`
    holds reason codes: the pane's (`PaneData.why_unknown`), "missing-earlier" (an earlier
    version named but not received), "loading"."""

    changes: tuple[MedicationChange, ...]
    known: bool
    why_unknown: tuple[str, ...] = ()

    @property
    def last_change(self) -> MedicationChange | None:
        """The newest event after the start ("" start-only history has none)."""
        return next((c for c in self.changes if c.kind != "started"), None)

    @property
    def no_changes(self) -> bool:
        """Known, and nothing happened after the start: "no changes recorded"."""
        return self.known and self.last_change is None


# --- folding versions into rows ----------------------------------------------------------


def _depth(entry: MedicationEntry, by_key: dict[str, MedicationEntry]) -> int:
    """How many earlier versions precede this one along its longest chain (cycle-safe)."""
    depth, frontier, seen = 0, [entry], {entry.resource_key}
    while frontier and depth < _MAX_CHAIN:
        nxt = [by_key[k] for e in frontier for k in e.previous if k in by_key and k not in seen]
        if not nxt:
            break
        seen.update(e.resource_key for e in nxt)
        depth, frontier = depth + 1, nxt
    return depth


def _start(entry: MedicationEntry) -> float:
    when = entry.period_start or entry.asserted or entry.date
    if when is None:
        return float("-inf")
    if isinstance(when, datetime):
        return when.timestamp()
    return datetime(when.year, when.month, when.day).timestamp()


def _components(items: Sequence[MedicationEntry]) -> list[list[MedicationEntry]]:
    """Groups of entries linked by `previous` (in either direction), in first-seen order."""
    parent: dict[str, str] = {i.resource_key: i.resource_key for i in items}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for item in items:
        for key in item.previous:
            if key in parent:
                parent[root(key)] = root(item.resource_key)
    groups: dict[str, list[MedicationEntry]] = {}
    for item in items:
        groups.setdefault(root(item.resource_key), []).append(item)
    return list(groups.values())


def fold_versions(items: Sequence[MedicationEntry]) -> list[MedicationEntry]:
    """One entry per drug: each group of linked versions becomes its newest version (the
    latest along the links, a statement before a request of the same step), carrying the
    others oldest first in `earlier`. Unlinked entries pass unchanged."""
    by_key = {i.resource_key: i for i in items}
    out: list[MedicationEntry] = []
    for group in _components(items):
        if len(group) == 1:
            out.append(group[0])
            continue
        ordered = sorted(
            group,
            key=lambda e: (_depth(e, by_key), _start(e), e.resource_key.startswith("MedicationStatement/")),
        )
        head = ordered[-1]
        out.append(replace(head, earlier=tuple(ordered[:-1])))
    return out


# --- reading the history -----------------------------------------------------------------


def _day(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _event(entry: MedicationEntry, kind: str, when: date | datetime | None, reason: str) -> MedicationChange:
    return MedicationChange(
        kind=kind,
        when=_day(when),
        source=entry.source,
        practitioner=entry.practitioner,
        reason=reason,
        resource_key=entry.resource_key,
    )


def _why(entry: MedicationEntry) -> str:
    return entry.status_reason or entry.note


def _transition(before: MedicationEntry, after: MedicationEntry) -> MedicationChange:
    """What the step from one version to the next was: paused, resumed or changed, with what
    changed (the name with strength and form, else the dosage)."""
    when = after.period_start or after.asserted or before.period_end
    if after.fhir_status in PAUSED and before.fhir_status not in PAUSED:
        kind, reason = "paused", _why(after) or before.status_reason
    elif before.fhir_status in PAUSED and after.fhir_status not in PAUSED:
        kind, reason = "resumed", after.note or after.status_reason or before.status_reason
    else:
        kind, reason = "changed", before.status_reason or after.note or after.status_reason
    change = _event(after, kind, when, reason)
    if after.name != before.name:
        return replace(change, before=before.name, after=after.name)
    if after.dosage != before.dosage:
        return replace(change, before=before.dosage, after=after.dosage)
    return change


def _ending(entry: MedicationEntry, started_here: bool) -> MedicationChange | None:
    """The newest version's own pause or stop (a pause already told by its step is not
    repeated)."""
    if entry.fhir_status in STOPPED:
        return _event(entry, "stopped", entry.period_end or entry.asserted, _why(entry))
    if entry.fhir_status in PAUSED and started_here:
        return _event(entry, "paused", entry.asserted or entry.period_start, _why(entry))
    return None


def _when_key(change: MedicationChange, n: int) -> tuple[float, int]:
    when = change.when
    stamp = datetime(when.year, when.month, when.day).timestamp() if when else float("-inf")
    return (stamp, n)


def history(entry: MedicationEntry, data: PaneData[Any] | None = None) -> MedicationHistory:
    """The drug's changes, newest first, and whether that is all there is to know.

    `data` is the medication pane the entry comes from: an incomplete pane (a failed or
    partial search, an entry that could not be read, still loading) leaves the history not
    known, as does an earlier version named but not received."""
    versions = (*entry.earlier, entry)
    first = versions[0]
    changes: list[MedicationChange] = []
    if first.period_start or first.asserted or first.date:
        changes.append(_event(first, "started", first.period_start or first.date or first.asserted, first.reason))
    for before, after in pairwise(versions):
        step = _transition(before, after)
        if step.kind != "changed" or step.before or step.after or step.reason:
            changes.append(step)  # a statement restating its prescription is no change
    ending = _ending(entry, started_here=len(versions) == 1)
    if ending is not None:
        changes.append(ending)
    # Oldest first as built; newest first for the reader (undated events keep their place).
    numbered = list(enumerate(changes))
    numbered.sort(key=lambda nc: _when_key(nc[1], nc[0]), reverse=True)
    why = _why_unknown(versions, data)
    return MedicationHistory(tuple(c for _, c in numbered), known=not why, why_unknown=why)


def _why_unknown(versions: Sequence[MedicationEntry], data: PaneData[Any] | None) -> tuple[str, ...]:
    codes: list[str] = []
    if data is not None:
        if not data.loaded and not data.gaps and not data.error:
            codes.append("loading")
        codes.extend(data.why_unknown())
    received = {v.resource_key for v in versions}
    if any(k not in received for v in versions for k in v.previous):
        codes.append("missing-earlier")
    return tuple(dict.fromkeys(codes))
