"""Lists asked in two parts on a first opening (`record/overview_parts.py`): the overview's
part first, the rest of the same list after, nothing twice and nothing missed; over the wire
against the demo server."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from sjtui.crypto.key import UnlockedKey
from sjtui.demo.app import create_app
from sjtui.demo.reject_params import RejectParams
from sjtui.fhir.client import FhirClient
from sjtui.record import fetch_plan
from sjtui.record.latest import recent_from
from sjtui.record.model import ListState, Pane, Record
from sjtui.record.overview import build_overview
from sjtui.record.overview_parts import appointments_from

from record_servers import DEMO_CITIZENS, find_one, open_all, open_demo, services_for


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SJTUI_HOME", str(tmp_path))
    return tmp_path


def _batches(monkeypatch) -> list[tuple[list[str], list[dict]]]:
    """Each batch the client sends: its URLs, and the resources its answer carried."""
    seen: list[tuple[list[str], list[dict]]] = []
    inner = FhirClient.batch

    async def batch(self, requests, **kw):
        answers = await inner(self, requests, **kw)
        found = [
            e["resource"]
            for a in answers
            for e in ((a.resource or {}).get("entry") or [])
            if isinstance(e.get("resource"), dict)
        ]
        seen.append(([r.url for r in requests], found))
        return answers

    monkeypatch.setattr(FhirClient, "batch", batch)
    return seen


def _panes(record: Record) -> dict[str, Any]:
    """Every pane's items, counts and state: what the panes show."""
    out = {}
    for pane in Pane:
        data = getattr(record, pane.value, None)
        if data is not None and hasattr(data, "items"):
            out[pane.value] = (data.items, data.hidden, data.unreadable, data.state)
    return out


def _unsplit(monkeypatch) -> None:
    monkeypatch.setattr(fetch_plan, "splits", lambda overview, now, recent: [])


@pytest.mark.parametrize("name", sorted(DEMO_CITIZENS))
async def test_every_pane_of_every_citizen_is_the_one_of_whole_lists(name, monkeypatch) -> None:
    split = (await open_demo(create_app(), DEMO_CITIZENS[name]))[0][-1]
    _unsplit(monkeypatch)
    whole = (await open_demo(create_app(), DEMO_CITIZENS[name]))[0][-1]
    assert _panes(split) == _panes(whole)
    today = split.as_of.date()
    assert build_overview(split, today=today) == build_overview(whole, today=today)


@pytest.mark.parametrize("name", sorted(DEMO_CITIZENS))
async def test_the_first_steps_overview_shows_what_the_whole_lists_show(name, monkeypatch) -> None:
    """Only the sections' states may differ: a split pane is "loading" until its rest came."""
    split = (await open_demo(create_app(), DEMO_CITIZENS[name]))[0][0]
    _unsplit(monkeypatch)
    whole = (await open_demo(create_app(), DEMO_CITIZENS[name]))[0][0]
    today = split.as_of.date()
    a, b = build_overview(split, today=today), build_overview(whole, today=today)
    assert (a.last_admission, a.admission, a.next_appointments) == (b.last_admission, b.admission, b.next_appointments)
    assert (a.procedures, a.care_plans, a.cave, a.active_medication) == (
        b.procedures,
        b.care_plans,
        b.cave,
        b.active_medication,
    )
    for pane in (Pane.COURSES, Pane.APPOINTMENTS):
        assert a.states[pane] in (b.states[pane], ListState.LOADING)
        assert pane not in a.pending  # the overview's part is there


async def test_the_rest_of_a_split_list_brings_nothing_the_first_step_had(monkeypatch) -> None:
    batches = _batches(monkeypatch)
    records, _ = await open_demo(create_app())
    (first_urls, first), (rest_urls, rest) = batches
    encounter = next(u for u in first_urls if u.startswith("Encounter?"))
    appointment = next(u for u in first_urls if u.startswith("Appointment?"))
    assert "class=ACUTE,IMP,NONAC" in encounter
    assert f"date=ge{appointments_from(datetime.now(UTC)).isoformat()}" in appointment
    assert [u for u in rest_urls if u.startswith("Encounter?")] == [
        next(u for u in rest_urls if "class:not=ACUTE&class:not=IMP&class:not=NONAC" in u)
    ]
    later_appointments = [u for u in rest_urls if u.startswith("Appointment?")]
    assert len(later_appointments) == 2
    assert any("date=lt" in u for u in later_appointments) and any("date:missing=true" in u for u in later_appointments)
    reports = [u for u in rest_urls if u.startswith("DiagnosticReport?") and "_id=" not in u]
    assert all("date=lt" in u or "date:missing=true" in u for u in reports) and len(reports) == 2
    twice = Counter(f"{r['resourceType']}/{r['id']}" for r in first + rest if r["resourceType"] != "Observation")
    # Sources may come with both steps (an include); no entry of a split list does.
    assert not [k for k, n in twice.items() if n > 1 and k.split("/")[0] in ("Encounter", "Appointment")]
    last = records[-1]
    assert last.courses.complete and last.appointments.complete and last.imaging.complete
    assert records[0].courses.latest and records[0].appointments.latest


def _edge_cases(now: datetime) -> list[dict]:
    """Poul's resources at the seams: no start, a start on the cut, a report whose period spans
    the window's first day, a report without a date."""
    cut = appointments_from(now)
    at_cut = datetime(cut.year, cut.month, cut.day, tzinfo=UTC).isoformat()
    recent = recent_from(now)
    span = (datetime(recent.year, recent.month, recent.day, tzinfo=UTC) - timedelta(days=3)).isoformat()
    patient = {"reference": "Patient/poul"}
    actor = [{"actor": patient, "status": "accepted"}]
    report = {"resourceType": "DiagnosticReport", "status": "final", "subject": patient, "code": {"text": "Rapport"}}
    return [
        {"resourceType": "Appointment", "id": "seam-nostart", "status": "proposed", "participant": actor},
        {"resourceType": "Appointment", "id": "seam-cut", "status": "booked", "start": at_cut, "participant": actor},
        {**report, "id": "seam-span", "effectivePeriod": {"start": span, "end": (now + timedelta(days=1)).isoformat()}},
        {**report, "id": "seam-nodate"},
    ]


async def test_nothing_at_the_seams_is_missed(monkeypatch) -> None:
    app = create_app()
    app.state.store.extend(_edge_cases(datetime.now(UTC)))
    batches = _batches(monkeypatch)
    last = (await open_demo(app))[0][-1]
    keys = {i.resource_key for i in last.appointments.items}
    assert {"Appointment/seam-nostart", "Appointment/seam-cut"} <= keys
    reports = {i.resource_key for i in (*last.labs.items, *last.imaging.items)} | {
        u.resource_key for u in last.labs.unreadable
    }
    assert {"DiagnosticReport/seam-span", "DiagnosticReport/seam-nodate"} <= reports
    arrived = Counter(f"{r['resourceType']}/{r['id']}" for _, found in batches for r in found)
    assert arrived["Appointment/seam-cut"] == 1 and arrived["Appointment/seam-nostart"] == 1
    assert arrived["DiagnosticReport/seam-nodate"] == 1


async def test_a_server_without_not_or_missing_is_asked_the_whole_lists(monkeypatch) -> None:
    server = RejectParams(create_app(), ["class:not", "date:missing"])
    services = services_for(server, UnlockedKey.ephemeral(), deliver_audit=False)
    split = (await open_all(services.service, await find_one(services.service)))[-1]
    assert server.rejected  # asked, refused, asked again without
    _unsplit(monkeypatch)
    whole = (await open_demo(create_app()))[0][-1]
    assert _panes(split) == _panes(whole)
    assert split.courses.complete and split.appointments.complete


async def test_a_failed_first_part_is_asked_whole_in_the_second_step(monkeypatch) -> None:
    def hook(url: str, entry: dict) -> dict:
        if url.startswith("Encounter?") and "class=" in url:
            return {"response": {"status": "500 Internal Server Error"}}
        return entry

    batches = _batches(monkeypatch)
    server = RejectParams(create_app(), [], entry_hook=hook)
    services = services_for(server, UnlockedKey.ephemeral(), deliver_audit=False)
    records = await open_all(services.service, await find_one(services.service))
    rest_urls = batches[1][0]
    (encounters,) = [u for u in rest_urls if u.startswith("Encounter?")]
    assert "class" not in encounters  # the whole list
    assert not records[0].courses.latest
    assert records[-1].courses.complete and len(records[-1].courses.items) > 0
