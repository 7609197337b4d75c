"""The basic card ("stamkort"): Patient, RelatedPerson, GP; and search-hit summaries.

A Patient with meta.security R has name and address protection ("navne- og
adressebeskyttelse"): `protected=True` and the address is blanked. That is not private-marked
clinical data and needs no break-the-glass: the name is still shown to the clinician.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sjtui.cpr import CPR_SYSTEM
from sjtui.record.entries import Citizen, CitizenSummary, Relative
from sjtui.record.mapping.base import Ctx
from sjtui.record.mapping.common import (
    MappingError,
    arr,
    cc_code,
    cc_text,
    check_resource,
    clip,
    first,
    is_private,
    objs,
    parse_date,
    parse_datetime,
    ref_display,
    string,
)

T = TypeVar("T")
_NO_RELATIVES: list[Relative] = []

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
    phones.sort(key=lambda t: _PHONE_USE_ORDER.index(string(t, "use")) if string(t, "use") in _PHONE_USE_ORDER else 99)
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
            result.append(Relative(name=name, relationship=_relationship(contact), phone=_phone(contact)))
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


class _Fields:
    """Reads one field at a time: a present but unreadable field is noted, not fatal."""

    def __init__(self) -> None:
        self.unreadable: list[str] = []

    def get(self, name: str, read: Callable[[], T], default: T) -> T:
        try:
            return read()
        except (MappingError, TypeError, ValueError, AttributeError, KeyError, IndexError):
            if name not in self.unreadable:
                self.unreadable.append(name)
            return default


def _names(patient: dict) -> tuple[str, str, str]:
    """The name, tolerating a bare string where HumanName(s) belong (seen in the wild)."""
    value = patient.get("name")
    if isinstance(value, str):
        raise MappingError("name is not a HumanName")
    return _name(objs(patient, "name"))


def _salvaged_name(patient: dict) -> tuple[str, str, str]:
    """What can still be read of an unreadable name (shown marked as unreadable)."""
    value = patient.get("name")
    if isinstance(value, str):
        return clip(value), "", ""
    first_name = value[0] if isinstance(value, list) and value else value
    if not isinstance(first_name, dict):
        return "", "", ""
    parts: list[str] = []
    for part in (first_name.get("text"), first_name.get("given"), first_name.get("family")):
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, list):
            parts.extend(p for p in part if isinstance(p, str))
    return clip(" ".join(p.strip() for p in parts if p.strip())), "", ""


def map_citizen(patient: dict, ctx: Ctx, relatives: list[Relative]) -> Citizen:
    """The Patient field by field: a malformed birth date or name marks that field
    unreadable (`unreadable_fields`); the citizen is still opened."""
    key = check_resource(patient, "Patient")
    f = _Fields()
    name, given, family = f.get("name", lambda: _names(patient), _salvaged_name(patient))
    protected = is_private(patient)
    gender = f.get("gender", lambda: string(patient, "gender", limit=16), "")
    gp, gp_phone = f.get("generalPractitioner", lambda: _gp(patient, ctx), ("", ""))
    deceased = patient.get("deceasedBoolean") is True or isinstance(patient.get("deceasedDateTime"), str)
    meta = patient.get("meta")
    updated = f.get(
        "meta",
        lambda: parse_datetime(meta.get("lastUpdated"), "meta.lastUpdated") if isinstance(meta, dict) else None,
        None,
    )
    return Citizen(
        resource_key=key,
        cpr=f.get("identifier", lambda: _cpr(patient), ""),
        name=name,
        given=given,
        family=family,
        birth_date=f.get("birthDate", lambda: parse_date(patient.get("birthDate"), "birthDate"), None),
        gender=gender if gender in _GENDERS else "unknown",
        address="" if protected else f.get("address", lambda: _address(patient), ""),
        phone=f.get("telecom", lambda: _phone(patient), ""),
        protected=protected,
        deceased=deceased,
        gp=gp,
        gp_phone=gp_phone,
        language=f.get("communication", lambda: _language(patient), ""),
        relatives=tuple(f.get("contact", lambda: contacts_of(patient), _NO_RELATIVES) + relatives),
        updated=updated,
        unreadable_fields=tuple(f.unreadable),
    )


def placeholder_citizen(patient_id: str) -> Citizen:
    """Used while the Patient has not arrived, or when it could not be read."""
    return Citizen(
        resource_key=f"Patient/{patient_id}",
        cpr="",
        name="",
        given="",
        family="",
        birth_date=None,
        gender="unknown",
        address="",
        phone="",
        protected=False,
        deceased=False,
        gp="",
        gp_phone="",
        language="",
    )


def citizen_summary(patient: Any) -> CitizenSummary | None:
    """A search hit; None only when it is not a Patient with an id. A malformed field (a
    birth date "2026-13-45", a name given as a string) is marked, and the citizen offered."""
    try:
        check_resource(patient, "Patient")
    except MappingError:
        return None
    f = _Fields()
    name, _, _ = f.get("name", lambda: _names(patient), _salvaged_name(patient))
    protected = is_private(patient)
    return CitizenSummary(
        patient_id=patient["id"],
        cpr=f.get("identifier", lambda: _cpr(patient), ""),
        name=name,
        birth_date=f.get("birthDate", lambda: parse_date(patient.get("birthDate"), "birthDate"), None),
        address="" if protected else f.get("address", lambda: _address(patient), ""),
        protected=protected,
        unreadable_fields=tuple(f.unreadable),
    )
