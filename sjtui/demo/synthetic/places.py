"""Where appointments take place: postal addresses of the clinics, and the citizen's home as
a Location for home visits (issue #13: the next appointment with its address).

All addresses are invented (streets and numbers chosen not to be a real clinic's); postal codes
and towns are the real ones of the towns named. The departments that run outpatient clinics
get a street address with the entrance; other organisations keep only their town.
"""

from __future__ import annotations

from .common import Json, RecordBuilder, at, ref

# Organization id -> (lines, postal code, town)
_STREETS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "ouh-lunge-j": (("Indgang 87, 2. sal", "Sygehusvej 4"), "5000", "Odense C"),
    "sle-lunge": (("Indgang 3, stuen", "Kabbelvej 25"), "7100", "Vejle"),
    "ssa-lunge": (("Indgang B, 3. sal", "Sygehusgade 35"), "6700", "Esbjerg"),
    "ssa-kardio": (("Indgang C, 1. sal", "Sygehusgade 35"), "6700", "Esbjerg"),
    "ssa-endo": (("Indgang C, 2. sal", "Sygehusgade 35"), "6700", "Esbjerg"),
    "pro-psyk": (("Indgang 220", "Psykiatrivej 2"), "5000", "Odense C"),
    "odense-misbrug": (("Rådhusstræde 7",), "5000", "Odense C"),
    "gp-vejen": (("Vestergade 12",), "6600", "Vejen"),
    "gp-broerup": (("Storegade 5",), "6650", "Brørup"),
    "spec-endo-kolding": (("Jernbanegade 20, 1. sal",), "6000", "Kolding"),
}

# HealthcareServices whose appointments take place in the citizen's home.
HOME_SERVICES = frozenset({"sle-lunge-hjem"})


def org_address(oid: str, city: str) -> list[Json]:
    """The Organization's address: a street address where one is given, else its town."""
    if oid in _STREETS:
        lines, postal, town = _STREETS[oid]
        return [{"use": "work", "line": list(lines), "postalCode": postal, "city": town, "country": "DK"}]
    return [{"city": city, "country": "DK"}] if city else []


def home_participant(b: RecordBuilder, service: str) -> list[Json]:
    """For a home visit: the citizen's home as a Location participant (the Location made once
    per citizen, with the Patient's home address); nothing for other services."""
    if service not in HOME_SERVICES:
        return []
    rid = f"{b.patient_id}-home"
    if not any(r["resourceType"] == "Location" and r["id"] == rid for r in b.resources):
        patient = next(r for r in b.resources if r["resourceType"] == "Patient")
        home = next(a for a in patient["address"] if a.get("use") == "home")
        body: Json = {
            "status": "active",
            "name": "Borgerens hjem",
            "mode": "instance",
            "type": [
                {
                    "coding": [
                        {
                            "system": "http://terminology.hl7.org/CodeSystem/v3-RoleCode",
                            "code": "PTRES",
                            "display": "Patient's Residence",
                        }
                    ],
                    "text": "Borgerens hjem",
                }
            ],
            "address": {k: v for k, v in home.items() if k != "type"},
        }
        b.add("Location", body, updated=at(2019, 1, 3, 9), rid=rid)
    return [{"actor": ref("Location", rid, "Borgerens hjem"), "required": "required", "status": "accepted"}]
