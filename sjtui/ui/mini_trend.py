"""Inline mini-trends for the overview: the last values as block characters, in words beside.

"▆▇▆▅▄▃▂▁  2019–2026 · ↓ −0,07 l" or
"▆█▇▅▇▃▆▄  → ±0 % · tærskel 88–100 %": heights carry the course
without colour, the words carry the numbers (a screen reader reads those).
"""

from __future__ import annotations

from rich.text import Text

from sjtui.i18n import t
from sjtui.record.entries import LabResult
from sjtui.record.trends import TrendSeries
from sjtui.ui.formatting import fmt_range
from sjtui.ui.honest import measured
from sjtui.ui.numbers import fmt_decimal, ucum_display
from sjtui.ui.render import literal
from sjtui.ui.trend_canvas import series_decimals

BLOCKS = "▁▂▃▄▅▆▇█"
POINTS = 12  # the newest values shown


def spark(values: list[float]) -> str:
    """Block characters, lowest value "▁", highest "█" (all equal: "▄")."""
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return BLOCKS[3] * len(values)
    top = len(BLOCKS) - 1
    return "".join(BLOCKS[round((v - low) / (high - low) * top)] for v in values)


def mini_trend(series: TrendSeries | None, *, band: bool = False) -> Text | None:
    """The newest values of `series` as a sparkline with their count, years, change and
    (with `band`) the band; None with fewer than two values (nothing to show a course of)."""
    if series is None or len(series.points) < 2:
        return None
    points = series.points[-POINTS:]
    text = Text(spark([p.value for p in points]), style="bold", end="")
    first, last = points[0].when.year, points[-1].when.year
    words = [] if first == last else [f"{first}–{last}"]
    change = series.change
    if change is not None:
        arrow = "↑" if change > 0 else "↓" if change < 0 else "→"
        sign = "+" if change > 0 else "−" if change < 0 else "±"
        unit = ucum_display(series.unit)
        amount = fmt_decimal(abs(change), min(3, series_decimals(series)))
        words.append(f"{arrow} {sign}{amount} {unit}".strip())
    if band and series.band is not None:
        limits = fmt_range(series.band.low, series.band.high, series.band.text)
        words.append(t(f"ov.trend.{series.band_kind}", band=f"{limits} {ucum_display(series.unit)}".strip()))
    text.append("  " + " · ".join(words))
    return text


PANEL_VALUES = 4  # flagged members named on the overview; more are counted


def panel_values(lab: LabResult) -> Text:
    """A panel's flagged members with their values ("aB-pCO2 6,6 kPa H, aB-pO2 7,8 kPa L"),
    or its first members when none is flagged on its own."""
    flagged = [c for c in lab.components if c.flag and c.value]
    shown = flagged or [c for c in lab.components if c.value]
    text = Text(end="")
    for n, c in enumerate(shown[:PANEL_VALUES]):
        if n:
            text.append(", ")
        text.append_text(literal(c.name))
        text.append(" ")
        text.append_text(measured(c.value, c.numeric, c.unit, c.code))
        if c.flag:
            text.append(" " + c.flag.strip().upper(), "bold")
    if len(shown) > PANEL_VALUES:
        text.append(" " + t("ov.trend.more", n=len(shown) - PANEL_VALUES))
    return text
