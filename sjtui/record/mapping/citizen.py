"""The basic card ("stamkort"): Patient, RelatedPerson, GP; and search-hit summaries.

A Patient with meta.security R has name and address protection ("navne- og
adressebeskyttelse"): `protected=True` and the address is blanked. That is not private-marked
clinical data and needs no break-the-glass: the name is still shown to the clinician.
"""

from __future__ import annotations

from typing import Any

from sjtui.cpr import CPR_SYSTEM
from sjtui.record.mapping.base import Ctx
from sjtui.record.mapping.common import (
    MappingError,
    arr,
    cc_code,
    cc_text,
    check_resource,
    first,
    is_private,
    objs,
    parse_date,
    parse_datetime,
    ref_display,
    string,
)
from sjtui.record.model import Citizen, CitizenSummary, Relative

_GENDERS = {"male", "female", "other", "unknown"}
_PHONE_USE_ORDER = ("mobile", "home", "work", "", "temp", "old")


def _name(names: list[dict]) -> tuple[str, str, str]:
    """(full, given, family) of the official name, else the first."""
    if not names:
        return "", "", ""
    chosen = next((n for n in names if string(n, "use") == "official"), names[0])
    given_parts = [g for g in arr(chosen, "given") if isinstance(g, str)]
    if len(given_parts) != len(arr(chosen, "given")):
        raise MappingError("name.given holds a non-string")
    given = " ".join(p.strip() for p in given_parts if p.strip())
    family = string(chosen, "family")
    full = string(chosen, "text") or " ".join(p for p in (given, family) if p)
    return full, given, family


def _phone(resource: dict) -> str:
    phones = [t for t in objs(resource, "telecom") if string(t, "system") == "phone"]
    phones.sort(key=lambda t: _PHONE_USE_ORDER.index(string(t, "use"))
                if string(t, "use") in _PHONE_USE_ORDER else 99)
    return string(phones[0], "value", limit=64) if phones else ""


def _address(resource: dict) -> str:
    addresses = objs(resource, "address")
    if not addresses:
        return ""
    chosen = next((a for a in addresses if string(a, "use") == "home"), addresses[0])
    text = string(chosen, "text")
    if text:
        return text
    lines = [line.strip() for line in arr(chosen, "line") if isinstance(line, str)]
    postal = string(chosen, "postalCode", limit=16)
    city = " ".join(p for p in (postal, string(chosen, "city")) if p)
    return ", ".join(p for p in [*lines, city] if p)


def _cpr(resource: dict) -> str:
    for ident in objs(resource, "identifier"):
        if string(ident, "system") == CPR_SYSTEM:
            return string(ident, "value", limit=16).replace("-", "")
    return ""


def _relationship(resource: dict) -> str:
    for cc in arr(resource, "relationship"):
        text = cc_text(cc)
        if text:
            return text
    return ""


def map_related(resource: dict, ctx: Ctx) -> Relative:
    check_resource(resource, "RelatedPerson")
    name, _, _ = _name(objs(resource, "name"))
    if not name:
        raise MappingError("related person without name")
    return Relative(name=name, relationship=_relationship(resource), phone=_phone(resource))


def contacts_of(patient: dict) -> list[Relative]:
    result = []
    for contact in objs(patient, "contact"):
        name_obj = contact.get("name")
        name, _, _ = _name([name_obj] if isinstance(name_obj, dict) else [])
        if name:
            result.append(Relative(name=name, relationship=_relationship(contact),
                                   phone=_phone(contact)))
    return result


def _gp(patient: dict, ctx: Ctx) -> tuple[str, str]:
    ref = first(patient, "generalPractitioner")
    org = ctx.index.resolve(ref, "Organization")
    if org is not None:
        try:
            return string(org, "name") or ref_display(ref), _phone(org)
        except MappingError:
            pass
    return ref_display(ref), ""


def _language(patient: dict) -> str:
    comms = objs(patient, "communication")
    chosen = next((c for c in comms if c.get("preferred") is True), comms[0] if comms else {})
    language = chosen.get("language")
    return cc_code(language) or cc_text(language) if language is not None else ""


def map_citizen(patient: dict, ctx: Ctx, relatives: list[Relative]) -> Citizen:
    key = check_resource(patient, "Patient")
    name, given, family = _name(objs(patient, "name"))
    protected = is_private(patient)
    gender = string(patient, "gender", limit=16)
    gp, gp_phone = _gp(patient, ctx)
    deceased = patient.get("deceasedBoolean") is True or isinstance(
        patient.get("deceasedDateTime"), str)
    meta = patient.get("meta")
    updated = parse_datetime(meta.get("lastUpdated"), "meta.lastUpdated") if isinstance(
        meta, dict) else None
    return Citizen(
        resource_key=key, cpr=_cpr(patient), name=name, given=given, family=family,
        birth_date=parse_date(patient.get("birthDate"), "birthDate"),
        gender=gender if gender in _GENDERS else "unknown",
        address="" if protected else _address(patient),
        phone=_phone(patient), protected=protected, deceased=deceased,
        gp=gp, gp_phone=gp_phone, language=_language(patient),
        relatives=tuple(contacts_of(patient) + relatives), updated=updated,
    )


def placeholder_citizen(patient_id: str) -> Citizen:
    """Used while the Patient has not arrived, or when it could not be read."""
    return Citizen(resource_key=f"Patient/{patient_id}", cpr="", name="", given="", family="",
                   birth_date=None, gender="unknown", address="", phone="", protected=False,
                   deceased=False, gp="", gp_phone="", language="")


def citizen_summary(patient: Any) -> CitizenSummary | None:
    """A search hit; None when the Patient cannot be read."""
    try:
        check_resource(patient, "Patient")
        name, _, _ = _name(objs(patient, "name"))
        protected = is_private(patient)
        return CitizenSummary(
            patient_id=patient["id"], cpr=_cpr(patient), name=name,
            birth_date=parse_date(patient.get("birthDate"), "birthDate"),
            address="" if protected else _address(patient), protected=protected,
        )
    except Exception:  # noqa: BLE001 - an unreadable hit is simply not offered
        return None
