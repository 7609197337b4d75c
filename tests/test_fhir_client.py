"""The client's FHIR behaviour over a mock transport: paging, batch, 304, errors, attachments."""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from sjtui import __version__
from sjtui.fhir import (
    BatchRequest,
    FhirAuthError,
    FhirClient,
    FhirError,
    FhirHttpError,
    FhirNotFoundError,
    FhirOfflineError,
    FhirProtocolError,
    FhirUsageError,
    RetryPolicy,
)

BASE = "https://fhir.test/r4"
CPR = "1203541237"


def fhir_json(body, status: int = 200, headers=None) -> httpx.Response:
    h = {"content-type": "application/fhir+json; charset=utf-8", **(headers or {})}
    return httpx.Response(status, content=json.dumps(body).encode(), headers=h)


def searchset(resources, next_url=None, total=None, includes=()):
    bundle = {
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": [{"resource": r, "search": {"mode": "match"}} for r in resources]
        + [{"resource": r, "search": {"mode": "include"}} for r in includes],
    }
    if total is not None:
        bundle["total"] = total
    if next_url:
        bundle["link"] = [{"relation": "self", "url": "x"}, {"relation": "next", "url": next_url}]
    return bundle


async def _chunks(*parts: bytes):
    for part in parts:
        yield part


def obs(i: int) -> dict:
    return {"resourceType": "Observation", "id": f"o{i}"}


def make(handler, **kw) -> tuple[FhirClient, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    async def no_sleep(_: float) -> None:
        return None

    kw.setdefault("retry", RetryPolicy(sleep=no_sleep))
    return FhirClient(BASE, transport=httpx.MockTransport(record), **kw), seen


async def test_default_headers() -> None:
    fhir, seen = make(lambda r: fhir_json({"resourceType": "Patient", "id": "p"}))
    async with fhir:
        await fhir.read("Patient", "p")
    headers = seen[0].headers
    assert headers["accept"] == "application/fhir+json"
    assert headers["user-agent"] == f"sjtui/{__version__}"
    assert "gzip" in headers["accept-encoding"]


async def test_paging_follows_next_links_as_given() -> None:
    odd_token = "ct=ab%2Bc%3D%3D&x=a+b&_getpages=9f1c-77|q"

    def handler(request: httpx.Request) -> httpx.Response:
        q = request.url.query.decode()
        if request.url.path == "/r4/Observation" and "patient" in q:
            # relative next link, resolved against the base
            return fhir_json(searchset([obs(1), obs(2)], next_url=f"Observation?page=2&{odd_token}", total=5))
        if "page=2" in q:
            # absolute next link on the same server, cursor in the path
            return fhir_json(searchset([obs(3), obs(4)], next_url=f"{BASE}/_page/zz%2F9?_x=1"))
        if request.url.path == "/r4/_page/zz%2F9" or request.url.raw_path.startswith(b"/r4/_page/"):
            return fhir_json(searchset([obs(5)]))
        return httpx.Response(500)

    fhir, seen = make(handler)
    async with fhir:
        result = await fhir.search("Observation", {"patient": "poul", "_count": "2"})
    assert [r["id"] for r in result.resources] == ["o1", "o2", "o3", "o4", "o5"]
    assert result.total == 5 and result.pages == 3 and not result.truncated
    assert seen[0].url.params["_count"] == "2"
    # the cursor arrives byte for byte as the server wrote it
    assert seen[1].url.raw_path == f"/r4/Observation?page=2&{odd_token}".encode()
    assert seen[2].url.raw_path == b"/r4/_page/zz%2F9?_x=1"


async def test_search_pages_stops_at_max_pages() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        n = int(request.url.params.get("p", "1"))
        return fhir_json(searchset([obs(n)], next_url=f"Observation?p={n + 1}"))

    fhir, seen = make(handler)
    async with fhir:
        pages = [p async for p in fhir.search_pages("Observation", {"code": "x"}, max_pages=3)]
        result = await fhir.search("Observation", {"code": "x"}, max_pages=2)
    assert [p.index for p in pages] == [0, 1, 2]
    assert pages[-1].next_url == "Observation?p=4"
    assert result.truncated and len(result.resources) == 2
    assert len(seen) == 5


async def test_paging_loop_is_stopped() -> None:
    fhir, seen = make(lambda r: fhir_json(searchset([obs(1)], next_url="Observation?same=1")))
    async with fhir:
        result = await fhir.search("Observation", {"a": "b"})
    assert len(seen) == 2 and result.pages == 2


async def test_next_link_to_other_host_is_refused() -> None:
    fhir, seen = make(lambda r: fhir_json(searchset([obs(1)], next_url="https://evil.example/r4/Observation?p=2")))
    async with fhir:
        with pytest.raises(FhirProtocolError) as info:
            await fhir.search("Observation", {"patient": CPR})
    # One search; then /metadata, to see whether the server declares that base as its own.
    assert [r.url.path for r in seen] == ["/r4/Observation", "/r4/metadata"]
    assert all(r.url.host == "fhir.test" for r in seen)
    assert "evil" not in info.value.message and CPR not in info.value.message


async def test_includes_and_outcomes_are_kept_apart() -> None:
    bundle = searchset([obs(1)], includes=[{"resourceType": "Organization", "id": "org"}])
    bundle["entry"].append(
        {
            "resource": {"resourceType": "OperationOutcome", "issue": [{"severity": "warning"}]},
            "search": {"mode": "outcome"},
        }
    )
    bundle["entry"].append({"resource": "garbage"})
    bundle["entry"].append({"resource": {"id": "no-type"}})
    fhir, _ = make(lambda r: fhir_json(bundle))
    async with fhir:
        result = await fhir.search("Observation", {"_include": "Observation:performer"})
    assert result.resources == [obs(1), {}, {"id": "no-type"}]  # weird entries passed through
    assert result.included == [{"resourceType": "Organization", "id": "org"}]
    assert len(result.outcomes) == 1 and result.outcomes[0].issue[0].severity == "warning"


async def test_batch_with_a_failing_entry() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        sent = json.loads(request.content)
        assert sent["type"] == "batch"
        assert sent["entry"][1]["request"] == {
            "method": "GET",
            "url": "Patient/poul",
            "ifNoneMatch": 'W/"1"',
        }
        return fhir_json(
            {
                "resourceType": "Bundle",
                "type": "batch-response",
                "entry": [
                    {"resource": searchset([obs(1)]), "response": {"status": "200 OK"}},
                    {"response": {"status": "304 Not Modified", "etag": 'W/"1"'}},
                    {
                        "resource": {
                            "resourceType": "OperationOutcome",
                            "issue": [
                                {
                                    "severity": "error",
                                    "code": "processing",
                                    "diagnostics": "Unknown search parameter",
                                }
                            ],
                        },
                        "response": {"status": "400 Bad Request"},
                    },
                    {
                        "response": {
                            "status": "404",
                            "outcome": {"resourceType": "OperationOutcome", "issue": []},
                        }
                    },
                ],
            }
        )

    fhir, seen = make(handler)
    async with fhir:
        out = await fhir.batch(
            [
                BatchRequest("Observation?patient=poul&_count=100"),
                BatchRequest("Patient/poul", if_none_match='W/"1"'),
                BatchRequest("Observation?bogus=1"),
                BatchRequest("Flag/missing"),
            ]
        )
    assert seen[0].method == "POST" and seen[0].url == BASE
    assert seen[0].headers["content-type"] == "application/fhir+json"
    assert [r.status for r in out] == [200, 304, 400, 404]
    assert out[0].ok and out[0].resource["entry"][0]["resource"] == obs(1)
    assert out[1].not_modified and out[1].etag == 'W/"1"' and out[1].resource is None
    assert out[2].resource is None and out[2].outcome.text == "Unknown search parameter"
    assert out[3].outcome is not None


async def test_batch_entry_count_mismatch_is_protocol_error() -> None:
    fhir, _ = make(lambda r: fhir_json({"resourceType": "Bundle", "type": "batch-response"}))
    async with fhir:
        with pytest.raises(FhirProtocolError):
            await fhir.batch([BatchRequest("Patient/x")])
        assert await fhir.batch([]) == []
        with pytest.raises(FhirUsageError):
            await fhir.batch([BatchRequest("https://other/Patient/x")])


async def test_follow_next_from_batch_entry() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("p") == "2":
            return fhir_json(searchset([obs(2)], next_url=f"{BASE}/Observation?p=3"))
        return fhir_json(searchset([obs(3)]))

    fhir, seen = make(handler)
    async with fhir:
        more = await fhir.follow_next(searchset([obs(1)], next_url="Observation?p=2"))
        none = await fhir.follow_next(searchset([obs(1)]))
    assert [r["id"] for r in more] == ["o2", "o3"] and none == []
    assert len(seen) == 2


async def test_conditional_read_304() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.headers.get("if-none-match") == 'W/"3"':
            return httpx.Response(304, headers={"etag": 'W/"3"'})
        return fhir_json(
            {"resourceType": "Patient", "id": "poul", "meta": {"versionId": "3"}},
            headers={"etag": 'W/"3"'},
        )

    fhir, seen = make(handler)
    async with fhir:
        first = await fhir.read("Patient", "poul", elements=["name", "birthDate"])
        second = await fhir.read("Patient", "poul", etag=first.etag)
    assert first.resource["id"] == "poul" and first.etag == 'W/"3"' and not first.not_modified
    assert seen[0].url.params["_elements"] == "name,birthDate"
    assert second.not_modified and second.resource is None and second.etag == 'W/"3"'
    assert fhir.meter.snapshot().total.not_modified == 1


async def test_etag_from_meta_when_header_missing() -> None:
    fhir, _ = make(lambda r: fhir_json({"resourceType": "Patient", "id": "p", "meta": {"versionId": "7"}}))
    async with fhir:
        assert (await fhir.read("Patient", "p")).etag == 'W/"7"'


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, content=b"{not json", headers={"content-type": "application/fhir+json"}),
        httpx.Response(200, content=b"[1, 2]", headers={"content-type": "application/fhir+json"}),
        httpx.Response(200, content=b'{"resourceType": 5}', headers={"content-type": "application/json"}),
        httpx.Response(200, content=b"<html>login</html>", headers={"content-type": "text/html"}),
        fhir_json({"resourceType": "Patient", "id": "x"}),  # not a Bundle
        "bad gzip",
    ],
)
async def test_malformed_search_responses_are_protocol_errors(response) -> None:
    if response == "bad gzip":
        response = httpx.Response(
            200,
            content=_chunks(b"\x1f\x8bnot gzip"),
            headers={"content-type": "application/fhir+json", "content-encoding": "gzip"},
        )
    fhir, _ = make(lambda r: response)
    async with fhir:
        with pytest.raises(FhirProtocolError) as info:
            await fhir.search("Observation", {"patient": CPR})
    assert CPR not in info.value.message


async def test_read_of_wrong_type_is_protocol_error() -> None:
    fhir, _ = make(lambda r: fhir_json({"resourceType": "Observation", "id": "x"}))
    async with fhir:
        with pytest.raises(FhirProtocolError):
            await fhir.read("Patient", "x")


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (404, FhirNotFoundError),
        (410, FhirNotFoundError),
        (401, FhirAuthError),
        (403, FhirAuthError),
        (400, FhirHttpError),
        (500, FhirHttpError),
        (302, FhirHttpError),
    ],
)
async def test_error_messages_have_no_query_or_ids(status, error) -> None:
    outcome = {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "diagnostics": f"bad identifier {CPR}"}],
    }
    fhir, _ = make(lambda r: fhir_json(outcome, status=status))
    async with fhir:
        with pytest.raises(error) as info:
            await fhir.search("Patient", {"identifier": f"urn:oid:1.2.208.176.1.2|{CPR}"})
    message = info.value.message
    assert CPR not in message and "urn:oid" not in message and "fhir.test" not in message
    assert "Patient" in message and str(status) in message
    assert info.value.status == status
    assert CPR in info.value.outcome.text  # the detail is kept apart, for who needs it


async def test_errors_never_leak_httpx_types() -> None:
    def boom(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"failed for {request.url}")

    fhir, _ = make(boom)
    async with fhir:
        with pytest.raises(FhirOfflineError) as info:
            await fhir.read("Patient", "poul")
    assert not isinstance(info.value, httpx.HTTPError)
    assert "poul" not in info.value.message

    def weird(request: httpx.Request) -> httpx.Response:
        raise RuntimeError("app crashed")

    fhir, _ = make(weird)
    async with fhir:
        with pytest.raises(FhirError):
            await fhir.read("Patient", "poul")


async def test_invalid_ids_are_refused_before_sending() -> None:
    fhir, seen = make(lambda r: fhir_json({}))
    async with fhir:
        for rtype, rid in [("Patient", "../metadata"), ("patient", "x"), ("Patient", "a b")]:
            with pytest.raises(FhirUsageError):
                await fhir.read(rtype, rid)
    assert seen == []


async def test_create_sends_prefer_and_returns_id() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert json.loads(request.content)["resourceType"] == "AuditEvent"
        return httpx.Response(201, headers={"location": f"{BASE}/AuditEvent/ae-1/_history/1", "etag": 'W/"1"'})

    fhir, seen = make(handler)
    async with fhir:
        result = await fhir.create({"resourceType": "AuditEvent"})
        full = await fhir.create({"resourceType": "AuditEvent"}, return_minimal=False)
    assert seen[0].headers["prefer"] == "return=minimal"
    assert seen[1].headers["prefer"] == "return=representation"
    assert "if-none-exist" not in seen[0].headers
    assert (result.status, result.id, result.etag) == (201, "ae-1", 'W/"1"')
    assert full.id == "ae-1"


async def test_fetch_attachment_raw_and_binary_json() -> None:
    note = "Borger dyspnøisk ved let anstrengelse.".encode()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/raw"):
            assert request.headers["accept"].startswith("text/plain")
            return httpx.Response(200, content=note, headers={"content-type": "text/plain"})
        return fhir_json(
            {
                "resourceType": "Binary",
                "contentType": "text/plain",
                "data": base64.b64encode(note).decode(),
            }
        )

    fhir, seen = make(handler)
    async with fhir:
        raw = await fhir.fetch_attachment("Binary/raw", content_type="text/plain; charset=utf-8")
        wrapped = await fhir.fetch_attachment(f"{BASE}/Binary/b1", content_type="text/plain")
        with pytest.raises(FhirProtocolError):
            await fhir.fetch_attachment("https://elsewhere.example/r4/Binary/b1")
        with pytest.raises(FhirProtocolError):
            await fhir.fetch_attachment("https://fhir.test/other/Binary/b1")
    assert raw == note and wrapped == note
    assert len(seen) == 2


async def test_fetch_attachment_bad_base64() -> None:
    fhir, _ = make(lambda r: fhir_json({"resourceType": "Binary", "data": "***"}))
    async with fhir:
        with pytest.raises(FhirProtocolError):
            await fhir.fetch_attachment("Binary/x", content_type="text/plain")


def test_bad_base_url() -> None:
    with pytest.raises(FhirUsageError):
        FhirClient("ftp://x")
    assert FhirClient("https://h/fhir/").base_url == "https://h/fhir"


async def test_capabilities_are_remembered_between_starts(tmp_path) -> None:
    """A second client for the same server needs no /metadata round trip (24 h memory)."""
    from sjtui.fhir.capability_memory import CapabilityMemory

    seen: list[str] = []
    statement = {
        "resourceType": "CapabilityStatement",
        "fhirVersion": "4.0.1",
        "status": "active",
        "kind": "instance",
        "format": ["json"],
        "rest": [{"mode": "server", "interaction": [{"code": "batch"}]}],
    }

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        return httpx.Response(200, json=statement)

    memory = CapabilityMemory(tmp_path)
    for _ in range(2):
        client = FhirClient(
            "https://fhir.example.org/r4", transport=httpx.MockTransport(handler), capability_memory=memory
        )
        caps = await client.capabilities()
        assert caps.batch_supported
        await client.aclose()
    assert seen == ["/r4/metadata"]
    assert next(p.name for p in tmp_path.iterdir()).startswith("capabilities-")
