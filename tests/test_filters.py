"""Filtering and search helpers for the UI."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sjtui.record.filters import (
    by_course,
    by_date_range,
    by_source,
    matches,
    organisations,
    search_notes,
)

from fhir_builders import b64, build, cc, ref, res


def note(rid, when, custodian, encounter=None, title="Sygeplejenotat", summary="", body=""):
    attachment = {"contentType": "text/plain"}
    if body:
        attachment["data"] = b64(body)
    else:
        attachment["url"] = f"Binary/{rid}"
    fields = {
        "type": cc(title),
        "custodian": custodian,
        "description": summary,
        "content": [{"attachment": attachment}],
    }
    if when:
        fields["date"] = when
    if encounter:
        fields["context"] = {"encounter": [ref(encounter)]}
    return res("DocumentReference", rid, **fields)


def notes_record():
    return build(
        note(
            "n1",
            "2026-01-03T10:00:00+01:00",
            ref("Organization/ouh-lung"),
            "Encounter/e1",
            summary="Indlagt med ÅNDENØD",
            body="Patienten er forpustet.",
        ),
        note(
            "n2",
            "2026-02-10T23:30:00+01:00",
            ref("Organization/gp", "GP"),
            "Encounter/e2",
            title="Lægenotat",
            body="Kontrol hos egen læge. Aabenraa.",
        ),
        note("n3", None, {"display": "Sygehus Lillebælt, Vejle"}),
        res("Encounter", "e1", **{"class": {"code": "IMP"}}, episodeOfCare=[ref("EpisodeOfCare/ep")]),
        res("Encounter", "e2", **{"class": {"code": "AMB"}}),
        res("EpisodeOfCare", "ep"),
    )


def keys(items):
    return [i.resource_key.split("/")[1] for i in items]


def test_by_source_and_organisations():
    rec = notes_record()
    assert organisations(rec.notes.items) == [
        "Lægerne Vestergade, Vejen",
        "Odense Universitetshospital",
        "Sygehus Lillebælt, Vejle",
    ]
    assert keys(by_source(rec.notes.items, "odense universitetshospital")) == ["n1"]
    assert keys(by_source(rec.notes.items, "Odense Universitetshospital", "Lungemedicinsk afdeling J")) == ["n1"]
    assert by_source(rec.notes.items, "Odense Universitetshospital", "Andet") == []


def test_by_course_with_episode():
    rec = notes_record()
    assert keys(by_course(rec.notes.items, "Encounter/e2")) == ["n2"]
    assert keys(by_course(rec.notes.items, "EpisodeOfCare/ep", rec.courses.items)) == ["n1"]
    assert by_course(rec.notes.items, "EpisodeOfCare/ep") == []


def test_by_date_range_local_days_inclusive():
    rec = notes_record()
    assert keys(by_date_range(rec.notes.items)) == ["n2", "n1", "n3"]
    assert keys(by_date_range(rec.notes.items, date(2026, 2, 10), date(2026, 2, 10))) == ["n2"]
    assert keys(by_date_range(rec.notes.items, end=date(2026, 2, 9))) == ["n1"]
    start = datetime(2026, 1, 4, tzinfo=UTC)
    assert keys(by_date_range(rec.notes.items, start=start)) == ["n2"]


def test_search_notes_case_insensitive_danish():
    rec = notes_record()
    assert keys(search_notes(rec.notes.items, "åndenød")) == ["n1"]
    assert keys(search_notes(rec.notes.items, "FORPUSTET patienten")) == ["n1"]
    assert keys(search_notes(rec.notes.items, "lægenotat")) == ["n2"]
    assert keys(search_notes(rec.notes.items, "åbenrå")) == ["n2"]  # old spelling "Aabenraa"
    assert keys(search_notes(rec.notes.items, "")) == ["n2", "n1", "n3"]
    assert search_notes(rec.notes.items, "forpustet kontrol") == []
    assert matches("a\u030a", "Å")  # decomposed å matches composed
