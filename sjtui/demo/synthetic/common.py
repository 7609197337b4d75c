"""Core helpers for building synthetic FHIR R4 Bundles: time, ids, meta, references.

Why a builder rather than hand-written JSON: the fixtures must stay stable (fixed reference
date, stable ids, sorted keys) and consistent (every resource has meta.lastUpdated, every
Organization reference carries a display). One place that enforces that keeps five citizens
and the large-record generator honest.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

# The fixed "today" of the synthetic world. Never use the real date: snapshots must be stable.
REF_DATE = date(2026, 11, 20)

BUNDLE_BASE = "http://sjtui-demo.invalid/fhir"

CPR_SYSTEM = "urn:oid:1.2.208.176.1.2"
SOR_SYSTEM = "urn:oid:1.2.208.176.1.1"
NPU_SYSTEM = "http://npu-terminology.org"
SKS_SYSTEM = "urn:oid:1.2.208.176.2.4"
SKS_D_SYSTEM = "urn:oid:1.2.208.176.2.4.12"
ATC_SYSTEM = "http://www.whocc.no/atc"
LOINC_SYSTEM = "http://loinc.org"
OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
V2_0074 = "http://terminology.hl7.org/CodeSystem/v2-0074"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"

Json = dict[str, Any]


@lru_cache(maxsize=256)
def _last_sunday(year: int, month: int) -> date:
    day = date(year, month + 1, 1) - timedelta(days=1) if month < 12 else date(year, 12, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def dk_offset(local: datetime) -> str:
    """Danish UTC offset for a local wall-clock time (EU summer time rule, no tz database)."""
    start = datetime.combine(_last_sunday(local.year, 3), datetime.min.time()) + timedelta(hours=2)
    end = datetime.combine(_last_sunday(local.year, 10), datetime.min.time()) + timedelta(hours=3)
    return "+02:00" if start <= local < end else "+01:00"


def iso(local: datetime) -> str:
    """ISO 8601 with seconds and Danish offset, e.g. 2026-09-14T10:32:00+02:00."""
    return local.replace(microsecond=0).isoformat() + dk_offset(local)


def at(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm)


def rel(days: int, hh: int = 10, mm: int = 0) -> datetime:
    """A local time `days` days from the reference date (negative = in the past)."""
    return datetime.combine(REF_DATE + timedelta(days=days), datetime.min.time()).replace(hour=hh, minute=mm)


def b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def coding(system: str, code: str, display: str | None = None) -> Json:
    out: Json = {"system": system, "code": code}
    if display:
        out["display"] = display
    return out


def concept(text: str, *codings: Json) -> Json:
    out: Json = {"text": text}
    if codings:
        out["coding"] = list(codings)
    return out


def private_security() -> list[Json]:
    return [coding(CONFIDENTIALITY, "R", "restricted")]


@dataclass
class RecordBuilder:
    """Collects the resources of one citizen with stable ids and consistent meta."""

    patient_id: str
    patient_display: str
    resources: list[Json] = field(default_factory=list)
    _counters: dict[str, int] = field(default_factory=dict)

    def new_id(self, kind: str) -> str:
        n = self._counters.get(kind, 0) + 1
        self._counters[kind] = n
        return f"{self.patient_id}-{kind}-{n:03d}"

    def add(
        self,
        resource_type: str,
        body: Json,
        *,
        updated: datetime,
        kind: str | None = None,
        rid: str | None = None,
        private: bool = False,
    ) -> str:
        """Add a resource; `updated` is local wall-clock time of its last change."""
        rid = rid or self.new_id(kind or resource_type.lower())
        meta: Json = {"versionId": "1", "lastUpdated": iso(updated)}
        if private:
            meta["security"] = private_security()
        self.resources.append({"resourceType": resource_type, "id": rid, "meta": meta, **body})
        return rid

    def patient(self) -> Json:
        return {"reference": f"Patient/{self.patient_id}", "display": self.patient_display}

    def subject(self) -> Json:
        return {"subject": self.patient()}


def ref(resource_type: str, rid: str, display: str | None = None) -> Json:
    out: Json = {"reference": f"{resource_type}/{rid}"}
    if display:
        out["display"] = display
    return out


def make_bundle(bundle_id: str, resources: list[Json], timestamp: datetime) -> Json:
    """A FHIR `collection` Bundle; fullUrls use a reserved (.invalid) base."""
    return {
        "resourceType": "Bundle",
        "id": bundle_id,
        "meta": {"versionId": "1", "lastUpdated": iso(timestamp)},
        "type": "collection",
        "timestamp": iso(timestamp),
        "entry": [{"fullUrl": f"{BUNDLE_BASE}/{r['resourceType']}/{r['id']}", "resource": r} for r in resources],
    }


def dump_json(data: Json) -> str:
    """The canonical fixture text: sorted keys, 1-space indent, UTF-8, trailing newline."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
