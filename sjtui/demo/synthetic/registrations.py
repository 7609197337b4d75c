"""The citizens' own register entries as FHIR R4 Consents: the living will
(Livstestamenteregistret) and the organ donor decision (Organdonorregistret).

Coded as `sjtui.record.mapping.registrations` reads them: living will = scope `adr`, category
LOINC 75320-2 "Advance directive", `provision.type` deny with the situations as nested
provisions; organ donor = scope `treatment`, category LOINC 75781-5, the decision as an HL7
v2-0316 code in `provision.code`. The register is a display-only organisation reference
(the registers have no SOR entry in the synthetic world).

Poul has registered as an organ donor (yes, all organs); Lars has a living will; the other
citizens have neither (their record shows "none found on this server", not "not a donor").
"""

from __future__ import annotations

from datetime import datetime

from .common import LOINC_SYSTEM, RecordBuilder, coding, concept, iso

CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
ORGAN_DONOR_CODE = "http://terminology.hl7.org/CodeSystem/v2-0316"
DONOR_REGISTER = "Sundhedsdatastyrelsen, Organdonorregistret"
LIVING_WILL_REGISTER = "Sundhedsdatastyrelsen, Livstestamenteregistret"

_DONOR_TEXT = {
    "Y": "Ja til donation af alle organer",
    "N": "Nej til organdonation",
    "R": "Mine pårørende træffer beslutningen",
}


def organ_donor(b: RecordBuilder, registered: datetime, decision: str = "Y") -> str:
    """An organ donor registration: decision Y (yes, all organs), N (no), R (relatives decide)."""
    body = {
        "status": "active",
        "scope": concept("Behandling", coding(CONSENT_SCOPE, "treatment", "Treatment")),
        "category": [concept("Organdonation", coding(LOINC_SYSTEM, "75781-5", "Organ donation"))],
        "patient": b.patient(),
        "dateTime": iso(registered),
        "organization": [{"display": DONOR_REGISTER}],
        "policyRule": {"text": "Sundhedsloven: organdonation"},
        "provision": {
            "type": "deny" if decision == "N" else "permit",
            "code": [concept(_DONOR_TEXT[decision], coding(ORGAN_DONOR_CODE, decision))],
        },
    }
    return b.add("Consent", body, updated=registered, kind="organdonor")


def living_will(b: RecordBuilder, registered: datetime, situations: tuple[str, ...]) -> str:
    """A living will refusing life-prolonging treatment in the given situations."""
    body = {
        "status": "active",
        "scope": concept("Livstestamente", coding(CONSENT_SCOPE, "adr", "Advanced Care Directive")),
        "category": [concept("Livstestamente", coding(LOINC_SYSTEM, "75320-2", "Advance directive"))],
        "patient": b.patient(),
        "dateTime": iso(registered),
        "organization": [{"display": LIVING_WILL_REGISTER}],
        "policyRule": {"text": "Sundhedsloven: livstestamente"},
        "provision": {
            "type": "deny",
            "code": [concept("Ingen livsforlængende behandling")],
            "provision": [{"type": "deny", "code": [concept(s)]} for s in situations],
        },
    }
    return b.add("Consent", body, updated=registered, kind="livstestamente")


LARS_SITUATIONS = (
    "Uafvendeligt døende",
    "Varigt ude af stand til at tage vare på sig selv fysisk og mentalt "
    "efter ulykke, sygdom eller alderdomssvækkelse (svær invaliditet)",
)


def for_poul(b: RecordBuilder) -> None:
    """Poul registered as an organ donor (yes, all organs) in 2015."""
    organ_donor(b, datetime(2015, 6, 2, 19, 40), "Y")


def for_lars(b: RecordBuilder) -> None:
    """Lars made a living will after his 2019 admission."""
    living_will(b, datetime(2020, 2, 11, 14, 5), LARS_SITUATIONS)
