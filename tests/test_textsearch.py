"""Search folding (case, æ/ø/å and ae/oe/aa, accents) and search across a record."""

from __future__ import annotations

from sjtui.record.model import Pane
from sjtui.record.textsearch import find_spans, fold, fold_map, matches, search_record

from clinical_records import fixture_record
from ui_fakes import poul_record


def test_fold_case_danish_letters_and_accents() -> None:
    assert fold("Iltmætning") == "iltmaetning"
    assert fold("ÅBENRÅ") == fold("Aabenraa") == "aabenraa"
    assert fold("Søren") == fold("Soeren")
    assert fold("Crème brûlée") == "creme brulee"
    assert fold("a\u030a") == fold("å")  # decomposed å is å


def test_fold_map_points_back_to_the_original_letters() -> None:
    folded, origin = fold_map("Ærø")
    assert folded == "aeroe"
    assert origin == [0, 0, 1, 2, 2]


def test_spans_are_in_the_original_text() -> None:
    text = "Iltmætning (SpO2) 91 %"
    assert find_spans("maetning", text) == [(3, 10)]
    assert text[3:10] == "mætning"
    assert find_spans("spo2 ILT", text) == [(0, 3), (12, 16)]
    assert find_spans("", text) == []


def test_matches_needs_every_word() -> None:
    assert matches("kol ilt", "KOL-patient", "iltbehandling")
    assert not matches("kol hjerte", "KOL-patient")
    assert matches("   ", "anything")


def test_fev1_ilt_kalium_hit_poul_including_panel_members() -> None:
    record = fixture_record("poul")
    fev1 = search_record(record, "fev1")
    labs = [h for h in fev1 if h.pane == Pane.LABS]
    assert len(labs) == 9  # every spirometry panel, found through its FEV1 member
    assert all(h.title == "Spirometri" and h.snippet.startswith("FEV1 ") for h in labs)
    assert any(h.pane == Pane.NOTES for h in fev1)
    assert {h.pane for h in search_record(record, "ilt")} >= {Pane.HOME, Pane.NOTES}
    kalium = search_record(record, "kalium")
    assert kalium and kalium[0].title == "P-Kalium"
    dates = [h.date for h in kalium if h.date]
    assert dates == sorted(dates, reverse=True)  # newest first


def test_hit_snippet_spans_point_at_the_word() -> None:
    hit = search_record(fixture_record("poul"), "FEV1")[0]
    for start, end in hit.spans:
        assert fold(hit.snippet[start:end]) == "fev1"


def test_bodies_known_offline_are_searched() -> None:
    record = poul_record()
    assert search_record(record, "hvile") == []
    hits = search_record(record, "hvile", {"DocumentReference/n2": "SpO2 88 % i hvile."})
    assert [h.resource_key for h in hits] == ["DocumentReference/n2"]


def test_microbiology_organism_and_antibiotic_are_searchable() -> None:
    record = poul_record()
    assert [h.pane for h in search_record(record, "haemophilus")] == [Pane.LABS]
    assert search_record(record, "ampicillin r")


def test_value_text_formats_values_for_the_reader() -> None:
    hits = search_record(fixture_record("poul"), "fev1", value_text=lambda v, u: f"<{v}|{u}>")
    assert any("<0.81|l>" in h.snippet for h in hits)
