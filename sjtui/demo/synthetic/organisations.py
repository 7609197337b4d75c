"""Shared Organizations: hospitals and departments, GP practices, a specialist, municipalities.

Names are the kind a Danish clinician sees in Sundhedsjournalen; the SOR codes are made up
(900000... range) so nobody mistakes them for real register entries.
"""

from __future__ import annotations

from dataclasses import dataclass

from .common import SOR_SYSTEM, Json, RecordBuilder, at, make_bundle, ref
from .places import org_address


@dataclass(frozen=True, slots=True)
class Org:
    oid: str
    name: str
    kind: str  # hospital | department | gp | specialist | municipality
    sor: str
    part_of: str = ""
    phone: str = ""
    city: str = ""

    def display(self) -> str:
        if self.part_of:
            return f"{ORGS[self.part_of].name}, {self.name}"
        return self.name


_LIST = [
    Org("ouh", "Odense Universitetshospital", "hospital", "900000000001001", phone="+4510000001", city="Odense C"),
    Org("ouh-lunge-j", "Lungemedicinsk afdeling J", "department", "900000000001002", "ouh", "+4510000002"),
    Org("ouh-radiologi", "Radiologisk afdeling", "department", "900000000001003", "ouh"),
    Org("ouh-kba", "Klinisk Biokemisk Afdeling", "department", "900000000001004", "ouh"),
    Org("ouh-kma", "Klinisk Mikrobiologisk Afdeling", "department", "900000000001005", "ouh"),
    Org("ouh-fam", "Fælles Akutmodtagelse", "department", "900000000001006", "ouh"),
    Org("sle", "Sygehus Lillebælt, Vejle", "hospital", "900000000002001", phone="+4510000003", city="Vejle"),
    Org("sle-lunge", "Medicinsk afdeling, Lungesektion", "department", "900000000002002", "sle", "+4510000004"),
    Org("sle-radiologi", "Radiologisk afdeling", "department", "900000000002003", "sle"),
    Org("sle-kba", "Klinisk Biokemisk Afdeling", "department", "900000000002004", "sle"),
    Org("sle-kma", "Klinisk Mikrobiologisk Afdeling", "department", "900000000002005", "sle"),
    Org("sle-akut", "Akutafdelingen", "department", "900000000002006", "sle"),
    Org("sle-vacc", "Vaccinationscenter Vejle", "department", "900000000002007", "sle"),
    Org("ssa", "Sydvestjysk Sygehus, Esbjerg", "hospital", "900000000003001", phone="+4510000005", city="Esbjerg"),
    Org(
        "ssa-lunge",
        "Medicinsk afdeling, Lungemedicinsk sengeafsnit",
        "department",
        "900000000003002",
        "ssa",
        "+4510000006",
    ),
    Org("ssa-kardio", "Kardiologisk ambulatorium", "department", "900000000003003", "ssa", "+4510000007"),
    Org("ssa-endo", "Endokrinologisk ambulatorium", "department", "900000000003004", "ssa"),
    Org("ssa-med", "Medicinsk afdeling M, sengeafsnit", "department", "900000000003009", "ssa"),
    Org("ssa-kba", "Klinisk Biokemisk Afdeling", "department", "900000000003005", "ssa"),
    Org("ssa-kma", "Klinisk Mikrobiologisk Afdeling", "department", "900000000003006", "ssa"),
    Org("ssa-radiologi", "Billeddiagnostisk afdeling", "department", "900000000003007", "ssa"),
    Org("ssa-akut", "Akutafdelingen", "department", "900000000003008", "ssa"),
    Org("pro", "Psykiatrien i Region Syddanmark", "hospital", "900000000004001", city="Odense"),
    Org("pro-psyk", "Psykiatrisk Afdeling Odense, Ambulatorium", "department", "900000000004002", "pro"),
    Org("pro-p1", "Psykiatrisk Afdeling Odense, Afsnit P1", "department", "900000000004003", "pro"),
    Org("gp-vejen", "Lægerne Vestergade, Vejen", "gp", "900000000005001", phone="+4510000008", city="Vejen"),
    Org("gp-broerup", "Lægehuset Brørup", "gp", "900000000005002", phone="+4510000009", city="Brørup"),
    Org("gp-odense", "Lægehuset Kongensgade, Odense", "gp", "900000000005003", phone="+4510000010", city="Odense C"),
    Org("gp-kolding", "Lægerne Søndergade, Kolding", "gp", "900000000005004", phone="+4510000011", city="Kolding"),
    Org(
        "spec-endo-kolding",
        "Speciallæge i endokrinologi, Kolding",
        "specialist",
        "900000000006001",
        phone="+4510000012",
        city="Kolding",
    ),
    Org(
        "vejen-hjemmesyg",
        "Vejen Kommune, Hjemmesygeplejen",
        "municipality",
        "900000000007001",
        phone="+4510000013",
        city="Vejen",
    ),
    Org(
        "vejen-hjemmepleje",
        "Vejen Kommune, Hjemmeplejen",
        "municipality",
        "900000000007002",
        phone="+4510000014",
        city="Vejen",
    ),
    Org(
        "odense-misbrug",
        "Odense Kommune, Misbrugscenter Odense",
        "municipality",
        "900000000007003",
        phone="+4510000015",
        city="Odense C",
    ),
]

ORGS: dict[str, Org] = {o.oid: o for o in _LIST}


def org_ref(oid: str) -> Json:
    """A reference to a shared Organization, always with a display."""
    return ref("Organization", oid, ORGS[oid].display())


@dataclass(frozen=True, slots=True)
class Service:
    """An outpatient clinic (HealthcareService) where appointments take place."""

    sid: str
    name: str
    org: str

    def display(self) -> str:
        return f"{ORGS[self.org].display()}, {self.name}"


SERVICES: dict[str, Service] = {
    s.sid: s
    for s in [
        Service("ouh-lunge-j-amb", "Lungeambulatoriet", "ouh-lunge-j"),
        Service("sle-lunge-amb", "Lungeambulatoriet", "sle-lunge"),
        Service("sle-lunge-hjem", "Udekørende lungeteam (hjemmebesøg)", "sle-lunge"),
        Service("ssa-lunge-amb", "Lungemedicinsk dagafsnit", "ssa-lunge"),
        Service("ssa-kardio-amb", "Hjertesvigtsklinikken", "ssa-kardio"),
        Service("ssa-endo-amb", "Diabetesambulatoriet", "ssa-endo"),
        Service("pro-psyk-amb", "Ambulatorium for dobbeltdiagnoser", "pro-psyk"),
        Service("odense-misbrug-amb", "Substitutionsbehandling", "odense-misbrug"),
        Service("gp-vejen-kons", "Konsultation", "gp-vejen"),
        Service("gp-broerup-kons", "Konsultation", "gp-broerup"),
        Service("spec-endo-kolding-kons", "Konsultation", "spec-endo-kolding"),
    ]
}


def _resource(org: Org) -> Json:
    body: Json = {
        "identifier": [{"system": SOR_SYSTEM, "value": org.sor}],
        "active": True,
        "type": [{"text": org.kind}],
        "name": org.name,
    }
    if org.part_of:
        body["partOf"] = org_ref(org.part_of)
    if org.phone:
        body["telecom"] = [{"system": "phone", "value": org.phone, "use": "work"}]
    if address := org_address(org.oid, org.city):
        body["address"] = address
    return body


def build() -> Json:
    b = RecordBuilder("org", "")
    for org in _LIST:
        b.add("Organization", _resource(org), updated=at(2019, 1, 2, 8), rid=org.oid)
    for svc in SERVICES.values():
        body: Json = {"active": True, "providedBy": org_ref(svc.org), "name": svc.name}
        b.add("HealthcareService", body, updated=at(2019, 1, 2, 8), rid=svc.sid)
    return make_bundle("organisations", b.resources, at(2026, 11, 19, 23))
