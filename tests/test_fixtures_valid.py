"""The synthetic fixtures: valid FHIR, consistent references, and data for every pane.

Validation uses the independent `fhir.resources` package. Its 8.x releases ship R5 as the
default package plus `fhir.resources.R4B` (4.3.0) but no pure R4 package, so we validate with
the R4B models, which are close to R4. The builders avoid the elements that differ between R4
and R4B (e.g. they use MedicationStatement, Immunization and AuditEvent in their shared R4
shape), so a resource valid here is, for our purposes, valid R4.
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class

from sjtui.cpr import CPR_SYSTEM, passes_modulus_11

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CONFIDENTIAL = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
CPRS = {"poul": "1203541237", "lars": "0408572349", "inge": "2311411128", "mikkel": "1405863457", "ane": "0902792466"}

Json = dict[str, Any]


def _load(name: str) -> Json:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


BUNDLES: dict[str, Json] = {p.stem: _load(p.name) for p in sorted(FIXTURES.glob("*.json"))}


def resources(stem: str) -> list[Json]:
    return [e["resource"] for e in BUNDLES[stem]["entry"]]


def of_type(stem: str, rtype: str) -> list[Json]:
    return [r for r in resources(stem) if r["resourceType"] == rtype]


def by_key(stem: str) -> dict[str, Json]:
    return {f"{r['resourceType']}/{r['id']}": r for r in resources(stem)}


def walk_refs(node: Any):
    """Every Reference-like dict (has 'reference' or is a display-only reference)."""
    if isinstance(node, dict):
        if isinstance(node.get("reference"), str):
            yield node
        for value in node.values():
            yield from walk_refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk_refs(value)


def is_private(res: Json) -> bool:
    return any(
        s.get("system") == CONFIDENTIAL and s.get("code") == "R" for s in res.get("meta", {}).get("security", [])
    )


def test_the_expected_files_exist() -> None:
    assert set(BUNDLES) == {"organisations", *CPRS}


@pytest.mark.parametrize("stem", sorted(BUNDLES))
def test_every_resource_validates_as_fhir(stem: str) -> None:
    bundle = BUNDLES[stem]
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    shell = {k: v for k, v in bundle.items() if k != "entry"}
    get_fhir_model_class("Bundle").model_validate(shell)
    for res in resources(stem):
        get_fhir_model_class(res["resourceType"]).model_validate(res)


@pytest.mark.parametrize("stem", sorted(BUNDLES))
def test_every_resource_has_meta_and_a_past_last_updated(stem: str) -> None:
    for res in resources(stem):
        meta = res["meta"]
        assert meta["versionId"] and meta["lastUpdated"], res["id"]
        assert meta["lastUpdated"] < "2026-11-20T08", res["id"]  # not after the reference date


def test_ids_are_unique_across_all_files() -> None:
    """The demo server loads every Bundle into one store."""
    keys = Counter(f"{r['resourceType']}/{r['id']}" for stem in BUNDLES for r in resources(stem))
    assert [k for k, n in keys.items() if n > 1] == []


@pytest.mark.parametrize("stem", sorted(CPRS))
def test_references_resolve_and_organisations_carry_display(stem: str) -> None:
    known = by_key("organisations") | by_key(stem)
    for res in resources(stem):
        for ref in walk_refs(res):
            target = ref["reference"]
            assert target in known, f"{res['resourceType']}/{res['id']} -> {target}"
            if target.startswith(("Organization/", "Practitioner/", "HealthcareService/")):
                assert ref.get("display"), target
        for url in _attachment_urls(res):
            assert url in known, url
            assert known[url]["resourceType"] == "Binary"


def _attachment_urls(res: Json) -> list[str]:
    atts = [c["attachment"] for c in res.get("content", [])] + res.get("presentedForm", [])
    return [a["url"] for a in atts if "url" in a]


def test_organisations_follow_the_conventions() -> None:
    orgs = of_type("organisations", "Organization")
    assert {o["type"][0]["text"] for o in orgs} == {"hospital", "department", "gp", "specialist", "municipality"}
    names = {o["name"] for o in orgs}
    assert {
        "Odense Universitetshospital",
        "Lungemedicinsk afdeling J",
        "Lægerne Vestergade, Vejen",
        "Vejen Kommune, Hjemmesygeplejen",
    } <= names
    for org in orgs:
        assert org["identifier"][0]["system"] == "urn:oid:1.2.208.176.1.1"
        if org["type"][0]["text"] == "department":
            assert org["partOf"]["reference"].startswith("Organization/")


@pytest.mark.parametrize("stem", sorted(CPRS))
def test_cprs_are_the_fictitious_ones_and_fail_modulus_11(stem: str) -> None:
    (patient,) = of_type(stem, "Patient")
    assert patient["id"] == stem
    (ident,) = [i for i in patient["identifier"] if i["system"] == CPR_SYSTEM]
    assert ident["value"] == CPRS[stem] and ident["use"] == "official"
    assert not passes_modulus_11(ident["value"])


def _codes(res: Json, key: str = "code") -> set[str]:
    return {c.get("code", "") for c in res.get(key, {}).get("coding", [])}


def _labs(stem: str) -> list[Json]:
    return [
        o
        for o in of_type(stem, "Observation")
        if any(c["code"] == "laboratory" for cat in o.get("category", []) for c in cat["coding"])
    ]


def _text(binary: Json) -> str:
    return base64.b64decode(binary["data"]).decode("utf-8")


def _note_texts(stem: str) -> str:
    return "\n".join(_text(b) for b in of_type(stem, "Binary"))


def test_poul_has_notes_from_ouh_vejle_and_gp() -> None:
    docs = of_type("poul", "DocumentReference")
    assert {"18842-5", "11506-3"} <= {c for d in docs for c in _codes(d, "type")}
    custodians = {d["custodian"]["reference"] for d in docs}
    assert {"Organization/ouh-lunge-j", "Organization/sle-lunge", "Organization/gp-vejen"} <= custodians
    assert {"Epikrise", "Sygeplejenotat", "Ambulant notat", "Lægenotat"} <= {d["type"]["text"] for d in docs}


def test_poul_has_labs_with_flags_gases_lung_function_and_microbiology() -> None:
    labs = _labs("poul")
    npu = {c for o in labs for c in _codes(o)}
    assert {"NPU02319", "NPU19748", "NPU02593", "NPU03429", "NPU03230", "NPU18016", "DNK35302"} <= npu
    flags = {o["interpretation"][0]["coding"][0]["code"] for o in labs if "interpretation" in o}
    assert {"H", "L", "N"} <= flags
    panels = [o for o in labs if o["code"]["text"] == "Arteriel blodgas"]
    assert panels and all(len(p["hasMember"]) == 6 for p in panels)
    spiro = [o for o in labs if o["code"]["text"] == "Spirometri"]
    assert spiro and {c["code"]["text"] for c in spiro[0]["component"]} == {
        "FEV1",
        "FVC",
        "FEV1/FVC",
        "FEV1 % af forventet",
    }
    assert any("DLCO" in o["code"]["text"] for o in labs)
    keys = by_key("poul")
    (mb,) = [d for d in of_type("poul", "DiagnosticReport") if d["category"][0]["coding"][0]["code"] == "MB"]
    organism = keys[mb["result"][0]["reference"]]
    sir = {keys[m["reference"]]["interpretation"][0]["coding"][0]["code"] for m in organism["hasMember"]}
    assert organism["valueCodeableConcept"]["text"] and {"S", "R"} <= sir


def test_poul_has_imaging_with_full_text() -> None:
    rad = [d for d in of_type("poul", "DiagnosticReport") if d["category"][0]["coding"][0]["code"] == "RAD"]
    assert {"CT af thorax", "Røntgen af thorax"} <= {d["code"]["text"] for d in rad}
    keys = by_key("poul")
    for report in rad:
        assert report["conclusion"]
        assert _text(keys[report["presentedForm"][0]["url"]])


def test_poul_medication_vaccinations_home_and_appointments() -> None:
    meds = of_type("poul", "MedicationStatement")
    assert {"active", "on-hold", "stopped"} <= {m["status"] for m in meds}
    names = " ".join(m["medicationCodeableConcept"]["text"] for m in meds)
    for drug in ("Spiolto", "Ventoline", "Bufomix", "Ilt", "Prednisolon"):
        assert drug in names
    diseases = {i["protocolApplied"][0]["targetDisease"][0]["text"] for i in of_type("poul", "Immunization")}
    assert {"Influenza", "Pneumokoksygdom", "COVID-19"} <= diseases
    home = [o for o in of_type("poul", "Observation") if o["category"][0]["coding"][0]["code"] == "vital-signs"]
    spo2 = [o for o in home if "59408-5" in _codes(o)]
    assert len({o["effectiveDateTime"][:10] for o in spo2}) >= 28
    assert any(o["valueQuantity"]["value"] < 88 for o in spo2)
    assert {"Puls", "Vægt"} <= {o["code"]["text"] for o in home}
    starts = [a["start"] for a in of_type("poul", "Appointment")]
    assert any(s > "2026-11-20" for s in starts) and any(s < "2026-11-20" for s in starts)


def test_poul_basic_card_courses_cave_and_access_log() -> None:
    (patient,) = of_type("poul", "Patient")
    assert patient["address"][0]["city"] and patient["telecom"]
    assert patient["generalPractitioner"][0]["reference"] == "Organization/gp-vejen"
    assert {r["relationship"][0]["text"] for r in of_type("poul", "RelatedPerson")} == {"Hustru", "Søn"}
    assert {e["class"]["code"] for e in of_type("poul", "Encounter")} >= {"IMP", "AMB"}
    assert of_type("poul", "EpisodeOfCare")
    assert {"DJ439", "DJ441"} <= {c for cond in of_type("poul", "Condition") for c in _codes(cond)}
    assert of_type("poul", "Flag") and of_type("poul", "AllergyIntolerance")
    audits = of_type("poul", "AuditEvent")
    assert len(audits) >= 3
    for audit in audits:
        assert audit["type"]["code"] == "rest" and audit["subtype"][0]["code"] == "read"
        agent = audit["agent"][0]
        assert agent["who"]["display"]
        assert agent["purposeOfUse"][0]["coding"][0]["code"] == "TREAT"
        assert audit["entity"][0]["what"]["reference"] == "Patient/poul"


def test_lars_story() -> None:
    text = _note_texts("lars")
    assert "delir" in text and "frarådes at føre" in text and "kognitiv svækkelse" in text
    admission = [
        e
        for e in of_type("lars", "Encounter")
        if e["class"]["code"] == "IMP" and e["period"]["start"].startswith("2026-10")
    ]
    assert admission and admission[0]["serviceProvider"]["display"].endswith("sengeafsnit")
    gases = [o for o in _labs("lars") if o["code"]["text"] == "aB-pCO2"]
    assert any(o["interpretation"][0]["coding"][0]["code"] == "H" for o in gases)
    assert any("NIV" in a["description"] and a["start"] > "2026-11-20" for a in of_type("lars", "Appointment"))


def test_inge_story() -> None:
    (allergy,) = of_type("inge", "AllergyIntolerance")
    assert allergy["code"]["text"] == "Penicillin" and allergy["criticality"] == "high"
    assert [f["status"] for f in of_type("inge", "Flag")] == ["active"]
    meds = of_type("inge", "MedicationStatement")
    assert any(
        c.startswith("A10A") and m["status"] == "active" for m in meds for c in _codes(m, "medicationCodeableConcept")
    )
    labs = _labs("inge")
    for code in ("NPU27300", "NPU18016", "DNK35302", "NPU03230"):
        years = {o["effectiveDateTime"][:4] for o in labs if code in _codes(o)}
        assert len(years) >= 6, code
    bp = [o for o in of_type("inge", "Observation") if "85354-9" in _codes(o)]
    assert len(bp) >= 28 and all(len(o["component"]) == 2 for o in bp)
    keys = by_key("inge")
    (mb,) = [d for d in of_type("inge", "DiagnosticReport") if d["category"][0]["coding"][0]["code"] == "MB"]
    organism = keys[mb["result"][0]["reference"]]
    assert organism["valueCodeableConcept"]["text"] == "Escherichia coli"
    assert {keys[m["reference"]]["interpretation"][0]["coding"][0]["code"] for m in organism["hasMember"]} == {
        "S",
        "I",
        "R",
    }


def test_mikkel_has_private_marked_psychiatry_and_ordinary_data() -> None:
    docs = of_type("mikkel", "DocumentReference")
    assert any(is_private(d) for d in docs) and any(not is_private(d) for d in docs)
    private_meds = [m for m in of_type("mikkel", "MedicationStatement") if is_private(m)]
    assert {c[:4] for m in private_meds for c in _codes(m, "medicationCodeableConcept")} >= {"N05A", "N06A"}
    keys = by_key("mikkel")
    for doc in docs:  # a private note's body is private too
        url = doc["content"][0]["attachment"].get("url")
        if url:
            assert is_private(keys[url]) == is_private(doc)


def test_hostile_text_is_present_in_an_unmarked_note() -> None:
    texts = [_text(b) for b in of_type("mikkel", "Binary") if not is_private(b)]
    assert any("[bold red]markup[/]" in t and "\u001b[31m" in t for t in texts)


def test_ane_is_name_and_address_protected() -> None:
    (patient,) = of_type("ane", "Patient")
    assert is_private(patient)
    assert len(resources("ane")) >= 8
