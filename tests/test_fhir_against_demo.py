"""The client against the embedded demo server, in-process over httpx's ASGI transport."""

from __future__ import annotations

import uuid

import httpx
import pytest

from sjtui import demo
from sjtui.fhir import BatchRequest, FhirClient, FhirNotFoundError, FhirOfflineError, RetryPolicy

BASE = "http://demo"


@pytest.fixture(scope="module")
def app():
    return demo.create_app()


class FakeSleep:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


@pytest.fixture
def sleep() -> FakeSleep:
    return FakeSleep()


@pytest.fixture
async def fhir(app, sleep):
    client = FhirClient(BASE, transport=httpx.ASGITransport(app=app), retry=RetryPolicy(sleep=sleep))
    async with client:
        yield client
    faults = getattr(app.state, "faults", None)
    if faults is not None:
        faults.clear()


def _refers_to_poul(resource: dict) -> bool:
    ref = (resource.get("subject") or resource.get("patient") or {}).get("reference", "")
    return ref.endswith("Patient/poul")


async def test_capabilities(fhir: FhirClient) -> None:
    caps = await fhir.capabilities()
    assert caps.parsed and caps.fhir_version and caps.fhir_version.startswith("4.")
    assert caps.batch_supported and caps.batch_search_supported


async def test_paging_observations(fhir: FhirClient) -> None:
    result = await fhir.search("Observation", {"patient": "poul", "_count": "10"})
    ids = [r["id"] for r in result.resources]
    assert result.pages > 1 and len(ids) > 10
    assert len(set(ids)) == len(ids)  # no page repeated or overlapping
    assert all(_refers_to_poul(r) for r in result.resources)
    if result.total is not None:
        assert result.total == len(ids)
    assert fhir.meter.snapshot().round_trips == result.pages


async def test_batch_of_searches_and_follow_next(fhir: FhirClient) -> None:
    out = await fhir.batch(
        [
            BatchRequest("Patient/poul"),
            BatchRequest("AllergyIntolerance?patient=poul"),
            BatchRequest("Observation?patient=poul&_count=5"),
            BatchRequest("MedicationStatement?patient=poul"),
        ]
    )
    assert [r.status for r in out] == [200, 200, 200, 200]
    assert out[0].resource["resourceType"] == "Patient"
    assert fhir.meter.snapshot().round_trips == 1
    observations = out[2].resource
    assert observations["resourceType"] == "Bundle"
    first = [e["resource"] for e in observations.get("entry", [])]
    rest = await fhir.follow_next(observations)
    everything = await fhir.search("Observation", {"patient": "poul", "_count": "100"})
    assert sorted(r["id"] for r in first + rest) == sorted(r["id"] for r in everything.resources)


async def test_batch_entry_failure_is_returned(fhir: FhirClient) -> None:
    out = await fhir.batch([BatchRequest("Patient/does-not-exist"), BatchRequest("Patient/poul")])
    assert out[0].status == 404 and out[0].resource is None
    assert out[1].status == 200


async def test_conditional_read_304(fhir: FhirClient) -> None:
    first = await fhir.read("Patient", "poul")
    assert first.resource["id"] == "poul" and first.etag
    again = await fhir.read("Patient", "poul", etag=first.etag)
    assert again.not_modified and again.resource is None
    snap = fhir.meter.snapshot()
    assert snap.round_trips == 2 and snap.total.not_modified == 1
    with pytest.raises(FhirNotFoundError):
        await fhir.read("Patient", "nobody")


async def test_gzip_on_the_wire(fhir: FhirClient) -> None:
    await fhir.search("Observation", {"patient": "poul", "_count": "100"})
    snap = fhir.meter.snapshot()
    assert snap.bytes_received < snap.decoded_bytes / 2


async def test_elements_trims_the_payload(fhir: FhirClient) -> None:
    full = await fhir.read("Patient", "poul")
    slim = await fhir.read("Patient", "poul", elements=["birthDate"])
    assert "birthDate" in slim.resource and len(slim.resource) < len(full.resource)


async def test_audit_event_conditional_create_stores_once(fhir: FhirClient) -> None:
    key = f"urn:uuid:{uuid.uuid4()}"
    event = {
        "resourceType": "AuditEvent",
        "type": {"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "110110"},
        "action": "R",
        "recorded": "2024-05-01T10:00:00+02:00",
        "outcome": "0",
        "agent": [{"requestor": True, "who": {"display": "Test Sygeplejerske"}}],
        "source": {"observer": {"display": "sjtui"}},
        "entity": [
            {"what": {"reference": "Patient/poul"}},
            {"what": {"identifier": {"system": "urn:ietf:rfc:3986", "value": key}}},
        ],
    }
    condition = f"identifier=urn:ietf:rfc:3986|{key}"
    first = await fhir.create(event, if_none_exist=condition)
    second = await fhir.create(event, if_none_exist=condition)
    assert first.status == 201 and first.id
    assert second.status == 200 and second.id in (None, first.id)
    found = await fhir.search("AuditEvent", {"identifier": f"urn:ietf:rfc:3986|{key}"})
    assert [r["id"] for r in found.resources] == [first.id]


def _audit_event(key: str) -> dict:
    return {
        "resourceType": "AuditEvent",
        "type": {"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "110110"},
        "action": "R",
        "recorded": "2024-05-01T10:00:00+02:00",
        "agent": [{"requestor": True, "who": {"display": "Test Sygeplejerske"}}],
        "source": {"observer": {"display": "sjtui"}},
        "entity": [{"what": {"identifier": {"system": "urn:ietf:rfc:3986", "value": key}}}],
    }


async def test_retry_after_from_server_is_honoured(app, fhir: FhirClient, sleep) -> None:
    app.state.faults.fail_next(2, status=503, retry_after=2, path="/Patient")
    result = await fhir.read("Patient", "poul")
    assert result.resource["id"] == "poul"
    assert sleep.delays == [2.0, 2.0]
    assert fhir.meter.snapshot().round_trips == 3


async def test_dropped_conditional_create_is_retried_and_stored_once(app, fhir: FhirClient) -> None:
    key = f"urn:uuid:{uuid.uuid4()}"
    condition = f"identifier=urn:ietf:rfc:3986|{key}"
    # The server stores the event, then the answer is lost: the retry must not store it twice.
    app.state.faults.drop_after_handling_next(1, method="POST", path="/AuditEvent")
    result = await fhir.create(_audit_event(key), if_none_exist=condition)
    assert result.status in (200, 201)
    found = await fhir.search("AuditEvent", {"identifier": f"urn:ietf:rfc:3986|{key}"})
    assert len(found.resources) == 1


async def test_dropped_plain_create_is_not_retried(app, fhir: FhirClient) -> None:
    key = f"urn:uuid:{uuid.uuid4()}"
    app.state.faults.drop_after_handling_next(1, method="POST", path="/AuditEvent")
    with pytest.raises(FhirOfflineError):
        await fhir.create(_audit_event(key))
    found = await fhir.search("AuditEvent", {"identifier": f"urn:ietf:rfc:3986|{key}"})
    assert len(found.resources) == 1  # stored by the one request that was sent
