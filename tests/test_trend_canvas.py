"""The trend drawn with characters: readable without colour, at any size."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sjtui.i18n import set_language
from sjtui.record.entries import ReferenceRange
from sjtui.record.trends import TrendPoint, TrendSeries, series_for
from sjtui.ui.trend_canvas import ABOVE, BAND, BELOW, INSIDE, draw_trend, legend

from clinical_records import fixture_record


@pytest.fixture(autouse=True)
def _danish():
    set_language("da")
    yield
    set_language("da")


def _series(values: list[float], band: ReferenceRange | None, kind: str = "lab") -> TrendSeries:
    points = tuple(
        TrendPoint(datetime(2026, 1, 1 + n, tzinfo=UTC), v, f"{v:g}", "", f"O/{n}", "") for n, v in enumerate(values)
    )
    return TrendSeries("k", "K", "mmol/l", kind, points, band)


def test_fits_the_size_and_names_the_dates() -> None:
    plot = draw_trend(series_for(fixture_record("poul"), "20150-9"), 76, 14).plain.split("\n")
    assert len(plot) == 14
    assert all(len(line) <= 76 for line in plot)
    assert plot[-1].strip().startswith("18.02.2019") and plot[-1].rstrip().endswith("05.10.2026")
    assert sum(line.count(INSIDE) for line in plot) == 9


def test_markers_say_above_and_below_without_colour() -> None:
    series = _series([3.0, 4.0, 5.0], ReferenceRange(3.5, 4.6, ""))
    text = draw_trend(series, 40, 10)
    plain = text.plain
    assert plain.count(BELOW) == 1 and plain.count(ABOVE) == 1 and plain.count(INSIDE) == 1
    assert BAND in plain
    assert "3,5" in plain and "4,6" in plain  # the band's limits are on the axis
    assert [m for m, _ in legend(series)] == [INSIDE, ABOVE, BELOW, BAND]


def test_one_point_and_a_flat_series_do_not_break() -> None:
    assert INSIDE in draw_trend(_series([4.0], None), 30, 6).plain
    assert draw_trend(_series([4.0, 4.0, 4.0], None), 30, 6).plain.count(INSIDE) >= 1
    assert draw_trend(_series([], None), 30, 6).plain == ""


def test_tiny_sizes_keep_a_minimum_plot() -> None:
    lines = draw_trend(_series([1.0, 2.0], None), 5, 2).plain.split("\n")
    assert len(lines) >= 5


def test_english_uses_the_decimal_point() -> None:
    set_language("en")
    assert "3.5" in draw_trend(_series([3.0, 4.0], ReferenceRange(3.5, 4.6, "")), 40, 10).plain
