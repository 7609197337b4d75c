"""Records built from the synthetic fixtures (Poul, Lars, the home-care citizen Inge) for the
clinical-view tests: the real mapping over the real fixture bundles."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

from sjtui.record.entries import CitizenSummary
from sjtui.record.mapping import build_record
from sjtui.record.model import Record

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
AS_OF = datetime(2026, 11, 20, 13, 5, tzinfo=UTC)


@cache
def fixture_record(patient_id: str) -> Record:
    resources = []
    for name in (patient_id, "organisations"):
        bundle = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
        resources += [e["resource"] for e in bundle.get("entry", []) if "resource" in e]
    record = build_record(resources, patient_id=patient_id, reveal_private=False)
    return replace(record, as_of=AS_OF)  # fetched "now" (the tests' pinned day)


def fixture_summary(patient_id: str) -> CitizenSummary:
    citizen = fixture_record(patient_id).citizen
    return CitizenSummary(
        patient_id,
        citizen.cpr,
        citizen.name,
        citizen.birth_date or date(1950, 1, 1),
        citizen.address,
        citizen.protected,
    )
