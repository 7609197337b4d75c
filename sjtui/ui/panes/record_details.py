"""F8 details of an open record: what could not be read (type, id, date, why), what was
left out as not this citizen's, and which lists are not fully known (with the technical
detail). Shown literally: ids and reasons carry no personal data but are server-derived."""

from __future__ import annotations

from typing import Any

from sjtui.i18n import t
from sjtui.record.model import Pane, PaneData, Record
from sjtui.ui.formatting import fmt_date
from sjtui.ui.known import reasons, unreadable_what

_TITLE_KEY = {Pane.CAVE: "record.cave", Pane.COURSES: "ov.admission", Pane.REGISTRATIONS: "reg.title"}
MAX_LINES = 200


def _panes(record: Record) -> list[tuple[Pane, PaneData[Any]]]:
    order = (
        Pane.CAVE,
        Pane.NOTES,
        Pane.LABS,
        Pane.IMAGING,
        Pane.MEDICATION,
        Pane.VACCINATIONS,
        Pane.HOME,
        Pane.APPOINTMENTS,
        Pane.COURSES,
        Pane.BASIC,
        Pane.REGISTRATIONS,
        Pane.ACCESS_LOG,
    )
    return [(p, getattr(record, p.value)) for p in order]


def _pane_title(pane: Pane) -> str:
    return t(_TITLE_KEY.get(pane, f"tab.{pane.value}"))


def record_details(record: Record) -> str:
    """The text F8 shows for the open record ("" parts left out)."""
    lines: list[str] = []
    unreadable = [(p, u) for p, d in _panes(record) for u in d.unreadable]
    if unreadable:
        lines.append(t("details.unreadable", n=len(unreadable)))
        for pane, item in unreadable[:MAX_LINES]:
            date = f" {fmt_date(item.date)}" if item.date else ""
            lines.append(f"  {_pane_title(pane)}: {item.resource_key}{date}: {unreadable_what(item)} ({item.reason})")
    if record.dropped:
        lines.append(t("details.dropped", n=len(record.dropped)))
        for dropped in record.dropped[:MAX_LINES]:
            lines.append(f"  {dropped.resource_key}: {t(f'details.dropped.{dropped.reason}')}")
    gaps = [(p, d) for p, d in _panes(record) if d.gaps or d.error]
    if gaps:
        lines.append(t("details.gaps"))
        for pane, data in gaps:
            lines.append(f"  {_pane_title(pane)}: {reasons(data)}")
            for gap in data.gaps:
                if gap.detail:
                    lines.append(f"    {gap.resource_type or '?'}: {gap.detail}")
    return "\n".join(lines) if lines else t("details.none")
