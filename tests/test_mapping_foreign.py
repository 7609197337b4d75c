"""A server that ignores the patient filter must never put another citizen's data in a record."""

from __future__ import annotations

import json
from pathlib import Path

from sjtui.record.mapping import build_record

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _all_resources() -> list[dict]:
    out = []
    for path in sorted(FIXTURES.glob("*.json")):
        out += [e["resource"] for e in json.loads(path.read_text(encoding="utf-8"))["entry"]]
    return out


def test_resources_about_other_citizens_are_left_out() -> None:
    everything = _all_resources()  # every citizen's data, as a misbehaving server might send
    mixed = build_record(everything, patient_id="poul", reveal_private=True)
    alone = build_record(
        [
            r
            for r in everything
            if "poul" in json.dumps(r.get("subject", r.get("patient", {})))
            or r["resourceType"] not in {"Observation", "DiagnosticReport"}
        ],
        patient_id="poul",
        reveal_private=True,
    )
    assert mixed.citizen.name == "Poul Erik Madsen"
    assert len(mixed.labs.items) == len(alone.labs.items)
    assert all("Escherichia" not in lab.organism for lab in mixed.labs.items)  # Inge's urine culture
    for pane in ("notes", "medication", "vaccinations", "home", "appointments", "cave"):
        keys = {i.resource_key for i in getattr(mixed, pane).items}
        assert all("inge" not in k and "lars" not in k for k in keys) or pane == "appointments"


def test_a_patient_with_another_id_is_not_taken_as_the_citizen() -> None:
    lars = next(r for r in _all_resources() if r["resourceType"] == "Patient" and r["id"] == "lars")
    record = build_record([lars], patient_id="poul", reveal_private=False)
    assert "Lars" not in record.citizen.name
