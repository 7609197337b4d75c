"""Doubtful data is shown as doubtful: marked "tjek kilden" or summarised, never as if fine."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from sjtui.i18n import set_language
from sjtui.ui import honest

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _danish():
    set_language("da")
    yield
    set_language("da")


def test_a_date_in_2999_is_marked() -> None:
    cell = honest.date_cell(datetime(2999, 1, 1, 9, 0, tzinfo=UTC), TODAY)
    assert cell.plain == "01.01.2999 10:00 tjek kilden"
    assert "reverse" in str(cell.style)  # marked without colour too
    assert honest.date_cell(datetime(2026, 11, 19, 9, 0, tzinfo=UTC), TODAY).plain == "19.11.2026 10:00"


def test_a_date_without_time_gets_no_invented_midnight() -> None:
    from sjtui.record.mapping.common import parse_datetime

    assert honest.date_cell(parse_datetime("2026-03-12"), TODAY).plain == "12.03.2026"


def test_an_appointment_ending_before_it_starts_is_named() -> None:
    start = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)  # 09:00 in Copenhagen
    cell = honest.appointment_when(start, datetime(2026, 12, 3, 7, 0, tzinfo=UTC), TODAY)
    assert "09:00–08:00" not in cell.plain
    assert cell.plain == "03.12.2026 09:00 (slutter 03.12.2026 08:00, før start) tjek kilden"
    ok = honest.appointment_when(start, datetime(2026, 12, 3, 8, 30, tzinfo=UTC), TODAY)
    assert ok.plain == "03.12.2026 09:00–09:30"
    assert "tjek kilden" in honest.appointment_when(datetime(2999, 1, 1, tzinfo=UTC), None, TODAY).plain


def test_measured_values_and_units() -> None:
    assert honest.measured("117.5398268/78.29818281", 117.5398268, "mm[Hg]").plain == "118/78 mmHg"
    assert honest.measured("135.27123", 135.27123, "cm").plain == "135,3 cm"
    absurd = honest.measured("1" + "0" * 308, 1e308, "mmol/L")
    assert absurd.plain == "1e+308 mmol/L tjek kilden" and len(absurd.plain) < 40


def test_a_5000_character_dosage_is_summarised() -> None:
    cell = honest.long_text("1 tablet morgen " * 320)
    assert len(cell.plain) < 260
    assert "tegn; se kilden" in cell.plain and "…" in cell.plain
    assert honest.long_text("2 pust 1 gang dagligt").plain == "2 pust 1 gang dagligt"


def test_a_pdf_is_not_shown_as_text() -> None:
    notice = honest.not_text_notice("application/pdf")
    assert notice is not None and "application/pdf" in notice.plain and "ikke tekst" in notice.plain
    assert honest.not_text_notice("text/plain") is None
    set_language("en")
    assert "not text" in honest.not_text_notice("image/png").plain
