"""Demo FHIR server: metadata, read, conditional read, Binary, errors, compression, loading."""

from __future__ import annotations

import base64
import gzip
import json
import logging
from datetime import UTC
from pathlib import Path

import httpx
import pytest

from sjtui.demo import create_app
from sjtui.demo.sample import NOTE_TEXT, sample_bundle

BASE = "http://demo"


def client_for(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE)


@pytest.fixture
def app():
    return create_app(bundles=[sample_bundle()])


async def test_metadata_declares_what_the_client_relies_on(app) -> None:
    async with client_for(app) as c:
        r = await c.get("/metadata")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/fhir+json")
    cs = r.json()
    assert cs["resourceType"] == "CapabilityStatement"
    assert cs["fhirVersion"] == "4.0.1"
    assert "json" in cs["format"]
    rest = cs["rest"][0]
    assert {"code": "batch"} in rest["interaction"]
    by_type = {res["type"]: res for res in rest["resource"]}
    obs = by_type["Observation"]
    assert obs["conditionalRead"] == "full-support"
    assert {i["code"] for i in obs["interaction"]} == {"read", "search-type"}
    names = {p["name"] for p in obs["searchParam"]}
    assert {"patient", "category", "code", "date", "_lastUpdated", "_count", "_elements"} <= names
    audit = by_type["AuditEvent"]
    assert audit["conditionalCreate"] is True
    assert {"create", "update"} <= {i["code"] for i in audit["interaction"]}
    assert {"given", "family", "name", "identifier"} <= {p["name"] for p in by_type["Patient"]["searchParam"]}


async def test_metadata_is_understood_by_our_client_parser(app) -> None:
    from sjtui.fhir.capabilities import parse_capabilities

    async with client_for(app) as c:
        caps = parse_capabilities((await c.get("/metadata")).json())
    assert caps.batch_supported and caps.batch_search_supported
    assert caps.supports_conditional_read("Observation")
    assert caps.supports_conditional_create("AuditEvent")
    assert caps.supports_search_param("Patient", "given")


async def test_read_has_etag_and_last_modified_and_304_on_match(app) -> None:
    async with client_for(app) as c:
        r = await c.get("/Patient/poul")
        assert r.status_code == 200
        assert r.json()["name"][0]["family"] == "Madsen"
        etag = r.headers["etag"]
        assert etag == 'W/"1"'
        assert r.headers["last-modified"] == "Sat, 01 Jun 2024 12:00:00 GMT"
        r304 = await c.get("/Patient/poul", headers={"If-None-Match": etag})
        assert r304.status_code == 304
        assert r304.content == b""
        assert r304.headers["etag"] == etag
        other = await c.get("/Patient/poul", headers={"If-None-Match": 'W/"7"'})
        assert other.status_code == 200
        ims = await c.get("/Patient/poul", headers={"If-Modified-Since": "Sun, 02 Jun 2024 00:00:00 GMT"})
        assert ims.status_code == 304


async def test_changed_resource_gets_new_etag(app) -> None:
    store = app.state.store
    async with client_for(app) as c:
        etag = (await c.get("/Patient/poul")).headers["etag"]
        patient = store.read("Patient", "poul")
        patient["gender"] = "other"
        updated = store.upsert(patient)
        assert updated["meta"]["versionId"] == "2"
        r = await c.get("/Patient/poul", headers={"If-None-Match": etag})
        assert r.status_code == 200
        assert r.headers["etag"] == 'W/"2"'
        assert r.json()["gender"] == "other"


async def test_unknown_id_and_type_are_404_operation_outcomes(app) -> None:
    async with client_for(app) as c:
        r = await c.get("/Patient/nobody")
        assert r.status_code == 404
        assert r.json()["resourceType"] == "OperationOutcome"
        r = await c.get("/Unicorn?name=x")
        assert r.status_code == 404
        assert r.json()["issue"][0]["code"] == "not-supported"
        r = await c.get("/Patient/poul/_history/9")
        assert r.status_code == 404
        assert (await c.get("/Patient/poul/_history/1")).status_code == 200


async def test_binary_is_json_by_default_and_raw_when_asked(app) -> None:
    async with client_for(app) as c:
        r = await c.get("/Binary/note-1-body")
        assert r.json()["resourceType"] == "Binary"
        assert base64.b64decode(r.json()["data"]).decode() == NOTE_TEXT
        raw = await c.get("/Binary/note-1-body", headers={"Accept": "text/plain"})
        assert raw.status_code == 200
        assert raw.headers["content-type"].startswith("text/plain")
        assert raw.text == NOTE_TEXT
        fhir = await c.get("/Binary/note-1-body", headers={"Accept": "application/fhir+json"})
        assert fhir.json()["resourceType"] == "Binary"


async def test_gzip_and_brotli_when_asked(app) -> None:
    log = app.state.request_log
    async with client_for(app) as c:
        r = await c.get("/Observation", params={"patient": "poul"}, headers={"Accept-Encoding": "gzip"})
        assert r.headers["content-encoding"] == "gzip"
        assert r.json()["total"] == 31  # httpx decoded it
        sent = log[-1].body
        assert len(sent) < len(r.content)
        assert json.loads(gzip.decompress(sent))["total"] == 31
        br = await c.get("/Observation", params={"patient": "poul"}, headers={"Accept-Encoding": "gzip, br"})
        assert br.headers["content-encoding"] == "br"
        assert br.json()["total"] == 31
        from sjtui.demo.middleware import available_codings

        if "zstd" in available_codings():
            zs = await c.get("/Observation", params={"patient": "poul"}, headers={"Accept-Encoding": "zstd"})
            assert zs.headers["content-encoding"] == "zstd"
            assert zs.json()["total"] == 31
        plain = await c.get("/Observation", params={"patient": "poul"}, headers={"Accept-Encoding": "identity"})
        assert "content-encoding" not in plain.headers
        small = await c.get("/Patient/poul/_history/1", headers={"Accept-Encoding": "gzip"})
        assert "content-encoding" not in small.headers  # under the 500-byte threshold


async def test_request_log_records_what_went_over_the_wire(app) -> None:
    async with client_for(app) as c:
        await c.get("/Patient/poul", headers={"If-None-Match": 'W/"1"', "Accept-Encoding": "identity"})
    entry = app.state.request_log[-1]
    assert (entry.method, entry.path, entry.status) == ("GET", "/Patient/poul", 304)
    assert entry.request_headers["if-none-match"] == 'W/"1"'
    assert entry.body == b""


async def test_internal_error_is_generic_500_without_traceback(app, monkeypatch, caplog) -> None:
    def boom(*args, **kwargs):
        raise RuntimeError("secret detail Poul 1203541237")

    monkeypatch.setattr(app.state.handler, "handle", boom)
    caplog.set_level(logging.CRITICAL, logger="sjtui.demo.app")
    async with client_for(app) as c:
        r = await c.get("/Patient/poul")
    assert r.status_code == 500
    assert r.json()["resourceType"] == "OperationOutcome"
    assert "secret" not in r.text and "Traceback" not in r.text


async def test_bad_fixture_file_is_skipped_and_reported(tmp_path: Path, caplog) -> None:
    bundle = sample_bundle(n_labs=2)
    (tmp_path / "good.json").write_text(json.dumps(bundle), encoding="utf-8")
    (tmp_path / "broken.json").write_text('{"resourceType": "Bundle", "entry": [', encoding="utf-8")
    (tmp_path / "empty.json").write_text("{}", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        app = create_app(tmp_path)
    problems = app.state.load_problems
    assert len(problems) == 2
    assert any(p.startswith("broken.json") for p in problems)
    assert any(p.startswith("empty.json") for p in problems)
    assert "broken.json" in caplog.text
    assert "Poul" not in caplog.text and "1203541237" not in caplog.text
    async with client_for(app) as c:
        assert (await c.get("/Patient/poul")).status_code == 200


def test_missing_meta_is_assigned_on_load() -> None:
    app = create_app(bundles=[{"resourceType": "Organization", "id": "o1", "name": "X"}])
    stored = app.state.store.read("Organization", "o1")
    assert stored["meta"]["versionId"] == "1"
    assert stored["meta"]["lastUpdated"]


async def test_real_fixtures_find_poul_by_name_and_cpr() -> None:
    app = create_app()  # the shipped fixtures
    assert app.state.store.get("Patient", "poul") is not None
    async with client_for(app) as c:
        by_name = (await c.get("/Patient", params={"given": "Poul"})).json()
        assert "poul" in [e["resource"]["id"] for e in by_name.get("entry", [])]
        by_cpr = (await c.get("/Patient", params={"identifier": "urn:oid:1.2.208.176.1.2|1203541237"})).json()
        assert [e["resource"]["id"] for e in by_cpr["entry"]] == ["poul"]
        for pid in ("poul", "lars", "inge", "mikkel", "ane"):
            r = await c.get("/Observation", params={"patient": pid, "_summary": "count"})
            assert r.status_code == 200


async def test_answers_are_reproducible_with_a_pinned_clock() -> None:
    """The same question gets byte-identical answers (Bundle ids derive from the content,
    timestamps from the pinned clock), so tests and benchmarks count stable byte figures."""
    from datetime import datetime

    pinned = datetime(2026, 11, 20, 13, 5, tzinfo=UTC)
    app = create_app(bundles=[sample_bundle()], clock=lambda: pinned)
    batch = {
        "resourceType": "Bundle",
        "type": "batch",
        "entry": [{"request": {"method": "GET", "url": "Observation?_count=2"}}],
    }
    async with client_for(app) as c:
        first = await c.get("/Observation", params={"_count": "2"})
        again = await c.get("/Observation", params={"_count": "2"})
        other = await c.get("/Observation", params={"_count": "3"})
        batch_1 = await c.post("/", json=batch)
        batch_2 = await c.post("/", json=batch)
    assert first.content == again.content
    assert first.json()["meta"]["lastUpdated"] == "2026-11-20T13:05:00.000Z"
    assert other.json()["id"] != first.json()["id"]
    assert batch_1.content == batch_2.content
