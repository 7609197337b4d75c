"""The citizen's own register entries: living will and organ donor decision (Consent).

Denmark keeps both in national registers (Livstestamenteregistret, Organdonorregistret);
no Danish FHIR profile for them exists yet, so these codes, from published code systems,
mark them (anything else is some other kind of consent and is not shown here):

- living will: `Consent.category` LOINC 75320-2 "Advance directive", or `Consent.scope`
  consentscope `adr` (advance care directive). Its situations are the `code` texts of the
  nested `provision.provision`; `provision.code` text (if any) is what it asks for.
- organ donor: `Consent.category` LOINC 75781-5 (organ donation, as the HL7 PACIO advance
  directive IG codes it), or a `provision.code` from HL7 v2 table 0316 (organ donor code).
  The decision: v2-0316 Y/F yes, N/I no, R/P relatives (or a named person) decide; without
  one, `provision.type` permit = yes, deny = no. Nested provisions name organs: `permit` ones
  limit the donation to them, `deny` ones leave them out; either makes the yes "limited".

Only a registration in force counts: status `active` and a `provision.period` not ended.
Draft, proposed, rejected and inactive ones are not shown as valid (entered-in-error is left
out by the guard everywhere).
"""

from __future__ import annotations

from typing import Any

from sjtui.record.entries import Registration
from sjtui.record.mapping.base import Ctx, entry_fields
from sjtui.record.mapping.common import (
    LOINC_SYSTEM,
    cc_code,
    cc_text,
    check_resource,
    codings,
    obj,
    objs,
    parse_datetime,
    string,
)

CONSENT_SCOPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentscope"
ORGAN_DONOR_SYSTEM = "http://terminology.hl7.org/CodeSystem/v2-0316"
LIVING_WILL_CODE = "75320-2"  # LOINC: Advance directive
ORGAN_DONATION_CODE = "75781-5"  # LOINC: organ donation (HL7 PACIO ADI)

_DONOR_DECISIONS = {"Y": "yes", "F": "yes", "N": "no", "I": "no", "R": "relatives", "P": "relatives"}
MAX_ITEMS = 30  # organs or situations listed; more is not a register entry a person makes
ITEM_LIMIT = 300  # characters of one organ or situation text


def _has_category(resource: dict, code: str) -> bool:
    return any(cc_code(c, LOINC_SYSTEM) == code for c in objs(resource, "category"))


def _donor_code(provision: dict) -> str:
    for cc in objs(provision, "code"):
        code = cc_code(cc, ORGAN_DONOR_SYSTEM)
        if code:
            return code.upper()
    return ""


def registration_kind(resource: dict) -> str:
    """ "organ-donor", "living-will", or "" for any other consent."""
    provision = obj(resource, "provision")
    if _has_category(resource, ORGAN_DONATION_CODE) or _donor_code(provision):
        return "organ-donor"
    if _has_category(resource, LIVING_WILL_CODE) or cc_code(obj(resource, "scope"), CONSENT_SCOPE_SYSTEM) == "adr":
        return "living-will"
    return ""


def in_force(resource: dict, ctx: Ctx) -> bool:
    """Active, and its provision's period (if any) has not ended."""
    if string(resource, "status", limit=32) != "active":
        return False
    end = parse_datetime(obj(obj(resource, "provision"), "period").get("end"), "provision.period.end")
    return end is None or end > ctx.now


def _texts(ccs: list[dict]) -> list[str]:
    """The text of each CodeableConcept that is not a v2-0316 donor code."""
    out = []
    for cc in ccs:
        if any(string(c, "system") == ORGAN_DONOR_SYSTEM for c in codings(cc)):
            continue
        text = cc_text(cc)[:ITEM_LIMIT]
        if text and text not in out:
            out.append(text)
    return out


def _nested(provision: dict, kind: str | None) -> list[str]:
    """Texts of the nested provisions of one type (None: any type)."""
    out: list[str] = []
    for sub in objs(provision, "provision")[:MAX_ITEMS]:
        if kind is None or string(sub, "type", limit=16) in (kind, ""):
            out.extend(t for t in _texts(objs(sub, "code")) if t not in out)
    return out[:MAX_ITEMS]


def _donor(provision: dict) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(decision, organs donated when limited, organs left out)."""
    decision = _DONOR_DECISIONS.get(_donor_code(provision), "")
    if not decision:
        decision = {"permit": "yes", "deny": "no"}.get(string(provision, "type", limit=16), "")
    if decision != "yes":
        return decision, (), ()
    subs = objs(provision, "provision")
    only = [t for s in subs if string(s, "type", limit=16) in ("permit", "") for t in _texts(objs(s, "code"))]
    left_out = [t for s in subs if string(s, "type", limit=16) == "deny" for t in _texts(objs(s, "code"))]
    if only or left_out:
        return "limited", tuple(dict.fromkeys(only))[:MAX_ITEMS], tuple(dict.fromkeys(left_out))[:MAX_ITEMS]
    return "yes", (), ()


def _source_ref(resource: dict) -> Any:
    orgs = objs(resource, "organization")
    if orgs:
        return orgs[0]
    performers = objs(resource, "performer")
    return performers[0] if performers else None


def map_registration(resource: dict, ctx: Ctx) -> Registration | None:
    """The registration a Consent records, None for another kind of consent or one not in
    force. Raises MappingError for a Consent that cannot be read."""
    key = check_resource(resource, "Consent")
    kind = registration_kind(resource)
    if not kind or not in_force(resource, ctx):
        return None
    provision = obj(resource, "provision")
    fields = entry_fields(
        resource,
        key,
        ctx,
        date=parse_datetime(resource.get("dateTime"), "dateTime"),
        source=ctx.sources.resolve(_source_ref(resource)),
    )
    note = "; ".join(_texts(objs(provision, "code")))
    if kind == "organ-donor":
        decision, organs, left_out = _donor(provision)
        return Registration(**fields, kind=kind, decision=decision, items=organs, excluded=left_out, note=note)
    return Registration(**fields, kind=kind, decision="", items=tuple(_nested(provision, None)), note=note)
