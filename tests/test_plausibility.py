"""Rules for values that must be checked at their source."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sjtui.record import plausibility as p

TODAY = date(2026, 11, 20)


def test_implausible_numbers() -> None:
    assert p.implausible_number(1e308)
    assert p.implausible_number(float("nan")) and p.implausible_number(float("inf"))
    assert p.implausible_number(-5, "mm[Hg]") and p.implausible_number(500, "mmHg")
    assert p.implausible_number(101, "%", "59408-5")  # a saturation over 100 %
    assert not p.implausible_number(120, "%")  # FEV1 % of predicted may pass 100
    assert not p.implausible_number(7.32, "[pH]") and p.implausible_number(73.2, "[pH]")
    assert not p.implausible_number(None)
    assert not p.implausible_number(4100, "umol/l")


def test_inverted_range() -> None:
    assert p.inverted_range(10, 2)
    assert not p.inverted_range(2, 10) and not p.inverted_range(None, 2) and not p.inverted_range(2, 2)


def test_dates_outside_any_record() -> None:
    assert p.implausible_date(datetime(2999, 1, 1, tzinfo=UTC), TODAY, future_ok=True)
    assert p.implausible_date(date(1800, 1, 1), TODAY)
    assert p.implausible_date(date(2026, 12, 24), TODAY)  # a result in the future
    assert not p.implausible_date(date(2026, 12, 24), TODAY, future_ok=True)  # an appointment
    assert not p.implausible_date(date(2026, 11, 21), TODAY)  # time zones: a day of slack
    assert not p.implausible_date(None, TODAY)


def test_end_before_start() -> None:
    start = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    assert p.ends_before_start(start, datetime(2026, 12, 3, 8, 0, tzinfo=UTC))
    assert not p.ends_before_start(start, start) and not p.ends_before_start(start, None)
    assert not p.ends_before_start(start, datetime(2026, 12, 3, 8, 0))  # naive: not judged


def test_attachments_that_are_not_text() -> None:
    assert not p.is_text_content("application/pdf")
    assert not p.is_text_content("image/png")
    assert p.is_text_content("text/plain; charset=utf-8") and p.is_text_content("")
    assert p.is_text_content("application/fhir+json")


def test_long_texts_are_summarised_at_a_word() -> None:
    dosage = "1 tablet morgen og aften " * 200  # 5,000 characters
    assert p.too_long(dosage)
    cut, left = p.summarise(dosage)
    assert len(cut) <= p.LONG_TEXT and cut.endswith(("tablet", "morgen", "og", "aften", "1"))
    assert len(cut) + left == len(dosage.rstrip()) or len(cut) + left == len(dosage)
    assert p.summarise("kort") == ("kort", 0)
