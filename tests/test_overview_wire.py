"""The overview's first batch asks only for what the overview paints (`Observation/$lastn`
where the server declares it), the full lists follow; over the wire against the demo server."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import httpx
import pytest

from sjtui.demo.app import create_app
from sjtui.record.model import ListState, Pane, Record
from sjtui.record.overview import build_overview

from faulty_demo import without_lastn
from record_servers import DEMO_CITIZENS, open_demo


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SJTUI_HOME", str(tmp_path))
    return tmp_path


def _asked(app: Any) -> list[str]:
    """Every request the handler answers (batch entries one by one): "GET path?query"."""
    handler = app.state.handler
    seen: list[str] = []
    inner = handler.handle

    def handle(req, *, in_batch: bool = False):
        seen.append(
            f"{req.method} {req.path}" + ("?" + "&".join(f"{k}={v}" for k, v in req.query) if req.query else "")
        )
        return inner(req, in_batch=in_batch)

    handler.handle = handle
    return seen


def _ready(record: Record) -> bool:
    panes = (record.cave, record.medication, record.courses, record.appointments, record.labs, record.home)
    return all(p.loaded or p.latest for p in panes) and record.basic.loaded


@pytest.fixture
def app() -> Iterator[Any]:
    yield create_app()


async def test_the_overview_is_complete_from_lastn_before_the_full_lists(app) -> None:
    asked = _asked(app)
    records, _ = await open_demo(app)
    first = records[0]
    # The first step already has what the overview paints ...
    assert _ready(first)
    ov = build_overview(first, today=first.as_of.date())
    assert not {Pane.LABS, Pane.HOME} & set(ov.pending)
    assert ov.latest_home and ov.latest_spirometry is not None
    # ... but the labs and home panes are not complete: they say "loading", never "none".
    for pane in (first.labs, first.home):
        assert pane.latest and not pane.loaded and pane.state is ListState.LOADING and not pane.complete
    # The full lists follow: every observation, the panes complete and no longer "latest".
    last = records[-1]
    assert last.labs.complete and last.home.complete and not last.labs.latest
    assert len(last.home.items) > len(first.home.items) and len(last.labs.items) > len(first.labs.items)
    lastn = [a for a in asked if a.startswith("GET Observation/$lastn")]
    assert len(lastn) == 3 and all("max=" in a and "patient=poul" in a for a in lastn)
    # The full Observation searches were not in the first batch (they come after $lastn).
    first_full = next(i for i, a in enumerate(asked) if a.startswith("GET Observation?") and "category" in a)
    assert first_full > max(asked.index(a) for a in lastn)


async def test_without_lastn_the_overview_waits_for_the_full_lists(app) -> None:
    without_lastn(app)
    asked = _asked(app)
    records, _ = await open_demo(app)
    assert not any("$lastn" in a for a in asked)
    assert not any(r.labs.latest or r.home.latest for r in records)
    # Labs are not drawn as complete before all their pages arrived.
    for record in records:
        if not record.labs.loaded:
            assert record.labs.state is ListState.LOADING
    assert records[-1].labs.complete and records[-1].home.complete


async def test_the_demo_answers_lastn_with_the_newest_per_code(app) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://demo") as http:
        r = await http.get("/Observation/$lastn", params={"patient": "poul", "category": "vital-signs", "max": "2"})
        assert r.status_code == 200
        bundle = r.json()
        codes: dict[str, list[str]] = {}
        for e in bundle["entry"]:
            res = e["resource"]
            codes.setdefault(res["code"]["coding"][0]["code"], []).append(res["effectiveDateTime"])
        assert codes and all(len(v) == 2 and v[0] >= v[1] for v in codes.values())
        assert (await http.get("/Observation/$lastn", params={"category": "vital-signs"})).status_code == 400
        bad = await http.get("/Observation/$lastn", params={"patient": "poul", "max": "0"})
        assert bad.status_code == 400
        statement = (await http.get("/metadata")).json()
        obs = next(r for r in statement["rest"][0]["resource"] if r["type"] == "Observation")
        assert obs["operation"][0]["name"] == "lastn"


async def test_the_first_batch_asks_the_labs_and_reports_of_the_overviews_window_only(app) -> None:
    asked = _asked(app)
    records, _ = await open_demo(app)
    first_full = next(i for i, a in enumerate(asked) if "_count=1000" in a)
    first_batch, later = asked[:first_full], asked[first_full:]
    lab = next(a for a in first_batch if "$lastn" in a and "category=laboratory" in a)
    assert "date=ge" in lab and "max=1" in lab
    trends = [a for a in first_batch if "$lastn" in a and "max=12" in a]
    assert len(trends) == 2 and not any("date=" in a for a in trends)  # the mini-trends' points: any age
    (reports,) = [a for a in first_batch if a.startswith("GET DiagnosticReport?")]
    assert "date=ge" in reports
    # The older reports follow (and those without a date) and bring the imaging pane's
    # reports: no search of its own (`overview_parts.py`).
    older = [a for a in later if a.startswith("GET DiagnosticReport?") and "_id=" not in a]
    assert len(older) == 2 and any("date=lt" in a for a in older) and any("date:missing=true" in a for a in older)
    assert not any("category=RAD" in a for a in asked)
    first, last = records[0], records[-1]
    assert first.labs.latest and first.labs.state is ListState.LOADING
    assert not first.imaging.loaded and first.imaging.state is ListState.LOADING
    assert last.imaging.complete and last.labs.complete and len(last.imaging.items) == 9


@pytest.mark.parametrize("name", sorted(DEMO_CITIZENS))
async def test_the_overview_of_the_first_step_is_the_one_without_the_window(name, monkeypatch) -> None:
    """The window leaves out only what the overview does not paint: its first step's overview
    equals the one of a first batch that asks the newest value of every analysis, every report."""
    from sjtui.record import service as service_module

    windowed = (await open_demo(create_app(), DEMO_CITIZENS[name]))[0]
    plan_for = service_module.plan_for
    monkeypatch.setattr(
        service_module, "plan_for", lambda opening, since, bounds, now=None: plan_for(opening, since, bounds)
    )
    whole = (await open_demo(create_app(), DEMO_CITIZENS[name]))[0]
    today = windowed[0].as_of.date()
    first, other = build_overview(windowed[0], today=today), build_overview(whole[0], today=today)
    # Without "now" the appointments are asked whole in the first step: their section may be
    # known there and "loading" here (until the earlier ones arrive); what it shows is the same.
    assert first.states[Pane.APPOINTMENTS] in (other.states[Pane.APPOINTMENTS], ListState.LOADING)
    first.states[Pane.APPOINTMENTS] = other.states[Pane.APPOINTMENTS]
    # ... and a private-marked earlier appointment is counted once it has arrived ("at least").
    assert not first.hidden_complete and first.hidden_count <= other.hidden_count
    assert replace(first, hidden_count=other.hidden_count) == other
    assert (
        build_overview(windowed[-1], today=today).abnormal_labs == build_overview(whole[-1], today=today).abnormal_labs
    )


async def test_without_lastn_the_first_batch_keeps_every_report_and_imaging_its_search(app) -> None:
    without_lastn(app)
    asked = _asked(app)
    await open_demo(app)
    first_full = next(i for i, a in enumerate(asked) if "_count=1000" in a)
    (reports,) = [a for a in asked[:first_full] if a.startswith("GET DiagnosticReport?")]
    assert "date=" not in reports
    assert any("category=RAD" in a for a in asked[first_full:])
