"""The client adapts to what a server declares: `_include` of report results on the labs pane
only where the CapabilityStatement's `searchInclude` offers it."""

from __future__ import annotations

import gzip
import json

import httpx

from sjtui.fhir import FhirClient, parse_capabilities
from sjtui.record.fetch import FetchPlan, RecordFetcher


def _statement(includes: list[str] | None) -> dict:
    report: dict = {"type": "DiagnosticReport", "searchParam": [{"name": "patient"}]}
    if includes is not None:
        report["searchInclude"] = includes
    return {
        "resourceType": "CapabilityStatement",
        "fhirVersion": "4.0.1",
        "rest": [{"mode": "server", "interaction": [{"code": "batch"}], "resource": [report]}],
    }


def test_search_include_is_read_per_type() -> None:
    caps = parse_capabilities(_statement(["DiagnosticReport:result", "DiagnosticReport:subject"]))
    assert caps.supports_include("DiagnosticReport", "DiagnosticReport:result")
    assert not caps.supports_include("Observation", "DiagnosticReport:result")
    assert parse_capabilities(_statement(["*"])).supports_include("DiagnosticReport", "DiagnosticReport:result")
    assert not parse_capabilities(_statement(None)).supports_include("DiagnosticReport", "DiagnosticReport:result")
    assert not parse_capabilities({"junk": 1}).supports_include("DiagnosticReport", "DiagnosticReport:result")


async def _urls_sent(statement: dict) -> list[str]:
    """The search URLs the fetch engine puts in its batches against a server with `statement`."""
    sent: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/metadata"):
            return httpx.Response(200, json=statement)
        content = request.content
        if request.headers.get("content-encoding") == "gzip":  # large batches go compressed
            content = gzip.decompress(content)
        bundle = json.loads(content)
        entries = []
        for entry in bundle["entry"]:
            sent.append(entry["request"]["url"])
            entries.append(
                {"response": {"status": "200"}, "resource": {"resourceType": "Bundle", "type": "searchset", "total": 0}}
            )
        return httpx.Response(200, json={"resourceType": "Bundle", "type": "batch-response", "entry": entries})

    async with FhirClient("https://fhir.example.test", transport=httpx.MockTransport(answer)) as client:
        async for _ in RecordFetcher(client).fetch(FetchPlan(patient_id="p1")):
            pass
    return sent


async def test_labs_reports_bring_their_results_where_the_server_offers_it() -> None:
    offered = await _urls_sent(_statement(["DiagnosticReport:result"]))
    reports = [u for u in offered if u.startswith("DiagnosticReport?")]
    assert any("_include=DiagnosticReport:result" in u and "category=" not in u for u in reports)
    assert all("_include" not in u for u in reports if "category=RAD" in u)
    not_offered = await _urls_sent(_statement(None))
    assert not any("_include" in u for u in not_offered)
