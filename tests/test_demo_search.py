"""Demo FHIR server: search parameters, paging, subsetting, strictness, batch, speed."""

from __future__ import annotations

import httpx
import pytest

from sjtui.demo import create_app
from sjtui.demo.sample import big_observation_bundle, sample_bundle

BASE = "http://demo"
LAB = "http://terminology.hl7.org/CodeSystem/observation-category|laboratory"


def client_for(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE)


@pytest.fixture
async def c():
    async with client_for(create_app(bundles=[sample_bundle()])) as client:
        yield client


async def ids(c: httpx.AsyncClient, url: str, **params: str) -> list[str]:
    r = await c.get(url, params=params)
    assert r.status_code == 200, r.text
    bundle = r.json()
    assert bundle["type"] == "searchset"
    return [e["resource"]["id"] for e in bundle.get("entry", [])]


async def test_patient_by_name_parts_case_insensitive_and_danish(c) -> None:
    assert await ids(c, "/Patient", given="Poul") == ["poul"]
    assert await ids(c, "/Patient", given="erik") == ["poul"]
    assert await ids(c, "/Patient", family="MAD") == ["poul"]
    assert await ids(c, "/Patient", name="poul erik") == ["poul"]
    assert await ids(c, "/Patient", name="ærø") == ["soeren"]
    assert await ids(c, "/Patient", given="SØR") == ["soeren"]
    assert await ids(c, "/Patient", given="åge") == ["soeren"]
    assert await ids(c, "/Patient", name="madsen,ærøskøbing") == ["poul", "soeren"]
    assert await ids(c, "/Patient", given="adsen") == []
    assert await ids(c, "/Patient", _id="soeren") == ["soeren"]


async def test_identifier_with_and_without_system(c) -> None:
    assert await ids(c, "/Patient", identifier="urn:oid:1.2.208.176.1.2|1203541237") == ["poul"]
    assert await ids(c, "/Patient", identifier="1203541237") == ["poul"]
    assert await ids(c, "/Patient", identifier="urn:other|1203541237") == []


async def test_patient_and_subject_references(c) -> None:
    assert len(await ids(c, "/Observation", patient="poul")) == 31
    assert len(await ids(c, "/Observation", patient="Patient/poul")) == 31
    assert len(await ids(c, "/Observation", patient=f"{BASE}/Patient/poul")) == 31
    assert len(await ids(c, "/Observation", subject="Patient/poul")) == 31
    assert await ids(c, "/Observation", patient="soeren") == ["soeren-lab-0"]
    assert await ids(c, "/Appointment", patient="poul") == ["appt-1"]
    assert await ids(c, "/Appointment", actor="Organization/ouh-j") == ["appt-1"]
    assert await ids(c, "/Immunization", patient="poul") == ["imm-1"]
    assert await ids(c, "/AuditEvent", patient="poul") == ["audit-old-1"]
    assert await ids(c, "/AuditEvent", entity="Patient/poul") == ["audit-old-1"]


async def test_tokens_category_code_status(c) -> None:
    assert len(await ids(c, "/Observation", patient="poul", category="laboratory")) == 30
    assert len(await ids(c, "/Observation", patient="poul", category=LAB)) == 30
    assert await ids(c, "/Observation", patient="poul", category="vital-signs") == ["poul-spo2"]
    assert len(await ids(c, "/Observation", patient="poul", code="NPU03230")) == 15
    assert len(await ids(c, "/Observation", patient="poul", code="http://npu-terminology.org|NPU18016")) == 15
    assert len(await ids(c, "/Observation", patient="poul", code="NPU03230,NPU18016")) == 30
    assert await ids(c, "/Observation", code="http://loinc.org|NPU03230") == []
    assert await ids(c, "/MedicationStatement", patient="poul", status="active") == ["med-1"]
    assert await ids(c, "/MedicationStatement", patient="poul", status="stopped") == []
    assert len(await ids(c, "/Observation", **{"patient": "poul", "code:not": "NPU03230"})) == 16


async def test_date_prefixes_on_main_dates(c) -> None:
    # labs one a day from 2024-01-01 (n=0..29), at 08:30+01:00
    assert len(await ids(c, "/Observation", patient="poul", category="laboratory", date="2024-01")) == 30
    assert await ids(c, "/Observation", patient="poul", date="2024-01-05") == ["poul-lab-4"]
    assert len(await ids(c, "/Observation", patient="poul", date="ge2024-01-25")) == 6
    assert len(await ids(c, "/Observation", patient="poul", date="gt2024-01-25")) == 5
    assert len(await ids(c, "/Observation", patient="poul", category="laboratory", date="lt2024-01-03")) == 2
    assert len(await ids(c, "/Observation", patient="poul", category="laboratory", date="le2024-01-03")) == 3
    assert len(await ids(c, "/Observation", patient="poul", category="laboratory", date="ne2024-01-03")) == 29
    two_sided = await c.get("/Observation?patient=poul&date=ge2024-01-10&date=lt2024-01-12")
    assert [e["resource"]["id"] for e in two_sided.json()["entry"]] == ["poul-lab-9", "poul-lab-10"]
    assert await ids(c, "/Observation", patient="poul", date="sa2024-01-30T12:00:00Z") == []
    assert await ids(c, "/Observation", patient="poul", date="sa2024-01-29T12:00:00Z") == ["poul-lab-29"]
    assert await ids(c, "/Observation", patient="poul", date="eb2023-12-01") == ["poul-spo2"]
    assert await ids(c, "/Encounter", patient="poul", date="2024-02") == ["enc-1"]  # eq: period inside
    assert await ids(c, "/Encounter", patient="poul", date="2024-02-03") == []  # eq: not inside the day
    overlap = await c.get("/Encounter?patient=poul&date=ge2024-02-03&date=le2024-02-03")
    assert [e["resource"]["id"] for e in overlap.json()["entry"]] == ["enc-1"]
    assert await ids(c, "/Encounter", patient="poul", date="ge2024-02-06") == []
    assert await ids(c, "/DocumentReference", patient="poul", date="ge2024-02") == ["note-1"]
    assert await ids(c, "/Appointment", patient="poul", date="ge2029-12-31") == ["appt-1"]
    assert await ids(c, "/AllergyIntolerance", patient="poul", date="2010") == ["cave-1"]
    assert await ids(c, "/Flag", patient="poul", date="ge2025") == ["flag-1"]  # open-ended period


async def test_last_updated_and_sort(c) -> None:
    # lab n was lastUpdated 2024-01-(n+1)T12:00Z; others 2024-06-01
    assert len(await ids(c, "/Observation", patient="poul", _lastUpdated="gt2024-01-28")) == 3
    newest = await ids(c, "/Observation", patient="poul", category="laboratory", _sort="-date", _count="3")
    assert newest == ["poul-lab-29", "poul-lab-28", "poul-lab-27"]
    oldest = await ids(c, "/Observation", patient="poul", _sort="date", _count="2")
    assert oldest == ["poul-spo2", "poul-lab-0"]
    by_update = await ids(c, "/Observation", patient="poul", _sort="-_lastUpdated", _count="2")
    assert by_update[0] == "poul-spo2"
    asc_update = await ids(c, "/Observation", patient="poul", _sort="_lastUpdated", _count="1")
    assert asc_update == ["poul-lab-0"]


async def test_paging_follows_next_links_to_the_end(c) -> None:
    url: str | None = f"{BASE}/Observation?patient=poul&_count=7&_sort=-date"
    seen: list[str] = []
    totals = set()
    pages = 0
    while url:
        r = await c.get(url)
        bundle = r.json()
        totals.add(bundle["total"])
        seen += [e["resource"]["id"] for e in bundle.get("entry", [])]
        for e in bundle.get("entry", []):
            assert e["fullUrl"] == f"{BASE}/Observation/{e['resource']['id']}"
            assert e["search"]["mode"] == "match"
        nxt = [link["url"] for link in bundle["link"] if link["relation"] == "next"]
        assert all(u.startswith(BASE + "/Observation?") for u in nxt)
        url = nxt[0] if nxt else None
        pages += 1
    assert totals == {31}
    assert pages == 5
    assert len(seen) == 31 == len(set(seen))
    assert seen[0] == "poul-lab-29"


async def test_count_default_and_bounds(c) -> None:
    default = (await c.get("/Observation", params={"patient": "poul"})).json()
    assert len(default["entry"]) == 31
    huge = await c.get("/Observation", params={"patient": "poul", "_count": "100000"})
    assert huge.status_code == 200
    for bad in ("-1", "ten", "1.5"):
        r = await c.get("/Observation", params={"patient": "poul", "_count": bad})
        assert r.status_code == 400
        assert r.json()["resourceType"] == "OperationOutcome"


async def test_elements_keep_only_asked_elements_and_tag_subsetted(c) -> None:
    r = await c.get("/Observation", params={"patient": "poul", "_elements": "code,effectiveDateTime", "_count": "2"})
    for entry in r.json()["entry"]:
        res = entry["resource"]
        assert set(res) == {"resourceType", "id", "meta", "code", "effectiveDateTime"}
        assert {
            "system": "http://terminology.hl7.org/CodeSystem/v3-ObservationValue",
            "code": "SUBSETTED",
            "display": "Resource encoded in summary mode",
        } in res["meta"]["tag"]
    full = await c.get("/Observation/poul-lab-0")
    assert "valueQuantity" in full.json()  # the store itself is untouched
    read_subset = await c.get("/Patient/poul", params={"_elements": "name"})
    assert set(read_subset.json()) == {"resourceType", "id", "meta", "name"}


async def test_summary_count_and_true(c) -> None:
    r = await c.get("/Observation", params={"patient": "poul", "_summary": "count"})
    bundle = r.json()
    assert bundle["total"] == 31 and "entry" not in bundle
    r = await c.get("/Observation", params={"patient": "poul", "_summary": "true", "_count": "1"})
    res = r.json()["entry"][0]["resource"]
    assert "referenceRange" not in res and "valueQuantity" in res
    assert any(t["code"] == "SUBSETTED" for t in res["meta"]["tag"])
    assert (await c.get("/Observation", params={"_summary": "maybe"})).status_code == 400


async def test_unknown_param_is_400_unless_lenient(c) -> None:
    r = await c.get("/Observation", params={"patient": "poul", "flavour": "sweet"})
    assert r.status_code == 400
    assert r.json()["issue"][0]["code"] == "not-supported"
    r = await c.get(
        "/Observation", params={"patient": "poul", "flavour": "sweet"}, headers={"Prefer": "handling=lenient"}
    )
    assert r.status_code == 200
    assert r.json()["total"] == 31
    assert "flavour" not in r.json()["link"][0]["url"]
    assert (await c.get("/Observation", params={"code:text": "kalium"})).status_code == 400
    assert (await c.get("/Observation", params={"_sort": "colour"})).status_code == 400


async def test_bad_values_are_400(c) -> None:
    for params in (
        {"date": "yesterday"},
        {"date": "ge2024-13-01"},
        {"_lastUpdated": "gt2024-02-30"},
        {"patient": "a/b/c d"},
        {"_offset": "-3"},
        {"_format": "xml"},
    ):
        r = await c.get("/Observation", params=params)
        assert r.status_code in (400, 406), params
        assert r.json()["resourceType"] == "OperationOutcome"


async def test_batch_of_searches_and_reads_with_a_failing_entry(c) -> None:
    batch = {
        "resourceType": "Bundle",
        "type": "batch",
        "entry": [
            {"request": {"method": "GET", "url": "Patient/poul"}},
            {"request": {"method": "GET", "url": "Observation?patient=poul&category=laboratory&_count=100"}},
            {"request": {"method": "GET", "url": "Observation?patient=poul&flavour=sweet"}},
            {"request": {"method": "GET", "url": "Patient/poul", "ifNoneMatch": 'W/"1"'}},
            {"request": {"method": "GET", "url": f"{BASE}/AllergyIntolerance?patient=poul&_summary=count"}},
            {"request": {"method": "GET", "url": "Patient/nobody"}},
            {"request": {"method": "DELETE", "url": "Patient/poul"}},
            {"nonsense": True},
        ],
    }
    r = await c.post("/", json=batch, headers={"Content-Type": "application/fhir+json"})
    assert r.status_code == 200
    out = r.json()
    assert out["type"] == "batch-response"
    statuses = [e["response"]["status"] for e in out["entry"]]
    assert statuses == [
        "200 OK",
        "200 OK",
        "400 Bad Request",
        "304 Not Modified",
        "200 OK",
        "404 Not Found",
        "400 Bad Request",
        "400 Bad Request",
    ]
    first, labs, bad, same, count = out["entry"][:5]
    assert first["resource"]["id"] == "poul" and first["response"]["etag"] == 'W/"1"'
    assert labs["resource"]["type"] == "searchset" and labs["resource"]["total"] == 30
    assert len(labs["resource"]["entry"]) == 30
    assert bad["response"]["outcome"]["issue"][0]["code"] == "not-supported"
    assert "resource" not in same
    assert count["resource"]["total"] == 1


async def test_batch_refuses_non_batch_bodies(c) -> None:
    assert (await c.post("/", content=b"{nope")).status_code == 400
    assert (await c.post("/", json={"resourceType": "Patient"})).status_code == 400
    r = await c.post("/", json={"resourceType": "Bundle", "type": "transaction", "entry": []})
    assert r.status_code == 400 and r.json()["issue"][0]["code"] == "not-supported"


async def test_20000_observations_search_and_paging_over_a_large_store() -> None:
    """A large store answers a filtered search and its next page correctly (speed: bench/)."""
    app = create_app(bundles=[big_observation_bundle(20_000)])
    async with client_for(app) as c:
        params = {"patient": "poul", "category": "laboratory", "_sort": "-date", "_count": "50"}
        first = await c.get("/Observation", params=params)  # computes and caches search keys
        assert first.json()["total"] == 20_000
        other = {**params, "date": "ge2000-01-01", "code": "NPU03230"}
        r = await c.get("/Observation", params=other)  # a new search over the warm store
        assert r.status_code == 200 and r.json()["total"] > 1000
        page1 = [e["resource"]["id"] for e in r.json()["entry"]]
        nxt = next(link["url"] for link in r.json()["link"] if link["relation"] == "next")
        page2 = [e["resource"]["id"] for e in (await c.get(nxt)).json()["entry"]]
        assert len(page1) == len(page2) == 50 and not set(page1) & set(page2)
