"""Numbers and units as a Danish clinician reads them."""

from __future__ import annotations

from datetime import date

import pytest

from sjtui.i18n import set_language
from sjtui.ui import numbers as n


@pytest.fixture(autouse=True)
def _danish():
    set_language("da")
    yield
    set_language("da")


def test_decimal_comma_and_the_sent_precision_capped() -> None:
    assert n.measure("0.81").text == "0,81"
    assert n.measure("7.4").text == "7,4"
    assert n.measure("135.27123", 135.27123, "cm").text == "135,3"
    assert n.measure("0.123456", 0.123456, "mmol/L").text == "0,123"
    assert n.measure("<5").text == "<5"
    assert n.measure("Positiv").text == "Positiv"
    set_language("en")
    assert n.measure("0,81").text == "0.81"


def test_blood_pressure_is_whole_numbers() -> None:
    assert n.measure("117.5398268/78.29818281", 117.5398268, "mm[Hg]").text == "118/78"
    assert n.measure("142/88", 142, "mmHg").text == "142/88"
    shown = n.measure("1420/88", 1420, "mmHg")
    assert shown.suspect


def test_absurd_numbers_are_marked_not_printed_in_full() -> None:
    shown = n.measure("1" + "0" * 308, 1e308, "mmol/L")
    assert shown.suspect and shown.text == "1e+308"
    assert n.measure("1e308").suspect
    assert n.measure("101", 101.0, "%", "59408-5").suspect


def test_ucum_units_in_their_common_form() -> None:
    assert n.ucum_display("mm[Hg]") == "mmHg"
    assert n.ucum_display("10*9/L") == "10^9/L"
    assert n.ucum_display("10*3/uL") == "10^3/µL"
    assert n.ucum_display("{score}") == "score"
    assert n.ucum_display("umol/L") == "µmol/L"
    assert n.ucum_display("U/L") == "U/L"
    assert n.ucum_display("Cel") == "°C"
    assert n.ucum_display("[pH]") == ""
    assert n.ucum_display("mL/min/{1.73_m2}") == "mL/min/1.73_m2"
    assert n.ucum_display("×10⁹/l") == "×10⁹/l"


def test_decimals_of_and_fmt_decimal() -> None:
    assert n.decimals_of("0.81") == 2 and n.decimals_of("7") == 0 and n.decimals_of("1e308") == 0
    assert n.fmt_decimal(-0.001, 1) == "0,0"
    assert n.fmt_decimal(1.25, 2) == "1,25"


def test_week_numbers() -> None:
    assert n.fmt_week(date(2026, 11, 26)) == "uge 48"
    set_language("en")
    assert n.fmt_week(date(2026, 11, 26)) == "week 48"
