"""Each opening step maps again only the panes whose inputs changed (issue 14, the large
citizen): the record shown is the same as a full mapping, a change to what every pane consults
maps every pane, and the three states of a list hold after a pane is reused."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sjtui.record.mapping import build_record, map_record
from sjtui.record.mapping.home import is_home
from sjtui.record.mapping.reuse import PANE_TYPES
from sjtui.record.model import ListState, Pane

from service_stack import Stack, find, grant_for, open_all

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
AS_OF = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
ALL_PANES = frozenset(PANE_TYPES)


def _poul() -> list[dict]:
    resources: list[dict] = []
    for name in ("poul", "organisations"):
        bundle = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
        resources += [e["resource"] for e in bundle["entry"]]
    return resources


def _map(resources: list[dict], previous=None, **kw):
    args = {"patient_id": "poul", "reveal_private": False, "as_of": AS_OF, **kw}
    record, memo = map_record(resources, previous=previous, **args)
    assert record == build_record(resources, **args)  # reused or not: the same as a full mapping
    return record, memo


def _replaced(resources: list[dict], old: dict, change) -> list[dict]:
    """The list as a step leaves it: the changed resource is a new object, the rest the same."""
    new = copy.deepcopy(old)
    change(new)
    return [new if r is old else r for r in resources]


def _lab(resources: list[dict]) -> dict:
    return next(r for r in resources if r["resourceType"] == "Observation" and "valueQuantity" in r and not is_home(r))


def test_the_first_mapping_maps_every_pane_and_an_unchanged_step_none() -> None:
    resources = _poul()
    first, memo = _map(resources)
    assert memo.remapped == ALL_PANES
    again, memo = _map(list(resources), memo)
    assert memo.remapped == frozenset()
    assert again == first and again.labs is first.labs and again.citizen is first.citizen


def test_a_step_that_changes_only_a_lab_value_maps_only_the_observation_panes() -> None:
    resources = _poul()
    first, memo = _map(resources)
    lab = _lab(resources)
    changed = _replaced(resources, lab, lambda r: r["valueQuantity"].update(value=r["valueQuantity"]["value"] + 1))

    second, memo = _map(changed, memo)

    assert memo.remapped == {Pane.LABS, Pane.HOME}  # the panes mapped from Observations
    assert second.labs != first.labs  # the new value is shown
    for pane in ALL_PANES - memo.remapped - {Pane.BASIC}:
        assert getattr(second, pane.value) is getattr(first, pane.value), pane  # reused as mapped
    assert second.basic is first.basic and second.citizen is first.citizen


def test_a_new_note_maps_only_the_notes() -> None:
    resources = _poul()
    _first, memo = _map(resources)
    note = next(r for r in resources if r["resourceType"] == "DocumentReference")
    added = copy.deepcopy(note)
    added["id"] = "poul-note-new"
    second, memo = _map([*resources, added], memo)
    assert memo.remapped == {Pane.NOTES}
    assert "DocumentReference/poul-note-new" in {n.resource_key for n in second.notes.items}


def test_an_organisation_renamed_maps_every_pane_and_the_labels_follow() -> None:
    resources = _poul()
    first, memo = _map(resources)
    names = {r["name"]: r for r in resources if r["resourceType"] == "Organization" and "partOf" not in r}
    shown = next(e.source.organisation for e in first.labs.items if e.source.organisation in names)
    renamed = _replaced(resources, names[shown], lambda r: r.update(name="Omdøbt Sygehus"))

    second, memo = _map(renamed, memo)

    assert memo.remapped == ALL_PANES
    labels = {e.source.organisation for e in second.labs.items}
    assert "Omdøbt Sygehus" in labels and shown not in labels


@pytest.mark.parametrize("rtype", ["Patient", "Encounter", "EpisodeOfCare", "Condition", "Binary"])
def test_a_change_to_what_every_pane_may_consult_maps_every_pane(rtype: str) -> None:
    resources = _poul()
    _first, memo = _map(resources)
    old = next(r for r in resources if r["resourceType"] == rtype)
    _second, memo = _map(_replaced(resources, old, lambda r: r.setdefault("meta", {}).update(versionId="99")), memo)
    assert memo.remapped == ALL_PANES


def test_break_the_glass_and_another_now_map_what_depends_on_them() -> None:
    resources = _poul()
    _first, memo = _map(resources)
    _second, later = _map(resources, memo, as_of=datetime(2027, 6, 1, tzinfo=UTC))
    assert later.remapped == {Pane.APPOINTMENTS, Pane.REGISTRATIONS}  # upcoming / in force
    _third, revealed = _map(resources, memo, reveal_private=True)
    assert revealed.remapped == ALL_PANES


def test_a_pane_becomes_known_when_its_search_completes_without_new_resources() -> None:
    """Still loading in one step, loaded in the next with the same resources: mapped again,
    so "loading" is never kept for a pane that is now known (or known empty)."""
    resources = _poul()
    first, memo = _map(resources, loaded={Pane.OVERVIEW, Pane.CAVE})
    assert first.labs.state is ListState.LOADING and first.cave.state is ListState.KNOWN
    second, memo = _map(resources, memo, loaded={Pane.OVERVIEW, Pane.CAVE, Pane.LABS, Pane.REGISTRATIONS})
    assert memo.remapped == {Pane.LABS, Pane.REGISTRATIONS}
    assert second.labs.state is ListState.KNOWN and second.cave is first.cave


def test_new_marks_change_maps_the_panes_they_belong_to() -> None:
    resources = _poul()
    _first, memo = _map(resources)
    note = next(r for r in resources if r["resourceType"] == "DocumentReference")
    key = f"DocumentReference/{note['id']}"
    second, memo = _map(resources, memo, new_keys={key})
    assert memo.remapped == {Pane.NOTES}
    assert second.notes.new_keys == {key}


# --- through the service: the gaps of the opening still apply to a reused pane ---------------


def _fail_immunizations(monkeypatch) -> None:
    from sjtui.demo import handler

    original = handler.FhirHandler.search

    def search(self, req, rtype):
        if rtype == "Immunization":
            raise handler.FhirError(500, "exception", "down")
        return original(self, req, rtype)

    monkeypatch.setattr(handler.FhirHandler, "search", search)


@pytest.mark.usefixtures("stack")
async def test_a_reused_pane_whose_search_failed_is_not_known(stack: Stack, monkeypatch) -> None:
    poul = await find(stack.service, "1203541237")
    await open_all(stack.service, poul, grant_for(poul))  # the cache fills
    _fail_immunizations(monkeypatch)

    records = await open_all(stack.service, poul, grant_for(poul))

    saved, final = records[0], records[-1]
    assert saved.from_cache and saved.vaccinations.state is ListState.KNOWN
    # The saved vaccinations are reused as mapped (nothing of theirs changed) ...
    assert final.vaccinations.items is saved.vaccinations.items
    # ... and still not known: the refresh of that list failed.
    for record in records[1:]:
        assert record.vaccinations.state is ListState.UNKNOWN, record.vaccinations
    assert "failed" in final.vaccinations.why_unknown()
    assert final.notes.state is ListState.KNOWN


@pytest.mark.usefixtures("stack")
async def test_a_lab_changed_on_the_server_is_shown_and_the_notes_are_reused(stack: Stack) -> None:
    poul = await find(stack.service, "1203541237")
    await open_all(stack.service, poul, grant_for(poul))
    store = stack.app.state.store
    lab = copy.deepcopy(
        _lab([s.resource for s in store.of_type("Observation") if s.resource["id"].startswith("poul-")])
    )
    lab["valueQuantity"]["value"] = 987.5
    store.upsert(lab)

    records = await open_all(stack.service, poul, grant_for(poul))

    saved, final = records[0], records[-1]
    key = f"Observation/{lab['id']}"
    values = {e.resource_key: getattr(e, "value", None) for e in final.labs.items}
    assert key in values and "987" in str(values[key])
    assert final.notes.items is saved.notes.items  # nothing of the notes changed: not mapped again
    assert final.labs.state is ListState.KNOWN and final.notes.state is ListState.KNOWN
