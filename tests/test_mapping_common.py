"""Shared helpers of the mapping, plus resource factories used by the other mapping tests."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from sjtui.record.mapping import build_record
from sjtui.record.mapping.base import SourceResolver
from sjtui.record.mapping.common import (
    Index,
    MappingError,
    format_number,
    is_private,
    parse_date,
    parse_datetime,
    ref_key,
)
from sjtui.record.model import Source

from fhir_builders import cc, orgs, ref, res

# --- tests of the helpers ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024-03-12T10:15:00+01:00", datetime(2024, 3, 12, 9, 15, tzinfo=UTC)),
        ("2024-03-12T10:15:00Z", datetime(2024, 3, 12, 10, 15, tzinfo=UTC)),
        ("2024-03-12", datetime(2024, 3, 11, 23, 0, tzinfo=UTC)),  # local midnight
        ("2024-03", datetime(2024, 2, 29, 23, 0, tzinfo=UTC)),
        ("2024", datetime(2023, 12, 31, 23, 0, tzinfo=UTC)),
    ],
)
def test_dates_become_aware(text, expected):
    parsed = parse_datetime(text)
    assert parsed is not None and parsed.tzinfo is not None
    assert parsed == expected


@pytest.mark.parametrize("bad", ["2026-13-45", "yesterday", 20240101, "2024-02-30", [], "9" * 100])
def test_invalid_dates_raise_mapping_error(bad):
    with pytest.raises(MappingError):
        parse_datetime(bad)


def test_missing_date_is_none_and_local_date():
    assert parse_datetime(None) is None
    assert str(parse_date("2024-06-30T23:30:00Z")) == "2024-07-01"  # Copenhagen summer time


@pytest.mark.parametrize(
    "value, text",
    [
        (7.319999999999999, "7.32"),
        (7.32, "7.32"),
        (140.0, "140"),
        (0.001, "0.001"),
        (-2.5, "-2.5"),
        (1e-7, "0.0000001"),
        (123456789012.0, "123456789012"),
    ],
)
def test_number_formatting_strips_float_noise(value, text):
    assert format_number(value) == text


def test_is_private_tolerates_junk():
    assert is_private(res("Observation", "a", private=True))
    assert is_private({"meta": {"security": [{"code": "R"}]}})  # no system: fail closed
    assert not is_private({"meta": {"security": [{"system": "other", "code": "R"}]}})
    for junk in (None, "x", {"meta": "x"}, {"meta": {"security": 5}}, {"meta": {"security": [1]}}):
        assert not is_private(junk)


def test_ref_key_shapes():
    assert ref_key({"reference": "Organization/a"}) == "Organization/a"
    assert ref_key({"reference": "https://x.dk/fhir/Organization/a/_history/3"}) == "Organization/a"
    assert ref_key({"reference": "#contained"}) == ""
    assert ref_key("Organization/a") == ""


def test_department_source_names_the_hospital():
    index = Index({f"Organization/{o['id']}": o for o in orgs()})
    sources = SourceResolver(index)
    assert sources.resolve(ref("Organization/ouh-lung", "x")) == Source(
        organisation="Odense Universitetshospital", department="Lungemedicinsk afdeling J", kind="hospital", sor="1002"
    )
    assert sources.resolve(ref("Organization/gp")).kind == "gp"
    assert sources.resolve(ref("Organization/unknown", "Sygehus Lillebælt")) == Source(organisation="Sygehus Lillebælt")
    assert sources.resolve(ref("Patient/p1")).kind == "citizen"
    assert sources.resolve("junk") == Source()


def test_cyclic_and_junk_organisations_do_not_break_sources():
    a = res("Organization", "a", name="A", partOf=ref("Organization/b"))
    b = res("Organization", "b", name="B", partOf=ref("Organization/a"))
    junk = res("Organization", "j", name=["not", "a", "string"])
    sources = SourceResolver(Index({"Organization/a": a, "Organization/b": b, "Organization/j": junk}))
    assert sources.resolve(ref("Organization/a")).department == "A"
    assert sources.resolve(ref("Organization/j", "Shown")) == Source(organisation="Shown")


def test_build_record_on_nothing_and_on_junk_iterables():
    record = build_record([], patient_id="p1", reveal_private=False)
    assert record.citizen.resource_key == "Patient/p1" and record.labs.loaded
    record = build_record([None, 5, "x", [], {"resourceType": 7}, {"id": "x"}], patient_id="p1", reveal_private=False)
    assert record.labs.items == () and record.labs.unreadable == ()

    def broken():
        yield res("Immunization", "v1", status="completed", vaccineCode=cc("Influenza"))
        raise RuntimeError("connection lost")

    record = build_record(broken(), patient_id="p1", reveal_private=False)
    assert [v.name for v in record.vaccinations.items] == ["Influenza"]


def test_as_of_naive_is_taken_as_utc_and_nan_is_rejected():
    record = build_record([], patient_id="p1", reveal_private=False, as_of=datetime(2026, 1, 1, 12, 0))
    assert record.as_of is not None and record.as_of.utcoffset() == timedelta(0)
    assert math.isnan(float("nan"))  # sanity: NaN handled in test_mapping_malformed
