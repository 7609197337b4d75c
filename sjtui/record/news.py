"""What arrived since this clinician last opened this record (pure: no clock, no I/O).

An entry is new when the previous opening did not show it (its key is not among the keys that
opening showed) or when the server changed it since (`meta.lastUpdated` after the previous
opening's time). Without either to go by (an old marker without keys), its own date decides.
Each kind is only as known as its lists: a list not fully known gives "not known" for that kind,
never "no news". See `news_model.py` for the answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sjtui.record.entries import Appointment, ImagingReport, LabResult, MedicationEntry, Note
from sjtui.record.mapping.common import MappingError, parse_datetime
from sjtui.record.model import Entry, ListState, PaneData, Record
from sjtui.record.news_model import News, NewsItem, NewsKind, NewsState

NEWEST_SHOWN = 5


@dataclass(frozen=True, slots=True)
class Previous:
    """The clinician's previous opening: when, and which resources it showed."""

    at: datetime
    keys: frozenset[str]


def _title(entry: Entry) -> str:
    if isinstance(entry, Note | ImagingReport):
        return entry.title
    if isinstance(entry, LabResult | MedicationEntry):
        return entry.name
    if isinstance(entry, Appointment):
        return entry.description
    return entry.resource_key


def _last_updated(resource: Mapping[str, Any] | None) -> datetime | None:
    meta = resource.get("meta") if resource is not None else None
    if not isinstance(meta, Mapping):
        return None
    try:
        return parse_datetime(meta.get("lastUpdated"), "lastUpdated")
    except MappingError:
        return None


def is_new(entry: Entry, resource: Mapping[str, Any] | None, previous: Previous) -> bool:
    if previous.keys and entry.resource_key not in previous.keys:
        return True
    updated = _last_updated(resource)
    if updated is not None:
        return updated > previous.at
    if previous.keys:
        return False
    return entry.date is not None and entry.date > previous.at and not isinstance(entry, Appointment)


def _state(panes: Sequence[PaneData[Any]]) -> tuple[ListState, tuple[str, ...]]:
    states = [p.state for p in panes]
    if ListState.UNKNOWN in states:
        why = tuple(dict.fromkeys(code for p in panes for code in p.why_unknown()))
        return ListState.UNKNOWN, why
    if ListState.LOADING in states:
        return ListState.LOADING, ()
    return ListState.KNOWN, ()


def _kinds(record: Record) -> dict[str, tuple[PaneData[Any], ...]]:
    return {
        "notes": (record.notes,),
        "results": (record.labs, record.imaging),
        "medication": (record.medication,),
        "appointments": (record.appointments,),
    }


def news_since(
    record: Record, resources: Mapping[str, Mapping[str, Any]], previous: Previous | None, *, checking: bool = False
) -> News:
    """The news of `record` against the clinician's `previous` opening (None: the first one).
    `checking`: the record is the saved copy shown before the server answered."""
    if previous is None:
        return News(NewsState.FIRST)
    if checking:
        return News(NewsState.CHECKING, since=previous.at)
    kinds: list[NewsKind] = []
    found: list[NewsItem] = []
    for kind, panes in _kinds(record).items():
        state, why = _state(panes)
        items = [
            NewsItem(kind, e.resource_key, _title(e), e.date)
            for pane in panes
            for e in pane.items
            if isinstance(e, Entry) and is_new(e, resources.get(e.resource_key), previous)
        ]
        found.extend(items)
        if state is ListState.KNOWN and not items:
            state = ListState.EMPTY
        kinds.append(NewsKind(kind, state, len(items), why))
    newest = sorted(found, key=lambda i: i.date.timestamp() if i.date else float("-inf"), reverse=True)
    return News(
        NewsState.COMPARED,
        since=previous.at,
        kinds=tuple(kinds),
        newest=tuple(newest[:NEWEST_SHOWN]),
        keys=frozenset(i.resource_key for i in found),
    )


def not_remembered(why: str) -> News:
    return News(NewsState.NOT_REMEMBERED, why=why)
