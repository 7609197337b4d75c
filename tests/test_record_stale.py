"""Saved copies are never shown as current (issue #10): a reopen whose delta searches are
rejected falls back to full searches; a refresh that fails marks the saved copy with its
age; an opening has a deadline and bounds; a citizen without a CPR number reopens offline."""

from __future__ import annotations

import asyncio

import httpx
import pytest

import sjtui.backend
from sjtui.backend import build_services
from sjtui.config import Settings
from sjtui.crypto.key import UnlockedKey
from sjtui.demo.app import create_app
from sjtui.demo.reject_params import RejectParams
from sjtui.fhir.client import FhirClient
from sjtui.fhir.retry import RetryPolicy
from sjtui.record.bounds import OpeningBounds
from sjtui.record.entries import CitizenSummary
from sjtui.record.errors import ServiceError
from sjtui.record.model import ListState

from faulty_demo import without_lastn
from record_servers import Stall, client_for, find_one, open_all, services_for


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SJTUI_HOME", str(tmp_path))
    return tmp_path


def _allergy(rid: str, text: str) -> dict:
    return {
        "resourceType": "AllergyIntolerance",
        "id": rid,
        "patient": {"reference": "Patient/poul"},
        "code": {"text": text},
        "criticality": "high",
        "clinicalStatus": {"coding": [{"code": "active"}]},
        "verificationStatus": {"coding": [{"code": "confirmed"}]},
    }


@pytest.mark.parametrize("rules", [["_lastUpdated"], ["_lastUpdated=gt"], ["_summary"], ["_lastUpdated", "_summary"]])
async def test_a_new_allergy_appears_after_reopen_when_delta_searches_are_rejected(rules) -> None:
    app = create_app()
    server = RejectParams(app, rules)
    key = UnlockedKey.ephemeral()
    services = services_for(server, key)
    poul = await find_one(services.service)
    await open_all(services.service, poul)
    app.state.store.upsert(_allergy("new-pcn", "Penicillin"))

    records = await open_all(services_for(server, key).service, poul)
    assert records[0].from_cache  # the saved copy at once ...
    final = records[-1]
    assert not final.from_cache and not final.offline  # ... then the server's answer
    titles = [c.title for c in final.cave.items if c.is_cave]
    assert "Penicillin" in titles and final.cave.complete
    assert server.rejected  # the server did reject the delta searches


async def test_a_failed_refresh_shows_the_saved_copy_as_saved_with_its_age() -> None:
    app = create_app()
    key = UnlockedKey.ephemeral()
    services = services_for(app, key)
    poul = await find_one(services.service)
    await open_all(services.service, poul)
    app.state.faults.fail_next(10, status=400, retry_after=None, method="POST")

    records = await open_all(services_for(app, key).service, poul)
    final = records[-1]
    assert final.from_cache and final.as_of is not None and "refresh-failed" in final.notices
    for pane in ("cave", "labs", "notes", "medication"):
        data = getattr(final, pane)
        assert data.state is ListState.UNKNOWN
        assert all(g.as_of == final.as_of for g in data.gaps)  # "saved copy as of ..."
    assert final.cave.items  # the saved copy is still shown


async def test_the_deadline_shows_what_arrived_and_the_rest_as_timed_out() -> None:
    """A link that hangs after the overview: the other panes say "not known: timed out"."""
    server = Stall(create_app(), needle="DocumentReference")
    settings = Settings(open_deadline_seconds=0.5)  # the setting reaches the opening
    services = build_services(settings, UnlockedKey.ephemeral(), client=client_for(server), use_cache=False)
    poul = await find_one(services.service)
    records = await open_all(services.service, poul)
    final = records[-1]
    assert final.cave.complete and final.medication.items  # the overview arrived
    for pane in ("notes", "imaging", "vaccinations", "access_log"):
        data = getattr(final, pane)
        assert data.state is ListState.UNKNOWN and "timeout" in data.why_unknown()


def _endless(app):
    """Every searchset of Observation gets a `next` link to a new unique page, forever."""

    async def wrapper(scope, receive, send):
        if (
            scope.get("type") == "http"
            and scope.get("path") == "/Observation"
            and b"page=" in scope.get("query_string", b"")
        ):
            n = int(dict(p.split("=", 1) for p in scope["query_string"].decode().split("&"))["page"])
            import json

            body = json.dumps(
                {
                    "resourceType": "Bundle",
                    "type": "searchset",
                    "entry": [],
                    "link": [{"relation": "next", "url": f"http://demo/Observation?page={n + 1}"}],
                }
            ).encode()
            await send(
                {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/fhir+json")]}
            )
            await send({"type": "http.response.body", "body": body})
            return
        await app(scope, receive, send)

    return wrapper


async def test_endless_next_links_stop_at_the_page_bound_and_say_so() -> None:
    def hook(url: str, entry: dict) -> dict:
        if url.startswith("Observation?"):
            entry["resource"]["link"] = [{"relation": "next", "url": "http://demo/Observation?page=1"}]
        return entry

    server = RejectParams(_endless(create_app()), [], entry_hook=hook)
    services = services_for(server, UnlockedKey.ephemeral(), Settings(max_pages_per_search=5), use_cache=False)
    poul = await find_one(services.service)
    final = (await open_all(services.service, poul))[-1]
    assert "page-limit" in final.labs.why_unknown() and "page-limit" in final.home.why_unknown()
    assert final.notes.complete and final.cave.complete  # the other panes were not starved


async def test_a_cached_citizen_without_cpr_reopens_offline() -> None:
    app = create_app()
    store = app.state.store
    lars = store.read("Patient", "lars")
    store.upsert({k: v for k, v in lars.items() if k != "identifier"})
    key = UnlockedKey.ephemeral()
    services = services_for(app, key)
    hits = [h for h in await services.service.find_citizens("Lars") if h.patient_id == "lars"]
    assert hits and hits[0].cpr == ""
    online = (await open_all(services.service, hits[0]))[-1]
    assert online.labs.items or online.notes.items

    def no_route(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("network unreachable", request=request)

    async def no_sleep(_s: float) -> None:
        return None

    dead = FhirClient(
        "http://demo",
        transport=httpx.MockTransport(no_route),
        http2=False,
        retry=RetryPolicy(attempts=1, sleep=no_sleep),
    )
    offline = build_services(Settings(), key, client=dead)
    records = await open_all(offline.service, hits[0])
    assert records[-1].offline and records[-1].from_cache
    assert {i.resource_key for i in records[-1].labs.items} == {i.resource_key for i in online.labs.items}
    # Another citizen without a CPR number never gets Lars's saved copy.
    other = CitizenSummary(patient_id="someone", cpr="", name="X", birth_date=None, address="", protected=False)
    with pytest.raises(ServiceError):  # offline, and nothing saved for this citizen
        await open_all(offline.service, other)


async def test_the_byte_bound_ends_the_opening_and_says_so() -> None:
    services = services_for(create_app(), UnlockedKey.ephemeral(), Settings(max_mb_per_opening=0.001), use_cache=False)
    poul = await find_one(services.service)
    final = (await open_all(services.service, poul))[-1]
    bounded = [
        p for p in ("notes", "imaging", "vaccinations", "access_log") if "byte-limit" in getattr(final, p).why_unknown()
    ]
    assert bounded and all(getattr(final, p).state is ListState.UNKNOWN for p in bounded)


async def test_an_incomplete_sync_is_not_marked_synced_and_its_copy_stays_marked_saved() -> None:
    """A first opening whose notes search failed leaves no sync mark (the next opening asks
    for everything again); if that one fails too, the copy is shown as saved, never current."""
    from record_servers import search_of

    def hook(url: str, entry: dict) -> dict:
        if search_of(url, "notes"):
            return {"response": {"status": "500 Internal Server Error"}}
        return entry

    app = create_app()
    key = UnlockedKey.ephemeral()
    services = services_for(RejectParams(app, [], entry_hook=hook), key)
    poul = await find_one(services.service)
    first = (await open_all(services.service, poul))[-1]
    assert "failed" in first.notes.why_unknown()

    full = services_for(app, key)
    again = await open_all(full.service, poul)
    assert again[-1].notes.complete and again[-1].notes.items  # asked for everything again

    services = services_for(RejectParams(app, [], entry_hook=hook), key)
    await open_all(services.service, poul)  # incomplete again: no sync mark
    app.state.faults.fail_next(10, status=400, retry_after=None, method="POST")
    final = (await open_all(services_for(app, key).service, poul))[-1]
    assert final.from_cache and final.as_of is not None
    assert final.cave.state is ListState.UNKNOWN and final.cave.items


async def test_the_entry_bound_stops_a_long_list_and_says_so(monkeypatch) -> None:
    monkeypatch.setattr(sjtui.backend, "_bounds", lambda _settings: OpeningBounds(max_entries=120))
    app = create_app()
    without_lastn(app)  # the overview's first pages hold 100 entries; Poul's labs are longer
    services = services_for(app, UnlockedKey.ephemeral(), Settings(), use_cache=False)
    poul = await find_one(services.service)
    final = (await open_all(services.service, poul))[-1]
    assert final.labs.state is ListState.UNKNOWN and "entry-limit" in final.labs.why_unknown()
    assert final.cave.complete  # the other panes were not starved


def _slow(app, seconds: float):
    """Every answer comes `seconds` late: a slow link that keeps delivering."""

    async def wrapper(scope, receive, send):
        if scope.get("type") == "http":
            await asyncio.sleep(seconds)
        await app(scope, receive, send)

    return wrapper


async def test_an_opening_that_keeps_receiving_is_not_cut_by_the_deadline() -> None:
    """The deadline is time without progress: answers arriving steadily, each well inside it,
    give the whole record even when the opening as a whole takes longer than the deadline."""
    settings = Settings(open_deadline_seconds=0.6)
    services = build_services(
        settings, UnlockedKey.ephemeral(), client=client_for(_slow(create_app(), 0.25)), use_cache=False
    )
    poul = await find_one(services.service)
    started = asyncio.get_running_loop().time()
    final = (await open_all(services.service, poul))[-1]
    assert asyncio.get_running_loop().time() - started > 0.6  # longer than the deadline as a whole
    for pane in ("cave", "notes", "labs", "home", "medication", "imaging", "vaccinations"):
        data = getattr(final, pane)
        assert "timeout" not in data.why_unknown() and data.state in (ListState.KNOWN, ListState.EMPTY), pane
