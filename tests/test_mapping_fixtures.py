"""The mapping over the real synthetic fixtures (`fixtures/*.json`)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from sjtui.record.mapping import build_record
from sjtui.record.overview import build_overview

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PANES = (
    "cave",
    "notes",
    "labs",
    "imaging",
    "medication",
    "vaccinations",
    "home",
    "appointments",
    "courses",
    "access_log",
    "basic",
)
HOSPITALS = {"Odense Universitetshospital", "Sygehus Lillebælt, Vejle"}


def _resources(name: str) -> list[dict]:
    path = FIXTURES / f"{name}.json"
    bundle = json.loads(path.read_text(encoding="utf-8"))
    return [e["resource"] for e in bundle.get("entry", []) if "resource" in e]


def _record(patient_id: str, reveal: bool = False):
    resources = _resources(patient_id) + _resources("organisations")
    return build_record(resources, patient_id=patient_id, reveal_private=reveal)


def test_poul_fills_every_pane_without_unreadable_entries():
    record = _record("poul")
    for pane in PANES:
        data = getattr(record, pane)
        assert data.items, pane
        assert data.unreadable == (), pane
    assert record.citizen.cpr == "1203541237" and record.citizen.name.startswith("Poul")
    kinds = {lab.kind for lab in record.labs.items}
    assert {"single", "bloodgas", "spirometry", "microbiology"} <= kinds
    sources = {i.source.organisation for p in ("notes", "labs", "imaging", "courses") for i in getattr(record, p).items}
    assert sources >= HOSPITALS
    departments = {i.source.department for i in record.courses.items}
    assert any(departments)
    overview = build_overview(record, today=date.today())
    assert overview.active_medication and overview.last_admission is not None


def test_mikkel_private_data_hidden_until_revealed():
    hidden = _record("mikkel")
    assert sum(getattr(hidden, p).hidden for p in PANES) > 0
    assert not any(getattr(i, "private", False) for p in PANES for i in getattr(hidden, p).items)
    revealed = _record("mikkel", reveal=True)
    assert sum(getattr(revealed, p).hidden for p in PANES) == 0
    assert any(getattr(i, "private", False) for p in PANES for i in getattr(revealed, p).items)
    assert len(revealed.notes.items) > len(hidden.notes.items)


def test_ane_is_protected():
    record = _record("ane")
    assert record.citizen.protected and record.citizen.address == ""
    assert record.citizen.name  # protection hides the address, not the name from clinicians


@pytest.mark.parametrize("patient_id", ["poul", "lars", "inge", "mikkel", "ane"])
def test_no_fixture_entry_is_unreadable(patient_id):
    record = _record(patient_id, reveal=True)
    assert [u for p in PANES for u in getattr(record, p).unreadable] == []
