"""Access log ("adgangslog", the citizen's MinLog view): AuditEvent.

Locale-neutral codes; the UI translates:
- `purpose`: the v3-ActReason code of the requesting agent's purposeOfUse or the event's
  purposeOfEvent ("TREAT", "COC", "BTG", "ETREAT", ...). A break-the-glass code (BTG,
  ETREAT) wins over others. Without any code, the text/display as given.
- `action`: the BALP subtype code when present ("read", "search-type", "break-glass"...),
  else the AuditEvent.action letter ("R", "E", ...).
- `reason`: the reason the clinician typed: an entity.detail whose type mentions "reason"
  or "begrundelse" (valueString, or valueBase64Binary decoded), else purposeOfEvent text.
- `who`: the requestor agent's who.display, else its name.
- `organisation`: an Organization agent (resolved, else its display), else the requestor's
  location display; "" otherwise (source.observer is the recording system, not who looked).
"""

from __future__ import annotations

from sjtui.record.entries import AccessLogEntry
from sjtui.record.mapping.base import Ctx, entry_fields
from sjtui.record.mapping.common import (
    MappingError,
    arr,
    cc_code,
    cc_text,
    check_resource,
    clip,
    decode_base64_text,
    obj,
    objs,
    parse_datetime,
    ref_display,
    ref_key,
    string,
)
from sjtui.record.model import Source

BREAK_GLASS = ("BTG", "ETREAT")


def _purpose(concepts: list) -> tuple[list[str], str]:
    codes: list[str] = []
    text = ""
    for cc in concepts:
        code = cc_code(cc)
        if code:
            codes.append(code)
        elif not text:
            text = cc_text(cc)
        if isinstance(cc, dict) and isinstance(cc.get("text"), str) and not text:
            text = clip(cc["text"])
    return codes, text


def _detail(resource: dict, name: str) -> str:
    """An `entity.detail` valueString by exact type (sjtui's own details)."""
    for entity in objs(resource, "entity"):
        for detail in objs(entity, "detail"):
            if string(detail, "type") == name and detail.get("valueString") is not None:
                return string(detail, "valueString", limit=2000)
    return ""


def _reason(resource: dict, break_glass: bool) -> str:
    """The reason that applied: for a break-the-glass, its own reason, not the consent's."""
    if break_glass:
        own = _detail(resource, "sjtui-break-glass-reason")
        if own:
            return own
    for entity in objs(resource, "entity"):
        for detail in objs(entity, "detail"):
            label = string(detail, "type").lower()
            if break_glass is False and "break-glass" in label:
                continue
            if "reason" in label or "begrundelse" in label:
                if detail.get("valueString") is not None:
                    return string(detail, "valueString", limit=2000)
                if detail.get("valueBase64Binary") is not None:
                    return clip(decode_base64_text(detail["valueBase64Binary"]), 2000)
    return ""


def map_audit(resource: dict, ctx: Ctx) -> AccessLogEntry:
    key = check_resource(resource, "AuditEvent")
    recorded = parse_datetime(resource.get("recorded"), "recorded")
    if recorded is None:
        raise MappingError("audit event without recorded time")
    agents = objs(resource, "agent")
    if not agents:
        raise MappingError("audit event without agent")
    requestor = next((a for a in agents if a.get("requestor") is True), agents[0])
    who_ref = obj(requestor, "who")
    who = ref_display(who_ref) or string(requestor, "name")
    organisation = ""
    for agent in agents:
        agent_who = obj(agent, "who")
        if ref_key(agent_who).startswith("Organization/"):
            organisation = ctx.sources.resolve(agent_who).label() or ref_display(agent_who)
            break
    if not organisation:
        organisation = ref_display(obj(requestor, "location"))
    codes, text = _purpose(arr(requestor, "purposeOfUse"))
    event_codes, event_text = _purpose(arr(resource, "purposeOfEvent"))
    codes += event_codes
    action = ""
    for subtype in objs(resource, "subtype"):
        action = string(subtype, "code", limit=64) or string(subtype, "display", limit=64)
        if action:
            break
    action = action or string(resource, "action", limit=8)
    kind = _detail(resource, "sjtui-kind")
    is_btg_event = kind == "break-glass" or action == "110127"
    if is_btg_event or not kind:
        purpose = next((c for c in codes if c.upper() in BREAK_GLASS), codes[0] if codes else "")
    else:  # a read under break-the-glass is still a read for treatment; the BTG row says why
        purpose = next((c for c in codes if c.upper() not in BREAK_GLASS), codes[0] if codes else "")
    purpose = purpose or text or event_text
    reason = _reason(resource, is_btg_event or (not kind and purpose.upper() in BREAK_GLASS))
    reason = reason or event_text or text
    return AccessLogEntry(
        **entry_fields(resource, key, ctx, date=recorded, source=Source(organisation=organisation)),
        who=who,
        organisation=organisation,
        purpose=purpose,
        reason=reason if reason != purpose else "",
        action=action,
        opening=_detail(resource, "sjtui-opening"),
        kind=kind,
    )


#: sjtui entry kinds that are part of an opening rather than an action of their own.
_PART_OF_OPENING = ("pane-view", "body-view")
_OPENINGS = ("open", "offline-open")


def one_row_per_action(entries: list[AccessLogEntry]) -> list[AccessLogEntry]:
    """The citizen's view: one row per action. sjtui writes one AuditEvent per opening, per
    break-the-glass and per pane or document viewed; the views belong to their opening's row
    (kept only where the opening itself is not in the list), a repeated opening event (the
    same opening shown again) counts once. Events from other systems are left as they are.
    `entries` newest first; the result too."""
    openings = {e.opening for e in entries if e.opening and e.kind in _OPENINGS}
    seen: set[tuple[str, str]] = set()
    rows: list[AccessLogEntry] = []
    for entry in reversed(entries):  # oldest first: the first event of an action is its row
        if not entry.opening:
            rows.append(entry)
            continue
        kind = "open" if entry.kind in _OPENINGS + _PART_OF_OPENING else entry.kind
        if entry.kind in _PART_OF_OPENING and entry.opening in openings:
            continue
        if (entry.opening, kind) in seen:
            continue
        seen.add((entry.opening, kind))
        rows.append(entry)
    rows.reverse()
    return rows
