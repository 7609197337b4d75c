"""Overblik: what a nurse needs first (built by `sjtui.record.overview.build_overview`).

Two calm columns of short sections; every line carries its date and, where it matters, its
source. No logic here beyond layout: the selection rules live in the record layer.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from sjtui.i18n import t
from sjtui.record.entries import CaveItem, Course
from sjtui.record.model import ListState, Pane, PaneData, Record
from sjtui.record.overview import Overview, build_overview
from sjtui.record.trends import TrendSeries, all_series, series_key
from sjtui.ui.formatting import fmt_date, fmt_datetime
from sjtui.ui.honest import long_text, measured
from sjtui.ui.known import not_known_line
from sjtui.ui.mini_trend import mini_trend, panel_values
from sjtui.ui.panes.base import RecordPane
from sjtui.ui.panes.overview_sections import admission_lines, appointment_lines, news_lines, news_title
from sjtui.ui.panes.overview_sections import heading as _heading
from sjtui.ui.panes.overview_sections import line as _line
from sjtui.ui.render import literal
from sjtui.ui.widgets.banner import cave_words

DOSAGE = 120  # a dosage longer than this is cut on the overview (the medication tab has it)
_TAB_OF = {
    Pane.NOTES: "tab.notes",
    Pane.LABS: "tab.labs",
    Pane.IMAGING: "tab.imaging",
    Pane.MEDICATION: "tab.medication",
    Pane.VACCINATIONS: "tab.vaccinations",
    Pane.HOME: "tab.home",
    Pane.APPOINTMENTS: "tab.appointments",
    Pane.ACCESS_LOG: "tab.access_log",
    Pane.BASIC: "tab.basic",
    Pane.CAVE: "record.cave",
    Pane.COURSES: "ov.admission",
}


def _state_line(
    text: Text, ov: Overview, pane: Pane, data: PaneData[Any], shown: bool, none_key: str = "ov.none"
) -> None:
    """The section's answer when it is not a plain list: loading, "none" (only when known
    empty), or "not known: why" (beside what is shown when the list is partly known)."""
    state = ov.states.get(pane, ListState.LOADING)
    if state is ListState.LOADING and not shown:
        _line(text, t("pane.loading"))
    elif state is ListState.EMPTY:
        _line(text, t(none_key))
    elif state is ListState.UNKNOWN:
        _line(text, Text(not_known_line(data, has_shown=shown), style="bold", end=""))
    elif not shown and data.hidden:
        _line(text, t("pane.hidden", n=data.hidden))


def _cave_line(text: Text, c: CaveItem) -> None:
    _line(
        text,
        "• ",
        literal(c.title, "bold"),
        " (",
        literal(", ".join(cave_words(c, detail=False))),
        ")",
        "  " if c.detail else "",
        literal(c.detail),
    )


def _left(ov: Overview, record: Record) -> Text:
    text = Text(end="")
    _heading(text, t("ov.cave"))
    for c in ov.cave:
        _cave_line(text, c)
    _state_line(text, ov, Pane.CAVE, record.cave, bool(ov.cave), none_key="record.no_cave")
    for c in ov.cave_statements:
        _cave_line(text, c)
    inactive = [c for c in record.cave.items if not c.active and c.kind in ("allergy", "warning")]
    if inactive:
        _line(text, Text(t("cave.inactive"), style="italic", end=""))
        for c in inactive:
            _cave_line(text, c)
    _heading(text, t("ov.adm.title"))
    _state_line(text, ov, Pane.COURSES, record.courses, ov.admission is not None)
    if ov.admission is not None:
        admission_lines(text, ov.admission)
    _heading(text, f"{t('ov.medication')} ({len(ov.active_medication)})")
    _state_line(text, ov, Pane.MEDICATION, record.medication, bool(ov.active_medication))
    for m in ov.active_medication:
        _line(text, "• ", literal(m.name, "bold"), "  " if m.dosage else "", long_text(m.dosage, DOSAGE))
    if ov.paused_medication:
        _heading(text, f"{t('ov.paused')} ({len(ov.paused_medication)})")
        for m in ov.paused_medication:
            _line(text, "• ", literal(m.name), "  " if m.dosage else "", long_text(m.dosage, DOSAGE))
    _courses(text, t("ov.procedures"), ov.procedures)
    _courses(text, t("ov.care_plans"), ov.care_plans)
    return text


_COURSE_STATUS = {"draft", "on-hold", "in-progress", "not-done", "stopped", "preparation", "unknown", "revoked"}


def _courses(text: Text, title: str, courses: tuple[Course, ...]) -> None:
    """Procedures or care plans from other systems; the section only when there are some."""
    if not courses:
        return
    _heading(text, title)
    for c in courses:
        when = fmt_date(c.date) if c.date else "?"
        status = t(f"course.status.{c.status}") if c.status in _COURSE_STATUS else c.status
        shown = f"  ({status})" if status and c.status not in ("completed", "active") else ""
        _line(text, f"{when}  ", literal(c.title, "bold"), literal(shown))
        if c.diagnosis:
            _line(text, "  ", literal(c.diagnosis))
        if c.source.label():
            _line(text, "  ", literal(c.source.label(), "dim"))


def _trend_line(text: Text, series: TrendSeries | None, *, band: bool = False) -> None:
    trend = mini_trend(series, band=band)
    if trend is not None:
        _line(text, "  ", trend)


def _right(ov: Overview, record: Record, today: date | None = None) -> Text:
    """`today`: the pane's date (an appointment dated before it is marked); the machine's by default."""
    today = today or date.today()
    text = Text(end="")
    trends = all_series(record)
    if ov.news is not None:  # worked out by the record service (a test double may not)
        _heading(text, news_title(ov.news))
        news_lines(text, ov.news)
    _heading(text, t("ov.next.title"))
    _state_line(text, ov, Pane.APPOINTMENTS, record.appointments, bool(ov.next_appointments))
    for a in ov.next_appointments:
        appointment_lines(text, a, today, full=a is ov.next_appointments[0])
    _heading(text, t("ov.labs"))
    _state_line(text, ov, Pane.LABS, record.labs, bool(ov.abnormal_labs))
    for lab in ov.abnormal_labs:
        _line(
            text,
            f"{fmt_date(lab.date)}  ",
            literal(lab.name),
            "  ",
            measured(lab.value, lab.numeric, lab.unit, lab.code),
            "  ",
            Text(lab.flag, style="bold reverse", end=""),
        )
        if lab.components:  # a flagged panel: its flagged values, not only its flag
            _line(text, "  ", panel_values(lab))
    _heading(text, t("ov.home"))
    _state_line(text, ov, Pane.HOME, record.home, bool(ov.latest_home))
    for m in ov.latest_home:
        flag = f"  {m.flag}" if m.flag else ""
        _line(
            text,
            f"{fmt_datetime(m.date)}  ",
            literal(m.name),
            "  ",
            measured(m.value, m.numeric, m.unit, m.code),
            Text(flag, style="bold", end=""),
        )
        _trend_line(text, trends.get(series_key(m.code, m.name)), band=True)
    spiro = ov.latest_spirometry
    if spiro is not None:
        _heading(text, f"{t('ov.spirometry')} {fmt_date(spiro.date)}")
        for c in spiro.components:
            flag = f" {c.flag}" if c.flag else ""
            _line(
                text,
                literal(c.name),
                "  ",
                measured(c.value, c.numeric, c.unit, c.code),
                Text(flag, style="bold", end=""),
            )
            if c is spiro.components[0]:  # the lead value (FEV1): its course over the years
                _trend_line(text, trends.get(series_key(c.code, c.name)))
    notes_unknown = not_known_line(record.notes, has_shown=bool(ov.notes_count))
    counts = [t("ov.notes_count", n=ov.notes_count) + (f" ({notes_unknown})" if notes_unknown else "")]
    if ov.new_counts and ov.news is None:  # the clinician's own news replace the machine's
        counts.append(
            t("ov.new", panes=", ".join(f"{t(_TAB_OF.get(p, 'tab.overview'))} {n}" for p, n in ov.new_counts.items()))
        )
    if ov.hidden_count:
        counts.append(t("pane.hidden" if ov.hidden_complete else "pane.hidden_at_least", n=ov.hidden_count))
    if ov.unreadable_count:
        counts.append(t("pane.unreadable", n=ov.unreadable_count))
    _heading(text, t("ov.counts"))
    _line(text, " · ".join(counts))
    return text


class OverviewPane(RecordPane):
    PANE = Pane.OVERVIEW
    HELP_KEY = "help.overview"

    def build(self) -> ComposeResult:
        with VerticalScroll(classes="ov-scroll", can_focus=True), Horizontal(classes="ov-cols"):
            yield Static(classes="ov-col", id="ov-left", markup=False)
            yield Static(classes="ov-col", id="ov-right", markup=False)

    def render_record(self, record: Record) -> None:
        ov = build_overview(record, today=self.today)
        self.query_one("#ov-left", Static).update(_left(ov, record))
        self.query_one("#ov-right", Static).update(_right(ov, record, self.today))

    def focus_within(self) -> None:
        for scroll in self.query(".ov-scroll"):
            scroll.focus()
