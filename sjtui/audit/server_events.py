"""The municipality's week from every workstation: look-ups read back from the server.

Each workstation delivers its journal as AuditEvents; the half-yearly review of a week must
cover all staff, not one laptop. `server_lookups` asks the FHIR server for the week's
AuditEvents (`AuditEvent?date=ge<start>&date=lt<end>`, narrowed to the organisation's site
where one is given; the auditor's own sign-in authorises it) and rebuilds the same rows the
local export makes: one per opening, with its pane views, documents and break-the-glass
folded in. `merge_lookups` joins them with the local journal's rows, one row per entry id
(an AuditEvent's id is its journal entry id), the local copy winning (it is the original).

Only sjtui's own events carry the details a row needs (basis, opening); other systems'
read events are listed with what they say (who, when, which citizen, the purpose text).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, Protocol

from .export import COPENHAGEN, LookupRow

CPR_SYSTEM = "urn:oid:1.2.208.176.1.2"
_PART = ("pane-view", "body-view")


class AuditEventSource(Protocol):
    """What is needed of `sjtui.fhir.FhirClient`."""

    async def search(self, resource_type: str, params: Any) -> Any: ...


def _iso(moment: datetime) -> str:
    return moment.astimezone(COPENHAGEN).isoformat(timespec="seconds")


async def fetch_events(
    client: AuditEventSource, start: datetime, end: datetime, *, site: str = ""
) -> list[dict[str, Any]]:
    """The AuditEvents recorded in [start, end), all pages (FhirError on failure)."""
    params: dict[str, Any] = {"date": [f"ge{_iso(start)}", f"lt{_iso(end)}"], "_count": "200"}
    result = await client.search("AuditEvent", params)
    events = [r for r in result.resources if isinstance(r, dict) and r.get("resourceType") == "AuditEvent"]
    if site:
        events = [e for e in events if (e.get("source") or {}).get("site") == site]
    return events


def _details(event: dict[str, Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for entity in event.get("entity") or []:
        if not isinstance(entity, dict):
            continue
        for detail in entity.get("detail") or []:
            if isinstance(detail, dict) and isinstance(detail.get("valueString"), str):
                found.setdefault(str(detail.get("type")), detail["valueString"])
    return found


def _requestor(event: dict[str, Any]) -> dict[str, Any]:
    agents = [a for a in event.get("agent") or [] if isinstance(a, dict)]
    return next((a for a in agents if a.get("requestor") is True), agents[0] if agents else {})


def _cpr(event: dict[str, Any]) -> str:
    for entity in event.get("entity") or []:
        what = entity.get("what") if isinstance(entity, dict) else None
        ident = what.get("identifier") if isinstance(what, dict) else None
        if isinstance(ident, dict) and ident.get("system") == CPR_SYSTEM:
            return str(ident.get("value", ""))
    return ""


def _recorded(event: dict[str, Any]) -> datetime | None:
    try:
        return datetime.fromisoformat(str(event.get("recorded", "")).replace("Z", "+00:00"))
    except ValueError:
        return None


def lookups_from_events(events: Iterable[dict[str, Any]], start: datetime, end: datetime) -> list[LookupRow]:
    """Rows as `export.lookups` makes them, from AuditEvents (any workstation)."""
    panes: dict[str, list[str]] = {}
    documents: dict[str, int] = {}
    glass: dict[str, dict[str, str]] = {}
    revealed: set[str] = set()
    heads: list[tuple[datetime, dict[str, Any], dict[str, str]]] = []
    seen_openings: set[str] = set()
    for event in events:
        details = _details(event)
        kind = details.get("sjtui-kind", "")
        opening = details.get("sjtui-opening", "") or str(event.get("id", ""))
        when = _recorded(event)
        if when is None or kind in ("search", "security"):
            continue
        if details.get("sjtui-private-revealed"):
            revealed.add(opening)
        if kind in _PART:
            seen = panes.setdefault(opening, [])
            pane = details.get("sjtui-pane", "")
            if pane and pane not in seen:
                seen.append(pane)
            if kind == "body-view":
                documents[opening] = documents.get(opening, 0) + 1
        elif kind == "break-glass":
            glass.setdefault(opening, details)
            if start <= when < end:
                heads.append((when, event, details))
        elif (
            (kind in ("open", "offline-open") or (not kind and event.get("action") == "R"))
            and start <= when < end
            and opening not in seen_openings
        ):
            seen_openings.add(opening)
            heads.append((when, event, details))
    rows = []
    for when, event, details in sorted(heads, key=lambda h: h[0]):
        opening = details.get("sjtui-opening", "") or str(event.get("id", ""))
        if details.get("sjtui-kind") == "break-glass" and opening in seen_openings:
            continue
        user = _requestor(event)
        who_value = user.get("who")
        who: dict[str, Any] = who_value if isinstance(who_value, dict) else {}
        ident_value = who.get("identifier")
        ident: dict[str, Any] = ident_value if isinstance(ident_value, dict) else {}
        bg = glass.get(opening)
        rows.append(
            LookupRow(
                time=when.astimezone(COPENHAGEN).isoformat(timespec="seconds"),
                clinician_id=str(ident.get("value", "")),
                clinician_name=str(who.get("display") or user.get("name") or ""),
                organisation=str((event.get("source") or {}).get("site", "")),
                workstation=str((user.get("network") or {}).get("address", "")),
                cpr=_cpr(event),
                basis=details.get("sjtui-basis", ""),
                reason=details.get("sjtui-reason", ""),
                panes_viewed=", ".join(panes.get(opening, [])),
                documents_opened=documents.get(opening, 0),
                private_revealed=opening in revealed,
                break_glass=bg is not None,
                break_glass_reason=(bg or {}).get("sjtui-break-glass-reason", ""),
                offline=details.get("sjtui-mode") == "offline",
                entry_id=str(event.get("id", "")),
            )
        )
    return rows


def merge_lookups(local: list[LookupRow], server: list[LookupRow]) -> list[LookupRow]:
    """One row per entry id (the local row wins), in time order."""
    rows = {r.entry_id: r for r in server}
    rows.update({r.entry_id: r for r in local})
    return sorted(rows.values(), key=lambda r: r.time)


async def server_lookups(
    client: AuditEventSource, start: datetime, end: datetime, *, site: str = ""
) -> list[LookupRow]:
    """The organisation's look-ups in [start, end) as the server holds them. Pane views of an
    opening made just before `start` are not fetched (their opening is outside the period)."""
    return lookups_from_events(await fetch_events(client, start, end, site=site), start, end)
