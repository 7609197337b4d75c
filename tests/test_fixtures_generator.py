"""The large-record generator: deterministic from its seed, the sizes asked for, valid FHIR.

Validation uses `fhir.resources.R4B` (no pure R4 package in fhir.resources 8.x; see
test_fixtures_valid.py).
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from pathlib import Path

from fhir.resources.R4B import get_fhir_model_class

from sjtui.cpr import CPR_SYSTEM, passes_modulus_11
from sjtui.demo.synthetic import generate_large_record
from sjtui.demo.synthetic.__main__ import main


def _digest(bundle: dict) -> str:
    return hashlib.sha256(json.dumps(bundle, sort_keys=True).encode()).hexdigest()


def _counts(bundle: dict) -> Counter[str]:
    return Counter(e["resource"]["resourceType"] for e in bundle["entry"])


def test_same_seed_same_json_other_seed_other_json() -> None:
    small = {"years": 3, "observations": 600, "notes": 40}
    a = generate_large_record(7, **small)
    assert _digest(a) == _digest(generate_large_record(7, **small))
    assert _digest(a) != _digest(generate_large_record(8, **small))


def test_default_size_and_a_valid_sample() -> None:
    bundle = generate_large_record(1)
    counts = _counts(bundle)
    assert counts["Observation"] == 20000
    assert counts["DocumentReference"] == 2000 and counts["Binary"] == 2000
    assert counts["Encounter"] > 0 and counts["MedicationStatement"] > 0
    assert counts["Appointment"] > 0 and counts["Patient"] == 1
    resources = [e["resource"] for e in bundle["entry"]]
    keys = {f"{r['resourceType']}/{r['id']}" for r in resources}
    assert len(keys) == len(resources)
    (patient,) = [r for r in resources if r["resourceType"] == "Patient"]
    (cpr,) = [i["value"] for i in patient["identifier"] if i["system"] == CPR_SYSTEM]
    assert not passes_modulus_11(cpr)
    dates = [r["effectiveDateTime"] for r in resources if "effectiveDateTime" in r]
    assert min(dates) < "2012-01-01" and max(dates) < "2026-11-20"
    labs = [
        r
        for r in resources
        if r["resourceType"] == "Observation" and r["category"][0]["coding"][0]["code"] == "laboratory"
    ]
    assert len({r["code"]["coding"][0]["code"] for r in labs}) >= 28
    assert {"H", "L", "N"} <= {r["interpretation"][0]["coding"][0]["code"] for r in labs}
    for res in random.Random(0).sample(resources, 200):
        get_fhir_model_class(res["resourceType"]).model_validate(res)


def test_sizes_follow_the_arguments() -> None:
    counts = _counts(
        generate_large_record(3, years=2, observations=123, notes=17, patient_id="lille", cpr="1506502468")
    )
    assert counts["Observation"] == 123 and counts["DocumentReference"] == 17


def test_cli_large(tmp_path: Path) -> None:
    out = tmp_path / "large.json"
    assert (
        main(["large", "--seed", "2", "--out", str(out), "--years", "1", "--observations", "50", "--notes", "5"]) == 0
    )
    bundle = json.loads(out.read_text(encoding="utf-8"))
    assert _counts(bundle)["Observation"] == 50
