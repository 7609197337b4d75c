"""Which search parameters each resource type supports, and where their values live.

One table drives three things: the search engine (what to match), the CapabilityStatement
(what to declare), and the store's patient index (which references point at the citizen).
Paths are dotted element names; lists along the way are flattened. A date parameter lists
its choice-type alternatives in order; the first present one is the resource's "main date",
which `_sort=date` also uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["REGISTRY", "ParamDef", "date_param", "known_types", "patient_paths", "walk"]


@dataclass(frozen=True)
class ParamDef:
    name: str
    #: token | reference | string | date
    kind: str
    paths: tuple[str, ...]
    #: For references: only references to this type count (e.g. `patient` -> Patient).
    target: str | None = None
    doc: str = ""


def walk(obj: Any, path: str) -> Iterator[Any]:
    """Every value at a dotted path, flattening lists on the way."""
    if "." not in path and isinstance(obj, dict):  # fast path: a top-level element
        value = obj.get(path)
        if isinstance(value, list):
            yield from value
        elif value is not None:
            yield value
        return
    current: list[Any] = [obj]
    for part in path.split("."):
        nxt: list[Any] = []
        for item in current:
            item_list = item if isinstance(item, list) else [item]
            for it in item_list:
                if isinstance(it, dict) and part in it:
                    value = it[part]
                    if isinstance(value, list):
                        nxt.extend(value)
                    else:
                        nxt.append(value)
        current = nxt
        if not current:
            return
    yield from current


def _tok(name: str, *paths: str) -> ParamDef:
    return ParamDef(name, "token", paths)


def _ref(name: str, *paths: str, target: str | None = None) -> ParamDef:
    return ParamDef(name, "reference", paths, target)


def _pat(*paths: str) -> ParamDef:
    return ParamDef("patient", "reference", paths, "Patient", "the citizen")


def _date(*paths: str) -> ParamDef:
    return ParamDef("date", "date", paths)


def _str(name: str, *paths: str) -> ParamDef:
    return ParamDef(name, "string", paths)


_EFFECTIVE = ("effectiveDateTime", "effectivePeriod", "effectiveInstant")
_IDENT = _tok("identifier", "identifier")

_DEFS: dict[str, list[ParamDef]] = {
    "Patient": [
        _IDENT,
        _str("name", "name"),
        _str("given", "name.given"),
        _str("family", "name.family"),
        ParamDef("birthdate", "date", ("birthDate",)),
        _tok("gender", "gender"),
        _ref("general-practitioner", "generalPractitioner"),
    ],
    "RelatedPerson": [_IDENT, _pat("patient"), _str("name", "name"), _tok("relationship", "relationship")],
    "Organization": [_IDENT, _str("name", "name", "alias"), _tok("type", "type"), _ref("partof", "partOf")],
    "Practitioner": [_IDENT, _str("name", "name"), _str("given", "name.given"), _str("family", "name.family")],
    "Location": [_IDENT, _str("name", "name"), _ref("organization", "managingOrganization")],
    "HealthcareService": [_IDENT, _str("name", "name"), _ref("organization", "providedBy")],
    "Observation": [
        _IDENT,
        _pat("subject"),
        _ref("subject", "subject"),
        _tok("category", "category"),
        _tok("code", "code"),
        _tok("status", "status"),
        _date(*_EFFECTIVE),
        _ref("encounter", "encounter"),
        _ref("performer", "performer"),
        _ref("has-member", "hasMember"),
    ],
    "DiagnosticReport": [
        _IDENT,
        _pat("subject"),
        _ref("subject", "subject"),
        _tok("category", "category"),
        _tok("code", "code"),
        _tok("status", "status"),
        _date(*_EFFECTIVE),
        _ref("encounter", "encounter"),
        _ref("result", "result"),
        _ref("performer", "performer"),
    ],
    "DocumentReference": [
        _IDENT,
        _pat("subject"),
        _ref("subject", "subject"),
        _tok("category", "category"),
        _tok("type", "type"),
        _tok("status", "status"),
        _date("date"),
        _ref("encounter", "context.encounter"),
        _ref("custodian", "custodian"),
        _ref("author", "author"),
    ],
    "Encounter": [
        _IDENT,
        _pat("subject"),
        _ref("subject", "subject"),
        _tok("status", "status"),
        _tok("class", "class"),
        _tok("type", "type"),
        _date("period"),
        _ref("episode-of-care", "episodeOfCare"),
        _ref("service-provider", "serviceProvider"),
    ],
    "EpisodeOfCare": [
        _IDENT,
        _pat("patient"),
        _tok("status", "status"),
        _tok("type", "type"),
        _date("period"),
        _ref("organization", "managingOrganization"),
    ],
    "Condition": [
        _IDENT,
        _pat("subject"),
        _ref("subject", "subject"),
        _tok("code", "code"),
        _tok("category", "category"),
        _tok("clinical-status", "clinicalStatus"),
        ParamDef("recorded-date", "date", ("recordedDate",)),
        ParamDef("onset-date", "date", ("onsetDateTime", "onsetPeriod")),
        _ref("encounter", "encounter"),
    ],
    "MedicationStatement": [
        _IDENT,
        _pat("subject"),
        _ref("subject", "subject"),
        _tok("status", "status"),
        _tok("code", "medicationCodeableConcept"),
        _date(*_EFFECTIVE),
        _tok("category", "category"),
    ],
    "MedicationRequest": [
        _IDENT,
        _pat("subject"),
        _ref("subject", "subject"),
        _tok("status", "status"),
        _tok("code", "medicationCodeableConcept"),
        _tok("intent", "intent"),
        ParamDef("authoredon", "date", ("authoredOn",)),
    ],
    "Immunization": [
        _IDENT,
        _pat("patient"),
        _tok("status", "status"),
        _tok("vaccine-code", "vaccineCode"),
        _date("occurrenceDateTime"),
        _ref("performer", "performer.actor"),
    ],
    "AllergyIntolerance": [
        _IDENT,
        _pat("patient"),
        _tok("clinical-status", "clinicalStatus"),
        _tok("verification-status", "verificationStatus"),
        _tok("code", "code"),
        _tok("category", "category"),
        _tok("criticality", "criticality"),
        _date("recordedDate"),
    ],
    "Flag": [
        _IDENT,
        _pat("subject"),
        _ref("subject", "subject"),
        _tok("status", "status"),
        _tok("category", "category"),
        _tok("code", "code"),
        _date("period"),
        _ref("author", "author"),
    ],
    "Appointment": [
        _IDENT,
        _pat("participant.actor"),
        _ref("actor", "participant.actor"),
        _tok("status", "status"),
        _date("start"),
        _tok("service-type", "serviceType"),
    ],
    "AuditEvent": [
        _IDENT,
        _pat("entity.what", "agent.who"),
        _ref("entity", "entity.what"),
        _ref("agent", "agent.who"),
        _tok("type", "type"),
        _tok("subtype", "subtype"),
        _tok("action", "action"),
        _tok("outcome", "outcome"),
        _date("recorded"),
        _tok("entity-identifier", "entity.what.identifier"),
    ],
    "Device": [_IDENT, _pat("patient"), _tok("type", "type"), _tok("status", "status")],
    "Procedure": [
        _IDENT,
        _pat("subject"),
        _ref("subject", "subject"),
        _tok("code", "code"),
        _tok("status", "status"),
        _date("performedDateTime", "performedPeriod"),
    ],
    "CarePlan": [
        _IDENT,
        _pat("subject"),
        _ref("subject", "subject"),
        _tok("status", "status"),
        _tok("category", "category"),
        _date("period"),
    ],
    "ServiceRequest": [
        _IDENT,
        _pat("subject"),
        _ref("subject", "subject"),
        _tok("status", "status"),
        _tok("code", "code"),
        _tok("category", "category"),
        ParamDef("authored", "date", ("authoredOn",)),
    ],
    # The citizen's living will and organ donor registrations (R4 Consent search parameters).
    "Consent": [
        _IDENT,
        _pat("patient"),
        _tok("status", "status"),
        _tok("scope", "scope"),
        _tok("category", "category"),
        _date("dateTime"),
        _ref("organization", "organization"),
    ],
    "Binary": [],
    "Medication": [_IDENT, _tok("code", "code")],
}

#: AuditEvent has no `identifier` element in R4; a delivered event's idempotency key is looked
#: up in a top-level `identifier` (tolerated) and in `entity.what.identifier` (BALP-friendly).
_AUDIT_IDENTIFIER = ParamDef("identifier", "token", ("identifier", "entity.what.identifier"))

REGISTRY: dict[str, dict[str, ParamDef]] = {rtype: {d.name: d for d in defs} for rtype, defs in _DEFS.items()}
REGISTRY["AuditEvent"]["identifier"] = _AUDIT_IDENTIFIER
#: Base parameters every type has (besides `_id` and `_lastUpdated`, handled by the engine).
for _params in REGISTRY.values():
    _params["_tag"] = _tok("_tag", "meta.tag")
    _params["_security"] = _tok("_security", "meta.security")


def known_types() -> list[str]:
    return sorted(REGISTRY)


def patient_paths(rtype: str) -> tuple[str, ...]:
    """Paths whose Patient references put a resource in the citizen's compartment."""
    pdef = REGISTRY.get(rtype, {}).get("patient")
    return pdef.paths if pdef else ()


def date_param(rtype: str) -> ParamDef | None:
    return REGISTRY.get(rtype, {}).get("date")
