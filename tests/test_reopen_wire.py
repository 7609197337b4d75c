"""What a reopen with nothing changed puts on the wire: one round trip, about 2 KB both ways
(2,112 bytes: every search type the record has data in adds its deletion count to the batch,
and Poul's record has prescriptions since his medication card got its change history).

The bytes are the client meter's (bodies as they crossed the wire, compressed, plus the HTTP
headers), so the figures are deterministic: this is a test of what goes over the wire, not a
timing. The AuditEvents of earlier openings are the one thing a reopen brings back although
the clinician changed nothing; they are counted apart.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from sjtui.access import Basis, Clinician, make_grant
from sjtui.backend import Services, build_services
from sjtui.config import Settings
from sjtui.crypto.key import UnlockedKey
from sjtui.demo.app import create_app
from sjtui.fhir.client import FhirClient
from sjtui.fhir.meter import MeterSnapshot
from sjtui.record.entries import CitizenSummary
from sjtui.record.model import Record

#: What the basic card's Consent search and its count add to a reopen (measured: 81 bytes).
CONSENT_SEARCH = 96
NURSE = Clinician(user_id="nurse01", name="Sygeplejerske Test", organisation="Testkommune", workstation="ws1")


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SJTUI_HOME", str(tmp_path))
    return tmp_path


def _services(app: object, *, deliver_audit: bool) -> Services:
    client = FhirClient("http://demo", transport=httpx.ASGITransport(app=app), http2=False)
    return build_services(Settings(), UnlockedKey.ephemeral(), client=client, deliver_audit=deliver_audit)


async def _open(services: Services, citizen: CitizenSummary) -> list[Record]:
    grant = make_grant(
        patient_id=citizen.patient_id,
        cpr=citizen.cpr,
        basis=Basis.CURRENT_TREATMENT,
        reason="Opfølgning",
        clinician=NURSE,
    )
    return [record async for record in services.service.open(citizen, grant)]


def _cost(before: MeterSnapshot, after: MeterSnapshot) -> tuple[int, int, int]:
    """(round trips, bytes sent, bytes received) between two meter readings."""
    return (
        after.round_trips - before.round_trips,
        after.bytes_sent - before.bytes_sent,
        after.bytes_received - before.bytes_received,
    )


async def _delivered(services: Services) -> None:
    """Until the audit outbox is empty and no delivery task is left (one started just before
    an opening would pick up that opening's entry in the middle of it)."""
    delivery = services.service._delivery
    for _ in range(500):
        await asyncio.sleep(0)  # a delivery kicked "soon" starts now
        await services.service.deliver_audit()
        await delivery.wait(timeout=5)
        task = delivery._task
        if not services.service.status().pending_audit and (task is None or task.done()):
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the audit outbox was not delivered")


@pytest.fixture
def app() -> Iterator[object]:
    yield create_app()


async def test_a_reopen_with_nothing_changed_is_one_round_trip_of_at_most_2_kb(app) -> None:
    services = _services(app, deliver_audit=False)  # nothing at all changes on the server
    meter = services.service._client.meter
    (poul,) = await services.service.find_citizens("1203541237")
    first_at = meter.snapshot()
    first = await _open(services, poul)
    trips, sent, received = _cost(first_at, meter.snapshot())
    assert trips >= 2 and received > 15_000  # the first opening brings the record

    before = meter.snapshot()
    again = await _open(services, poul)
    trips, sent, received = _cost(before, meter.snapshot())
    assert trips == 1  # one batch: every delta search and the deletion counts
    # 2,060 with Poul's prescriptions, plus the basic card's Consent search and its count (#13)
    assert sent + received <= 2112 + CONSENT_SEARCH, (sent, received)
    assert sent <= 800  # the batch goes compressed
    # ... and the clinician sees the same record, now marked current.
    assert again[0].from_cache and not again[-1].from_cache
    for pane in ("labs", "imaging", "notes", "medication"):
        assert {i.resource_key for i in getattr(again[-1], pane).items} == {
            i.resource_key for i in getattr(first[-1], pane).items
        }
    assert again[-1].cave.complete and again[-1].notes.complete and again[-1].imaging.complete


async def test_the_previous_openings_auditevent_is_what_a_reopen_brings_back(app) -> None:
    services = _services(app, deliver_audit=True)
    meter = services.service._client.meter
    (poul,) = await services.service.find_citizens("1203541237")
    await _open(services, poul)
    await _delivered(services)  # the first opening's AuditEvent is on the server
    before = meter.snapshot()
    again = await _open(services, poul)
    after = meter.snapshot()
    trips, sent, received = _cost(before, after)
    assert trips == 1, {k: v.round_trips - before.label(k).round_trips for k, v in after.by_label.items()}
    assert sent <= 800 and sent + received <= 3136 + CONSENT_SEARCH, (sent, received)
    assert any(e.resource_key.startswith("AuditEvent/") for e in again[-1].access_log.items)

    # The reopen's own AuditEvent goes up after it settled, as one compressed batch.
    before = meter.snapshot()
    await _delivered(services)
    trips, sent, received = _cost(before, meter.snapshot())
    assert trips <= 1 and sent <= 1200
