"""A trend drawn with characters: values over time against their reference band.

Pure: a `TrendSeries` and a size in, a Rich `Text` out (no widgets), so it is tested
headless and looks the same at 80x24, over SSH and without colour. Meaning never rests on
colour alone: the band is a field of dots with its limits written on the axis, points are
"●" inside the band (or when there is none), "▲" above it and "▼" below it, and the axis
carries the first and last dates.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from rich.text import Text

from sjtui.record.trends import TrendPoint, TrendSeries
from sjtui.ui.formatting import fmt_date
from sjtui.ui.numbers import decimals_of, fmt_decimal

INSIDE, ABOVE, BELOW, BAND = "●", "▲", "▼", "·"
MARK_STYLE = {INSIDE: "bold", ABOVE: "bold red", BELOW: "bold cyan"}
BAND_STYLE = "green"
AXIS_STYLE = "dim"
LINE_STYLE = "dim"
LINE_SPACING = 4  # lines join the points when there are at most width / 4 of them
MIN_PLOT_WIDTH = 10
MIN_PLOT_HEIGHT = 3


@dataclass(frozen=True, slots=True)
class _Scale:
    low: float
    high: float
    rows: int

    def row(self, value: float) -> int:
        """Row 0 is the top."""
        span = self.high - self.low
        fraction = (value - self.low) / span if span else 0.5
        return max(0, min(self.rows - 1, round((1 - fraction) * (self.rows - 1))))


def marker(point: TrendPoint, series: TrendSeries) -> str:
    band = series.band
    if band is not None:
        if band.high is not None and point.value > band.high:
            return ABOVE
        if band.low is not None and point.value < band.low:
            return BELOW
    return INSIDE


def _value_bounds(series: TrendSeries) -> tuple[float, float]:
    values = [p.value for p in series.points]
    band = series.band
    if band is not None:
        values += [v for v in (band.low, band.high) if v is not None]
    low, high = min(values), max(values)
    if high == low:
        pad = abs(low) * 0.1 or 1.0
        return low - pad, high + pad
    pad = (high - low) * 0.08
    return low - pad, high + pad


def series_decimals(series: TrendSeries) -> int:
    """Decimals that show the values and the band's limits as precisely as they were sent."""
    places = [decimals_of(p.text) for p in series.points]
    band = series.band
    if band is not None:
        places += [decimals_of(f"{v:g}") for v in (band.low, band.high) if v is not None]
    return max(places, default=0)


def _axis_labels(scale: _Scale, series: TrendSeries, decimals: int) -> dict[int, str]:
    labels = {0: scale.high, scale.rows - 1: scale.low}
    band = series.band
    if band is not None:  # the band's limits are written where they lie
        for limit in (band.low, band.high):
            if limit is not None and scale.low <= limit <= scale.high:
                labels[scale.row(limit)] = limit
    return {row: fmt_decimal(value, decimals) for row, value in labels.items()}


def _band_rows(scale: _Scale, series: TrendSeries) -> range:
    """The rows the band covers: from the row of its high limit to the row of its low one
    (a limit's own row is in the band, so the band meets the label written beside it)."""
    band = series.band
    if band is None:
        return range(0)
    top = scale.row(band.high) if band.high is not None else 0
    bottom = scale.row(band.low) if band.low is not None else scale.rows - 1
    return range(top, bottom + 1)


def _columns(series: TrendSeries, width: int) -> list[int]:
    moments = [p.when.timestamp() for p in series.points]
    first, last = moments[0], moments[-1]
    if last == first:
        return [width // 2 for _ in moments]
    return [round((m - first) / (last - first) * (width - 1)) for m in moments]


def _draw_lines(grid: list[list[tuple[str, str]]], places: list[tuple[int, int]]) -> None:
    """Join consecutive points with a thin line (a sparse series reads as a course)."""
    for (row0, col0), (row1, col1) in itertools.pairwise(places):
        if col1 - col0 < 2:
            continue
        slope = (row1 - row0) / (col1 - col0)
        char = "─" if abs(slope) < 0.5 else "╲" if slope > 0 else "╱"
        for column in range(col0 + 1, col1):
            row = round(row0 + slope * (column - col0))
            grid[row][column] = (char, LINE_STYLE)


def draw_trend(series: TrendSeries, width: int, height: int) -> Text:
    """The plot of `series` in `width` x `height` cells (axis and dates included)."""
    out = Text(end="", no_wrap=True, overflow="crop")
    if not series.points:
        return out
    decimals = min(3, series_decimals(series))
    rows = max(MIN_PLOT_HEIGHT, height - 2)
    scale = _Scale(*_value_bounds(series), rows=rows)
    labels = _axis_labels(scale, series, decimals)
    label_width = max(len(label) for label in labels.values())
    plot_width = max(MIN_PLOT_WIDTH, width - label_width - 2)
    grid: list[list[tuple[str, str]]] = []
    band_rows = _band_rows(scale, series)
    for row in range(rows):
        fill = (BAND, BAND_STYLE) if row in band_rows else (" ", "")
        grid.append([fill] * plot_width)
    columns = _columns(series, plot_width)
    places = [(scale.row(p.value), c) for p, c in zip(series.points, columns, strict=True)]
    if len(places) <= plot_width // LINE_SPACING:
        _draw_lines(grid, places)
    for point, (row, column) in zip(series.points, places, strict=True):
        mark = marker(point, series)
        grid[row][column] = (mark, MARK_STYLE[mark])
    for row, cells in enumerate(grid):
        out.append(labels.get(row, "").rjust(label_width), AXIS_STYLE)
        out.append(" ┤" if row in labels else " │", AXIS_STYLE)
        for char, style in cells:
            out.append(char, style)
        out.append("\n")
    out.append(" " * label_width + " └" + "─" * plot_width + "\n", AXIS_STYLE)
    first, last = fmt_date(series.points[0].when), fmt_date(series.points[-1].when)
    dates = first if first == last else first + last.rjust(plot_width - len(first))
    out.append(" " * (label_width + 2) + dates, AXIS_STYLE)
    return out


def legend(series: TrendSeries) -> list[tuple[str, str]]:
    """(marker, i18n key) pairs that occur in this plot, for the legend line."""
    used = {marker(p, series) for p in series.points}
    keys = [
        (INSIDE, "trend.mark.inside" if series.band else "trend.mark.value"),
        (ABOVE, "trend.mark.above"),
        (BELOW, "trend.mark.below"),
    ]
    out = [(m, k) for m, k in keys if m in used]
    if series.band is not None:
        out.append((BAND, f"trend.mark.band.{series.band_kind}"))
    return out
