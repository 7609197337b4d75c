"""Every look-up of a citizen (search by CPR or name, palette, launch) is an audit entry,
written durably before the hits are shown, and an AuditEvent on the server that carries the
kind of search and the citizens found, never the text typed (issue 12)."""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from sjtui.access import Clinician
from sjtui.audit.journal import AuditWriteError
from sjtui.backend import build_services
from sjtui.config import Settings
from sjtui.crypto.key import UnlockedKey
from sjtui.demo.app import create_app
from sjtui.fhir.client import FhirClient
from sjtui.record.errors import AuditFailed
from sjtui.ui.screens.consent import ConsentScreen

from ui_fakes import FakeService, make_app, wait_for

NURSE = Clinician(user_id="nurse01", name="Sygeplejerske Test", organisation="Testkommune", workstation="ws1")


@pytest.fixture
def stack(tmp_path, monkeypatch):
    monkeypatch.setenv("SJTUI_HOME", str(tmp_path))
    app = create_app()
    client = FhirClient("http://demo", transport=httpx.ASGITransport(app=app), http2=False)
    services = build_services(Settings(), UnlockedKey.ephemeral(), client=client, clinician=NURSE)
    return app, services


def _searches(services):
    return [e for e in services.journal.entries() if e.kind == "search"]


async def test_a_cpr_lookup_is_journalled_before_the_hits_are_returned(stack) -> None:
    _app, services = stack
    hits = await services.service.find_citizens("120354-1237")
    assert [h.patient_id for h in hits] == ["poul"]
    [entry] = _searches(services)
    assert entry.user_id == "nurse01" and entry.query_kind == "cpr" and entry.via == "search"
    assert entry.cpr == "1203541237" and entry.patient_id == "poul" and entry.found == ("poul",)


async def test_a_name_search_and_an_empty_one_are_journalled_too(stack) -> None:
    _app, services = stack
    await services.service.find_citizens("Inge Holm", via="palette")
    await services.service.find_citizens("Zyxw")
    first, second = _searches(services)
    assert first.query_kind == "name" and first.via == "palette" and first.found == ("inge",)
    assert first.detail == "Inge Holm"  # the typed text stays in the sealed journal only
    assert second.found == ()


async def test_the_server_gets_the_search_kind_and_the_citizens_not_the_typed_text(stack) -> None:
    app, services = stack
    await services.service.find_citizens("Inge Holm", via="launch")
    await services.service.find_citizens("1203541237")
    await services.service.deliver_audit()
    assert services.outbox.pending_count() == 0
    puts = [r for r in app.state.request_log if r.method == "PUT" and "AuditEvent" in r.path]
    bodies = []
    for r in puts:
        assert "Inge" not in r.query and "Holm" not in r.query
    ours = {e.entry_id for e in _searches(services)}
    result = await services.service._client.search("AuditEvent", {"_count": "50"})
    events = [r for r in result.resources if r["id"] in ours]
    assert len(events) == 2
    for event in events:
        bodies.append(event)
        text = json.dumps(event)
        assert "Inge" not in text and "Holm" not in text
        query = next(e for e in event["entity"] if e["role"]["code"] == "24")
        assert base64.b64decode(query["query"]).decode() in (
            "Patient?name=",
            "Patient?identifier=urn:oid:1.2.208.176.1.2|",
        )
    by_kind = {}
    for event in bodies:
        query = next(e for e in event["entity"] if e["role"]["code"] == "24")
        details = {d["type"]: d["valueString"] for d in query["detail"]}
        by_kind[details["sjtui-search-kind"]] = (event, details)
    name_event, name_details = by_kind["name"]
    assert name_details["sjtui-search-via"] == "launch"
    assert {"reference": "Patient/inge"} in [e.get("what") for e in name_event["entity"]]
    cpr_event, _ = by_kind["cpr"]
    patient = cpr_event["entity"][0]["what"]
    assert patient["reference"] == "Patient/poul"
    assert patient["identifier"]["value"] == "1203541237"


async def test_hits_are_not_returned_when_the_lookup_cannot_be_journalled(stack, monkeypatch) -> None:
    _app, services = stack

    def full_disk(_entry):
        raise AuditWriteError("disk full")

    monkeypatch.setattr(services.journal, "append", full_disk)
    with pytest.raises(AuditFailed):
        await services.service.find_citizens("120354-1237")


@pytest.mark.usefixtures("ui_home")
async def test_the_ui_says_where_each_lookup_came_from() -> None:
    service = FakeService()
    app = make_app(service, start_cpr="120354-1237")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen))
        assert service.search_via == ["launch"]
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"Madsen")
        await wait_for(pilot, lambda: len(service.search_via) > 1)
    assert set(service.search_via[1:]) == {"palette"}
