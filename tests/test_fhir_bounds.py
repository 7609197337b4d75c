"""Bounds on what the server controls: nesting depth, Bundle shape, attachment size, pages,
and paging behind a reverse proxy (followed only onto the configured base)."""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from sjtui.fhir import FhirClient, FhirError, FhirProtocolError, RetryPolicy
from sjtui.fhir.client import MAX_PAGES
from sjtui.fhir.errors import ErrorKind
from sjtui.fhir.jsondepth import MAX_DEPTH, TYPE_KEY, UNREADABLE_KEY, max_depth
from sjtui.fhir.models import parse_json
from sjtui.fhir.results import BatchRequest

from faulty_demo import faulty_client

BASE = "http://fhir.test/r4"
JSON = {"content-type": "application/fhir+json"}


def _deep_text(depth: int) -> str:
    inner = '{"url":"u","valueString":"bottom"}'
    return '{"url":"u","extension":[' * depth + inner + "]}" * depth


def _client(handler) -> FhirClient:
    return FhirClient(BASE, transport=httpx.MockTransport(handler), retry=RetryPolicy(attempts=1))


async def test_a_5000_deep_resource_is_a_bound_error_not_a_recursion_error() -> None:
    body = '{"resourceType":"Observation","id":"o1","extension":[' + _deep_text(5000) + "]}"
    async with _client(lambda r: httpx.Response(200, content=body.encode(), headers=JSON)) as fhir:
        with pytest.raises(FhirError) as info:
            await fhir.read("Observation", "o1")
    assert (info.value.kind, info.value.detail) == (ErrorKind.BOUND, "too-deep")


@pytest.mark.parametrize("depth", [150, 5000])
async def test_a_too_deep_entry_is_marked_and_the_others_are_kept(depth: int) -> None:
    good = {"resourceType": "Observation", "id": "ok", "valueString": 'a [[[ " {{{ \\ ]'}
    deep = '{"resourceType":"Observation","id":"deep","extension":[' + _deep_text(depth) + "]}"
    body = (
        '{"resourceType":"Bundle","type":"searchset","entry":[{"resource":'
        + json.dumps(good)
        + '},{"resource":'
        + deep
        + '},{"resource":'
        + json.dumps({**good, "id": "ok2"})
        + "}]}"
    )
    async with _client(lambda r: httpx.Response(200, content=body.encode(), headers=JSON)) as fhir:
        result = await fhir.search("Observation", {"patient": "p1"})
    assert [r.get("id") for r in result.resources] == ["ok", "deep", "ok2"]
    assert result.resources[0] == good
    marked = result.resources[1]
    assert marked[UNREADABLE_KEY] == "too-deep" and marked[TYPE_KEY] == "Observation"
    assert "resourceType" not in marked  # the mapping's sign of an entry it cannot read


def test_depth_is_measured_outside_strings() -> None:
    assert max_depth(b'{"a":"[[[[{{{{","b":[{"c":"\\\\"}]}') == 3
    assert max_depth(b'"[[["') == 0
    nested = ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)).encode()
    with pytest.raises(FhirError):
        parse_json(nested)


async def test_a_bundle_whose_entry_is_not_a_list_is_unreadable_not_empty() -> None:
    body = {"resourceType": "Bundle", "type": "searchset", "entry": {"resource": {}}}
    async with _client(lambda r: httpx.Response(200, json=body, headers=JSON)) as fhir:
        with pytest.raises(FhirProtocolError):
            await fhir.search("AllergyIntolerance", {"patient": "p1"})


async def test_an_operation_outcome_in_place_of_a_search_result_is_an_error() -> None:
    outcome = {"resourceType": "OperationOutcome", "issue": [{"severity": "error"}]}
    async with _client(lambda r: httpx.Response(200, json=outcome, headers=JSON)) as fhir:
        with pytest.raises(FhirProtocolError):
            await fhir.search("AllergyIntolerance", {"patient": "p1"})


async def test_a_10_mb_text_attachment_is_read_up_to_the_limit_and_marked_truncated() -> None:
    client, app = faulty_client("huge=10MB,path=/Binary", max_attachment_bytes=256 * 1024)
    async with client:
        data = await client.fetch_attachment("Binary/poul-bin-001", content_type="text/plain")
    assert len(data) == 256 * 1024 and data.truncated
    assert app.state.request_log[-1].path == "/Binary/poul-bin-001"


async def test_a_small_attachment_is_whole() -> None:
    client, _ = faulty_client()
    async with client:
        data = await client.fetch_attachment("Binary/poul-bin-001", content_type="text/plain")
    assert 0 < len(data) < 1024 * 1024 and not data.truncated


async def test_a_large_binary_resource_is_cut_too() -> None:
    payload = b"x" * 300_000
    binary = {"resourceType": "Binary", "contentType": "text/plain", "data": base64.b64encode(payload).decode()}
    async with _client(lambda r: httpx.Response(200, json=binary, headers=JSON)) as fhir:
        data = await fhir.fetch_attachment("Binary/b1", max_bytes=100_000)
    assert data == payload[:100_000] and data.truncated


async def test_endless_paging_stops_at_the_page_bound_with_a_clear_error() -> None:
    client, app = faulty_client("endless-paging")
    async with client:
        with pytest.raises(FhirError) as info:
            await client.search("Observation", {"patient": "poul"})
    assert (info.value.kind, info.value.detail) == (ErrorKind.BOUND, "too-many-pages")
    assert len(app.state.request_log) <= MAX_PAGES + 2


async def test_next_links_on_the_declared_internal_base_are_followed_on_the_configured_one() -> None:
    plain, _ = faulty_client()
    async with plain:
        expected = await plain.search("Observation", {"patient": "poul"})
    client, app = faulty_client("behind-proxy=http://internal.invalid:8080/fhir")
    async with client:
        result = await client.search("Observation", {"patient": "poul"})
    assert result.pages == expected.pages > 1
    assert [r["id"] for r in result.resources] == [r["id"] for r in expected.resources]
    assert set(app.state.transport.hosts) == {"demo"}  # never to the internal address


async def test_next_links_to_an_undeclared_base_are_still_refused() -> None:
    client, _ = faulty_client("behind-proxy=http://internal.invalid:8080/fhir,declared=no")
    async with client:
        with pytest.raises(FhirError) as info:
            await client.search("Observation", {"patient": "poul"})
    assert info.value.kind == ErrorKind.REFUSED_LINK


async def test_a_too_deep_entry_inside_a_batch_search_result_keeps_its_neighbours() -> None:
    deep = '{"resourceType":"Observation","id":"deep","extension":[' + _deep_text(5000) + "]}"
    ok = json.dumps({"resourceType": "Observation", "id": "ok"})
    searchset = (
        '{"resourceType":"Bundle","type":"searchset","entry":[{"resource":' + ok + '},{"resource":' + deep + "}]}"
    )
    body = (
        '{"resourceType":"Bundle","type":"batch-response","entry":[{"resource":'
        + searchset
        + ',"response":{"status":"200 OK"}}]}'
    )
    async with _client(lambda r: httpx.Response(200, content=body.encode(), headers=JSON)) as fhir:
        (response,) = await fhir.batch([BatchRequest("Observation?patient=p1")])
    entries = [e["resource"] for e in response.resource["entry"]]
    assert entries[0]["id"] == "ok" and entries[1][UNREADABLE_KEY] == "too-deep"


@pytest.mark.parametrize(("size", "truncated"), [(1000, False), (1001, True)])
async def test_an_attachment_of_exactly_the_limit_is_whole(size: int, truncated: bool) -> None:
    text = {"content-type": "text/plain"}
    async with _client(lambda r: httpx.Response(200, content=b"a" * size, headers=text)) as fhir:
        data = await fhir.fetch_attachment("Binary/b1", content_type="text/plain", max_bytes=1000)
    assert len(data) == 1000 and data.truncated is truncated
