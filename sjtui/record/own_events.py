"""The access log's delta without our own AuditEvents coming back down.

Every opening delivers its AuditEvents to the server after it settled; the next opening's
delta search of the access log (`AuditEvent?patient=x&_lastUpdated=gt<mark>`) would bring
them straight back (~350 B compressed each) although the viewer sent them itself. So:
- a delivered AuditEvent about the open citizen is put into that citizen's cache as it was
  sent (`events_about`; the service does it when a delivery was confirmed);
- the access log's delta search asks for ids only (`_elements=id`, `ID_ONLY`); ids the cache
  already holds are ours (or were fetched before) and cost nothing more; only the others are
  fetched in full, by `_id`, in the next step (someone else looked at the record).

A server that ignores `_elements` sends whole resources: they are kept as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sjtui.record.model import Gap, Pane
from sjtui.record.queries import PaneQuery
from sjtui.record.searches import Round

ID_ONLY = {"_elements": "id"}
_STUB_KEYS = frozenset({"resourceType", "id", "meta"})


def events_about(events: Iterable[dict[str, Any]], patient_id: str) -> list[dict[str, Any]]:
    """The AuditEvents whose entity is the citizen (what the access-log search finds)."""
    wanted = f"Patient/{patient_id}"
    out = []
    for event in events:
        for entity in event.get("entity") or ():
            what = entity.get("what") if isinstance(entity, dict) else None
            if isinstance(what, dict) and what.get("reference") == wanted:
                out.append(event)
                break
    return out


def ids_only(q: PaneQuery) -> PaneQuery:
    """The access log's delta search, asking for ids only."""
    return PaneQuery(q.pane, q.resource_type, {**q.params, **ID_ONLY})


def _is_stub(resource: dict[str, Any]) -> bool:
    return resource.get("resourceType") == "AuditEvent" and set(resource) <= _STUB_KEYS


def take_stubs(round1: Round, known: Mapping[str, dict] | None) -> PaneQuery | None:
    """Takes the id-only AuditEvents out of the round (a stub is never stored or shown) and
    returns the search for those the cache does not hold, in full (None: all known)."""
    missing: list[str] = []
    kept = []
    for resource in round1.resources:
        if not _is_stub(resource):
            kept.append(resource)
            continue
        key = f"AuditEvent/{resource.get('id')}"
        if known is None or key not in known:
            missing.append(str(resource.get("id")))
    round1.resources = kept
    cut = [p for p in round1.partials if p.resource_type == "AuditEvent"]
    if cut:  # more new entries than a page: the rest of their ids never arrives
        round1.partials = [p for p in round1.partials if p.resource_type != "AuditEvent"]
        round1.gap(Pane.ACCESS_LOG, Gap("page-limit", "AuditEvent", "too many new access-log entries for one page"))
    if not missing:
        return None
    return PaneQuery(Pane.ACCESS_LOG, "AuditEvent", {"_id": ",".join(sorted(missing))})


__all__ = ["ID_ONLY", "events_about", "ids_only", "take_stubs"]
