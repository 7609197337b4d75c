"""CapabilityStatement probing: HAPI-like, Google-like, garbage; fetched once per client."""

from __future__ import annotations

import json

import httpx
import pytest

from sjtui.fhir import FhirClient, FhirOfflineError, RetryPolicy, parse_capabilities

HAPI = {
    "resourceType": "CapabilityStatement",
    "status": "active",
    "kind": "instance",
    "fhirVersion": "4.0.1",
    "format": ["application/fhir+xml", "application/fhir+json"],
    "software": {"name": "HAPI FHIR Server", "version": "7.4.0"},
    "publisher": "Not provided",
    "rest": [
        {
            "mode": "server",
            "interaction": [{"code": "transaction"}, {"code": "history-system"}],
            "resource": [
                {
                    "type": "Observation",
                    "conditionalRead": "full-support",
                    "conditionalCreate": True,
                    "searchParam": [
                        {"name": "patient", "type": "reference"},
                        {"name": "date", "type": "date"},
                        {"name": "_lastUpdated"},
                    ],
                },
                {
                    "type": "Patient",
                    "conditionalRead": "not-match",
                    "searchParam": [{"name": "identifier"}, {"name": "given"}],
                },
                {"type": "AuditEvent", "conditionalCreate": True},
            ],
        }
    ],
}

GOOGLE = {
    "resourceType": "CapabilityStatement",
    "fhirVersion": "4.0.1",
    "name": "Cloud Healthcare API FHIR R4 Capability Statement",
    "publisher": "Google",
    "software": {"name": "Cloud Healthcare API"},
    "format": ["json"],
    "rest": [
        {
            "mode": "server",
            "interaction": [{"code": "batch"}, {"code": "transaction"}],
            "resource": [{"type": "Patient", "conditionalRead": "full-support"}],
        }
    ],
}


def test_hapi_like() -> None:
    caps = parse_capabilities(HAPI)
    assert caps.parsed and caps.fhir_version == "4.0.1"
    assert caps.software_name == "HAPI FHIR Server" and caps.software_version == "7.4.0"
    assert caps.batch_supported and caps.batch_search_supported
    assert caps.supports_elements and caps.supports_summary_count
    assert caps.conditional_read and caps.supports_conditional_read("Patient")
    assert not caps.supports_conditional_read("AuditEvent")
    assert caps.conditional_create and caps.supports_conditional_create("AuditEvent")
    assert caps.supports_search_param("Observation", "date")
    assert caps.search_params["Patient"] == frozenset({"identifier", "given"})
    assert "application/fhir+json" in caps.formats


def test_google_like_batch_cannot_search() -> None:
    caps = parse_capabilities(GOOGLE)
    assert caps.batch_supported and not caps.batch_search_supported
    assert not caps.supports_summary_count
    assert parse_capabilities(GOOGLE, batch_search=True).batch_search_supported
    assert not parse_capabilities(HAPI, batch_search=False).batch_search_supported


@pytest.mark.parametrize(
    "garbage",
    [
        None,
        42,
        "x",
        [],
        {},
        {"resourceType": "Patient"},
        {"resourceType": "CapabilityStatement", "rest": "nope", "software": [1], "format": "json"},
        {
            "resourceType": "CapabilityStatement",
            "rest": [
                None,
                {
                    "resource": [
                        {"type": 3},
                        {"type": "Patient", "searchParam": [{"name": None}, 7]},
                    ],
                    "interaction": "batch",
                },
            ],
        },
    ],
)
def test_garbage_gives_conservative_defaults(garbage) -> None:
    caps = parse_capabilities(garbage)
    assert not caps.batch_supported and not caps.batch_search_supported
    assert not caps.conditional_create


def test_no_rest_means_no_batch() -> None:
    caps = parse_capabilities({"resourceType": "CapabilityStatement", "fhirVersion": "4.0.1"})
    assert caps.parsed and not caps.batch_supported and not caps.supports_elements


def _client(handler) -> tuple[FhirClient, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    async def no_sleep(_: float) -> None:
        return None

    return (
        FhirClient(
            "http://fhir.test/base",
            transport=httpx.MockTransport(record),
            retry=RetryPolicy(sleep=no_sleep),
        ),
        seen,
    )


async def test_fetched_once_and_cached() -> None:
    fhir, seen = _client(
        lambda r: httpx.Response(
            200,
            content=json.dumps(HAPI).encode(),
            headers={"content-type": "application/fhir+json"},
        )
    )
    async with fhir:
        first = await fhir.capabilities()
        second = await fhir.capabilities()
    assert first is second and first.batch_supported
    assert len(seen) == 1 and seen[0].url.path == "/base/metadata"


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(404),
        httpx.Response(500),
        httpx.Response(200, content=b"<html>", headers={"content-type": "text/html"}),
        httpx.Response(200, content=b"{]", headers={"content-type": "application/json"}),
    ],
)
async def test_unusable_metadata_gives_defaults(response) -> None:
    fhir, _ = _client(lambda r: response)
    async with fhir:
        caps = await fhir.capabilities()
    assert not caps.parsed and not caps.batch_supported


async def test_offline_is_raised_and_not_cached() -> None:
    calls = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] <= 4:
            raise httpx.ConnectError("down")
        return httpx.Response(200, json=HAPI)

    fhir, _ = _client(handler)
    async with fhir:
        with pytest.raises(FhirOfflineError):
            await fhir.capabilities()
        assert (await fhir.capabilities()).batch_supported
