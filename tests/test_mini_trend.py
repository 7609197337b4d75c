"""Mini-trends and panel values on the overview."""

from __future__ import annotations

import pytest

from sjtui.i18n import set_language
from sjtui.record.trends import series_for
from sjtui.ui.mini_trend import BLOCKS, mini_trend, panel_values, spark

from clinical_records import fixture_record


@pytest.fixture(autouse=True)
def _danish():
    set_language("da")
    yield
    set_language("da")


def test_spark_heights() -> None:
    assert spark([1.0, 2.0, 3.0]) == BLOCKS[0] + BLOCKS[4] + BLOCKS[-1]
    assert spark([5.0, 5.0]) == BLOCKS[3] * 2
    assert spark([]) == ""


def test_fev1_mini_trend_names_years_and_change() -> None:
    text = mini_trend(series_for(fixture_record("poul"), "20150-9"))
    assert text is not None
    assert text.plain == "▄▄█▇▆▅▃▂▁  2019–2026 · ↓ −0,07 l"


def test_home_spo2_mini_trend_names_the_threshold() -> None:
    text = mini_trend(series_for(fixture_record("poul"), "59408-5"), band=True)
    assert text is not None and text.plain.endswith("tærskel 88–100 %")
    assert len(text.plain.split("  ")[0]) == 12  # the newest twelve values


def test_a_single_value_has_no_trend() -> None:
    assert mini_trend(None) is None


def test_panel_values_name_the_flagged_members() -> None:
    gas = next(lab for lab in fixture_record("poul").labs.items if lab.kind == "bloodgas")
    text = panel_values(gas).plain
    assert "aB-pCO2 6,6 kPa H" in text and "aB-pO2 7,8 kPa L" in text
    assert text.endswith("(+1 til)")
