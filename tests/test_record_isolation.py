"""Per-resource isolation and only this citizen's data (issue #10)."""

from __future__ import annotations

import pytest

from sjtui.crypto.key import UnlockedKey
from sjtui.demo.app import create_app
from sjtui.demo.reject_params import RejectParams
from sjtui.fhir.client import FhirClient
from sjtui.i18n import set_language
from sjtui.record.mapping import build_record
from sjtui.record.model import ListState
from sjtui.ui.panes.record_details import record_details
from sjtui.ui.widgets.banner import cave_text

from fhir_builders import cc, res
from record_servers import find_one, open_all, search_of, services_for


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SJTUI_HOME", str(tmp_path))
    set_language("da")
    yield tmp_path
    set_language("da")


def _deep_observation(depth: int) -> dict:
    node: dict = {"url": "x", "valueString": "leaf"}
    for _ in range(depth):
        node = {"url": "x", "extension": [node]}
    return {
        "resourceType": "Observation",
        "id": "deep",
        "subject": {"reference": "Patient/poul"},
        "status": "final",
        "category": [{"coding": [{"code": "laboratory"}]}],
        "code": {"text": "Dyb"},
        "effectiveDateTime": "2026-01-05",
        "extension": [node],
    }


async def test_a_5000_deep_resource_is_quarantined_and_the_record_opens(monkeypatch) -> None:
    """The finding: a RecursionError sank the batch. Now: that one lab is "could not be
    read" (type, date, why), the rest of the labs and every other pane are there."""
    original = FhirClient.batch

    async def with_deep(self, requests, **kw):
        responses = await original(self, requests, **kw)
        for request, response in zip(requests, responses, strict=False):
            if search_of(request.url, "labs") and isinstance(response.resource, dict):
                response.resource.setdefault("entry", []).append({"resource": _deep_observation(5000)})
        return responses

    monkeypatch.setattr(FhirClient, "batch", with_deep)
    services = services_for(create_app(), UnlockedKey.ephemeral())  # with the cache: stored safely
    poul = await find_one(services.service)
    final = (await open_all(services.service, poul))[-1]
    [bad] = final.labs.unreadable
    assert bad.resource_key == "Observation/deep" and bad.kind == "too-deep"
    assert bad.date is not None and bad.date.year == 2026
    assert final.labs.items and final.labs.state is ListState.UNKNOWN
    assert final.notes.complete and final.cave.complete
    details = record_details(final)
    assert "Observation/deep" in details and "for dybt indlejret" in details


async def test_data_naming_no_citizen_or_another_is_dropped_and_listed() -> None:
    stranger = {
        "resourceType": "Observation",
        "id": "nobody",
        "status": "final",
        "category": [{"coding": [{"code": "laboratory"}]}],
        "code": {"text": "P-Fremmed"},
        "valueQuantity": {"value": 1},
    }
    other = {**stranger, "id": "lars-obs", "subject": {"reference": "Patient/lars"}}

    def hook(url: str, entry: dict) -> dict:
        if search_of(url, "labs"):
            entry["resource"].setdefault("entry", []).extend([{"resource": stranger}, {"resource": other}])
        return entry

    services = services_for(RejectParams(create_app(), [], entry_hook=hook), UnlockedKey.ephemeral(), use_cache=False)
    poul = await find_one(services.service)
    final = (await open_all(services.service, poul))[-1]
    names = {lab.name for lab in final.labs.items}
    assert "P-Fremmed" not in names and final.labs.items
    assert {(d.resource_key, d.reason) for d in final.dropped} == {
        ("Observation/nobody", "no-citizen"),
        ("Observation/lars-obs", "other-citizen"),
    }
    details = record_details(final)
    assert "Observation/nobody: angiver ingen borger" in details
    # The labs search answered with entries that are not Poul's: that list is not fully known.
    assert final.labs.state is ListState.UNKNOWN
    assert any(g.reason == "not-this-citizen" and g.missing == 2 for g in final.labs.gaps)


@pytest.mark.parametrize(
    ("resource_type", "field", "pane"),
    [
        ("AllergyIntolerance", "patient", "cave"),
        ("Appointment", "participant", "appointments"),
        ("Immunization", "patient", "vaccinations"),
        ("DocumentReference", "subject", "notes"),
        ("MedicationStatement", "subject", "medication"),
    ],
)
def test_a_list_whose_only_entry_names_no_citizen_is_never_known_empty(resource_type, field, pane) -> None:
    set_language("da")
    stray = {"resourceType": resource_type, "id": "x1", "status": "active"}
    if field == "participant":
        stray["participant"] = [{"actor": {"reference": "Patient/someone-else"}}]
    record = build_record([stray], patient_id="p1", reveal_private=False)
    data = getattr(record, pane)
    assert not data.items and data.state is ListState.UNKNOWN
    assert not data.known_empty
    if pane == "cave":
        assert cave_text(record.cave).plain == "CAVE: Ikke kendt: 1 svar fra serveren nævnte ikke denne borger"


async def test_a_patient_with_malformed_fields_is_found_and_opened(monkeypatch) -> None:
    """The finding: "Ingen borger fundet" although the server returned the citizen."""

    def spoil(resources: list) -> None:
        for r in resources:
            if isinstance(r, dict) and r.get("resourceType") == "Patient" and r.get("id") == "poul":
                r.update(birthDate="2026-13-45", name="Poul Erik Madsen")

    search, batch = FhirClient.search, FhirClient.batch

    async def spoiled_search(self, rtype, params, **kw):
        result = await search(self, rtype, params, **kw)
        spoil(result.resources)
        return result

    async def spoiled_batch(self, requests, **kw):
        responses = await batch(self, requests, **kw)
        for response in responses:
            entries = (response.resource or {}).get("entry") or []
            spoil([e.get("resource") for e in entries if isinstance(e, dict)])
        return responses

    monkeypatch.setattr(FhirClient, "search", spoiled_search)
    monkeypatch.setattr(FhirClient, "batch", spoiled_batch)
    services = services_for(create_app(), UnlockedKey.ephemeral(), use_cache=False)
    hit = await find_one(services.service)
    assert hit.patient_id == "poul" and hit.name == "Poul Erik Madsen"
    assert set(hit.unreadable_fields) == {"birthDate", "name"} and hit.birth_date is None
    final = (await open_all(services.service, hit))[-1]
    assert final.citizen.cpr == "1203541237" and final.citizen.name == "Poul Erik Madsen"
    assert set(final.citizen.unreadable_fields) == {"birthDate", "name"}
    assert final.basic.state is ListState.UNKNOWN  # the card says what could not be read
    assert final.cave.complete and final.labs.items


def test_cave_semantics() -> None:
    status = lambda code: {"coding": [{"code": code}]}  # noqa: E731
    snomed = lambda code, text: {"coding": [{"system": "http://snomed.info/sct", "code": code, "display": text}]}  # noqa: E731
    record = build_record(
        [
            res(
                "AllergyIntolerance",
                "latex",
                citizen="p1",
                code=snomed("1003774007", "No Known Latex Allergy"),
                clinicalStatus=status("active"),
            ),
            res(
                "AllergyIntolerance",
                "pcn",
                citizen="p1",
                code=cc("Penicillin"),
                criticality="high",
                clinicalStatus=status("active"),
                verificationStatus=status("unconfirmed"),
            ),
            res("AllergyIntolerance", "refuted", citizen="p1", code=cc("Jod"), verificationStatus=status("refuted")),
            res(
                "AllergyIntolerance",
                "eie",
                citizen="p1",
                code=cc("Nødder"),
                verificationStatus=status("entered-in-error"),
            ),
            res("AllergyIntolerance", "old", citizen="p1", code=cc("Pollen"), clinicalStatus=status("resolved")),
        ],
        patient_id="p1",
        reveal_private=False,
    )
    kinds = {c.resource_key: (c.kind, c.unconfirmed, c.active, c.status) for c in record.cave.items}
    assert kinds == {
        "AllergyIntolerance/latex": ("no-known", False, True, "active"),
        "AllergyIntolerance/pcn": ("allergy", True, True, "active"),
        "AllergyIntolerance/old": ("allergy", False, False, "resolved"),
    }
    banner = cave_text(record.cave).plain
    assert "Penicillin (allergi, høj risiko, ubekræftet)" in banner
    assert "No Known Latex Allergy (erklæring, ikke en allergi)" in banner
    assert "Jod" not in banner and "Nødder" not in banner and "Pollen" not in banner
    # Only the statement: no allergy counted, and it is shown as a statement.
    only = build_record(
        [res("AllergyIntolerance", "nka", citizen="p1", code=snomed("716186003", "No known allergy"))],
        patient_id="p1",
        reveal_private=False,
    )
    assert not [c for c in only.cave.items if c.is_cave]
    assert cave_text(only.cave).plain == "CAVE: Ingen kendte CAVE · No known allergy (erklæring, ikke en allergi)"


def test_an_unreadable_allergy_makes_cave_not_fully_known() -> None:
    record = build_record(
        [res("AllergyIntolerance", "bad", citizen="p1", code=5, recordedDate="2025-02-03")],
        patient_id="p1",
        reveal_private=False,
    )
    text = cave_text(record.cave).plain
    assert text == "CAVE: Ikke kendt: 1 kunne ikke læses"
    [bad] = record.cave.unreadable
    assert bad.resource_type == "AllergyIntolerance" and bad.date is not None


def test_a_search_hit_says_which_fields_could_not_be_read() -> None:
    from datetime import date

    from sjtui.record.entries import CitizenSummary
    from sjtui.ui.screens.search import summary_cells

    hit = CitizenSummary("poul", "1203541237", "Poul Erik Madsen", None, "", False, ("name", "birthDate"))
    cells = summary_cells(hit, date(2026, 1, 1))
    assert cells[0].plain == "Poul Erik Madsen (kunne ikke læses)"
    assert cells[2].plain == "(kunne ikke læses)"


async def test_an_answer_too_deep_to_decode_fails_that_answer_not_the_opening(monkeypatch) -> None:
    """Whatever layer meets a 5,000-deep answer first: the saved copy stays on screen,
    marked as saved, instead of the opening crashing."""
    services = services_for(create_app(), UnlockedKey.ephemeral())
    poul = await find_one(services.service)
    await open_all(services.service, poul)

    async def too_deep(self, requests, **kw):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(FhirClient, "batch", too_deep)
    final = (await open_all(services.service, poul))[-1]
    assert final.from_cache and final.cave.items and final.cave.state is ListState.UNKNOWN


def test_no_information_about_allergies_makes_cave_not_known() -> None:
    ips = {
        "coding": [
            {
                "system": "http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips",
                "code": "no-allergy-info",
                "display": "No information about allergies",
            }
        ]
    }
    record = build_record(
        [res("AllergyIntolerance", "x", citizen="p1", code=ips)], patient_id="p1", reveal_private=False
    )
    assert record.cave.state is ListState.UNKNOWN
    assert cave_text(record.cave).plain.startswith("CAVE: Ikke kendt: ingen oplysning om allergier")


async def test_a_5000_deep_resource_over_the_wire_is_quarantined_alone() -> None:
    """End to end: the server sends the 5,000-deep Observation in the labs search; only that
    one shows as "could not be read" in its pane; the record opens."""
    nested = '{"url":"x","extension":[' * 5000 + '{"url":"x","valueString":"leaf"}' + "]}" * 5000
    deep = (
        '{"resourceType":"Observation","id":"deep","subject":{"reference":"Patient/poul"},'
        '"status":"final","category":[{"coding":[{"code":"laboratory"}]}],"code":{"text":"Dyb"},'
        '"effectiveDateTime":"2026-01-05","extension":[' + nested + "]}"
    ).encode()

    def hook(url: str, entry: dict) -> dict:
        if search_of(url, "labs"):
            entry["resource"].setdefault("entry", []).append({"resource": "__DEEP__"})
        return entry

    class Deepen:
        def __init__(self, app):
            self.app = app

        async def __call__(self, scope, receive, send):
            async def patched(message):
                if message["type"] == "http.response.body" and b'"__DEEP__"' in message.get("body", b""):
                    message = {**message, "body": message["body"].replace(b'"__DEEP__"', deep)}
                if message["type"] == "http.response.start":
                    message = {
                        **message,
                        "headers": [(k, v) for k, v in message["headers"] if k.lower() != b"content-length"],
                    }
                await send(message)

            await self.app(scope, receive, patched)

    services = services_for(Deepen(RejectParams(create_app(), [], entry_hook=hook)), UnlockedKey.ephemeral())
    poul = await find_one(services.service)
    final = (await open_all(services.service, poul))[-1]
    assert [(u.resource_key, u.kind) for u in final.labs.unreadable] == [("Observation/deep", "too-deep")]
    assert final.labs.items and final.notes.complete and final.cave.complete
