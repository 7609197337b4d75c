"""The trend of one analysis or home measurement: a plot against its band, in words beside it.

Opened from a lab or home-measurement row (the trend key). Above the plot: the latest value
with its date and source, its change since the one before, the band (reference range or
the citizen's threshold) and the lowest and highest values. The plot is drawn with
characters (`sjtui.ui.trend_canvas`) and re-drawn at any size; the table key shows the same
values as a plain table (for screen readers and copying).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import DataTable, Static

from sjtui.i18n import t
from sjtui.record.trends import TrendSeries
from sjtui.ui.formatting import fmt_date, fmt_datetime, fmt_range
from sjtui.ui.keys import bindings_for, key_label, localise_bindings
from sjtui.ui.numbers import fmt_decimal, measure, ucum_display
from sjtui.ui.panes.cells import flag_cell
from sjtui.ui.render import literal
from sjtui.ui.trend_canvas import BAND_STYLE, MARK_STYLE, draw_trend, legend, series_decimals


class TrendPlot(Widget):
    """The plot, drawn to the widget's size."""

    DEFAULT_CSS = "TrendPlot { height: 1fr; }"

    def __init__(self, series: TrendSeries, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.series = series

    def render(self) -> Text:
        return draw_trend(self.series, self.size.width, self.size.height)


def summary_lines(series: TrendSeries) -> list[Text]:
    """What the plot shows, in words: latest, change, band, extremes, count."""
    unit = ucum_display(series.unit)
    decimals = min(3, series_decimals(series))
    lines: list[Text] = []
    latest, previous = series.latest, series.previous
    if latest is not None:
        shown = measure(latest.text, latest.value, series.unit, series.key)
        line = Text(t("trend.latest") + ": ", end="")
        line.append(f"{shown.text} {unit}".strip(), "bold")
        line.append(f"  {fmt_datetime(latest.when)}")
        if latest.flag:
            line.append("  ")
            line.append_text(flag_cell(latest.flag))
        if latest.source:
            line.append("  ")
            line.append_text(literal(latest.source, "dim"))
        lines.append(line)
    change = series.change
    if change is not None and previous is not None:
        arrow = "↑" if change > 0 else "↓" if change < 0 else "→"
        sign = "+" if change > 0 else "−" if change < 0 else "±"
        amount = fmt_decimal(abs(change), decimals)
        lines.append(
            Text(
                t("trend.change", arrow=arrow, change=f"{sign}{amount} {unit}".strip(), since=fmt_date(previous.when)),
                end="",
            )
        )
    band = series.band
    if band is not None:
        lines.append(
            Text(
                t(f"trend.band.{series.band_kind}", band=f"{fmt_range(band.low, band.high, band.text)} {unit}".strip()),
                end="",
            )
        )
    else:
        lines.append(Text(t("trend.band.none"), end=""))
    if len(series.points) == 1:  # "lowest 182 · highest 182 · 1 values" says nothing
        lines.append(Text(t("trend.only_one", date=fmt_date(series.points[0].when)), end=""))
    elif series.points:
        low = min(series.points, key=lambda p: p.value)
        high = max(series.points, key=lambda p: p.value)
        lines.append(
            Text(
                t(
                    "trend.extremes",
                    low=fmt_decimal(low.value, decimals),
                    low_date=fmt_date(low.when),
                    high=fmt_decimal(high.value, decimals),
                    high_date=fmt_date(high.when),
                    n=len(series.points),
                ),
                end="",
            )
        )
    if series.pairs:
        lines.append(Text(t("trend.pairs"), style="italic", end=""))
    if series.left_out:
        lines.append(Text(t("trend.left_out", n=series.left_out), style="italic", end=""))
    return lines


def legend_line(series: TrendSeries) -> Text:
    line = Text(end="")
    for n, (mark, key) in enumerate(legend(series)):
        if n:
            line.append("   ")
        line.append(mark, MARK_STYLE.get(mark, BAND_STYLE))
        line.append(" " + t(key))
    return line


class TrendScreen(ModalScreen[None]):
    BINDINGS = bindings_for("trend")

    def __init__(self, series: TrendSeries, keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        localise_bindings(self)
        self.series = series
        self.keymap = keymap or {}
        self.as_table = False

    def compose(self) -> ComposeResult:
        unit = ucum_display(self.series.unit)
        title = f"{self.series.name} ({unit})" if unit else self.series.name
        with Vertical(id="trend-box"):
            yield Static(Text(t("trend.title", name=title), end=""), id="trend-title", markup=False)
            for line in summary_lines(self.series):
                yield Static(line, classes="trend-summary", markup=False)
            yield TrendPlot(self.series, id="trend-plot")
            yield Static(legend_line(self.series), id="trend-legend", markup=False)
            table: DataTable[Text] = DataTable(id="trend-table", cursor_type="row")
            table.display = False
            yield table
            yield Static(
                t("trend.keys", table=key_label("trend.table", self.keymap), copy=key_label("trend.copy", self.keymap)),
                id="trend-hint",
                markup=False,
            )

    def on_mount(self) -> None:
        table = self.query_one("#trend-table", DataTable)
        for key in ("col.date", "col.value", "col.unit", "col.flag", "col.source"):
            table.add_column(t(key), key=key)
        unit = ucum_display(self.series.unit)
        for point in reversed(self.series.points):  # newest first, as every list
            shown = measure(point.text, point.value, self.series.unit, self.series.key)
            table.add_row(
                literal(fmt_datetime(point.when)),
                literal(shown.text),
                literal(unit),
                flag_cell(point.flag),
                literal(point.source),
            )

    def action_toggle_table(self) -> None:
        self.as_table = not self.as_table
        self.query_one("#trend-plot").display = not self.as_table
        self.query_one("#trend-legend").display = not self.as_table
        table = self.query_one("#trend-table", DataTable)
        table.display = self.as_table
        if self.as_table:
            table.focus()

    def table_text(self) -> str:
        """The values as plain text lines (date, value, unit, flag), newest first."""
        unit = ucum_display(self.series.unit)
        lines = []
        for point in reversed(self.series.points):
            shown = measure(point.text, point.value, self.series.unit, self.series.key)
            lines.append("\t".join((fmt_datetime(point.when), shown.text, unit, point.flag)).rstrip())
        return "\n".join(lines)

    def action_copy_values(self) -> None:
        self.app.copy_to_clipboard(self.table_text())
        self.app.notify(t("trend.copied"), timeout=2)
