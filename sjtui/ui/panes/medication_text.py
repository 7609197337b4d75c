"""The words of the medication card's change history: the line under the list (the drug in
full with its last change) and the history shown with Enter, newest first.

Built from `sjtui.record.medication_history`; every server text goes through `literal`
(plain text: no markup, no escapes). "No changes recorded" only when the history is known;
otherwise "not known" with the reasons.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from sjtui.i18n import t
from sjtui.record.entries import MedicationEntry
from sjtui.record.medication_history import MedicationChange, MedicationHistory, history
from sjtui.record.model import PaneData, Record
from sjtui.ui.formatting import fmt_date
from sjtui.ui.known import reasons
from sjtui.ui.panes.courses import period_text
from sjtui.ui.render import literal

KINDS = ("started", "changed", "paused", "resumed", "stopped")
STATUSES = ("active", "paused", "stopped", "other")


def kind_word(change: MedicationChange) -> str:
    return t(f"medhist.kind.{change.kind}") if change.kind in KINDS else change.kind


def why_unknown(hist: MedicationHistory, data: PaneData[Any] | None) -> str:
    """The reasons the history is not known, in words."""
    parts: list[str] = []
    pane_words = reasons(data) if data is not None else ""
    if pane_words:
        parts.append(pane_words)
    for code in hist.why_unknown:
        if code in ("missing-earlier", "loading"):
            parts.append(t(f"medhist.reason.{code}"))
    if not parts:
        parts.append(t("reason.failed"))
    return "; ".join(parts)


def last_change_text(hist: MedicationHistory, data: PaneData[Any] | None) -> str:
    """ "Seneste ændring: ændret 12.03.2025", "Ingen ændringer registreret" (known only), or
    "Ændringer ikke kendt: ..." (with the reasons)."""
    last = hist.last_change
    if last is not None:
        when = fmt_date(last.when) if last.when else t("medhist.undated")
        text = t("medhist.last", change=f"{kind_word(last)} {when}")
        if not hist.known:
            text += f" ({t('medhist.partly_known', reasons=why_unknown(hist, data))})"
        return text
    if hist.known:
        return t("medhist.no_changes")
    return t("medhist.not_known", reasons=why_unknown(hist, data))


def first_start(entry: MedicationEntry) -> date | datetime | None:
    """When the drug was first started: the oldest version's start (a dose change keeps it)."""
    first = entry.earlier[0] if entry.earlier else entry
    return first.period_start or first.date or entry.period_start or entry.date


def course_text(entry: MedicationEntry, record: Record | None) -> str:
    """The course (admission) the drug was ordered in: "KOL i exacerbation 14.09.2026–18.09.2026"."""
    if not entry.course_key:
        return ""
    if record is not None:
        for course in record.courses.items:
            if course.resource_key == entry.course_key:
                return " ".join(p for p in (course.title, period_text(course)) if p)
    return entry.course_key


def detail_lines(entry: MedicationEntry, data: PaneData[Any] | None, record: Record | None) -> list[Text]:
    """The highlighted drug in full under the list: its name with strength and form (never
    cut); its last change, course and the Enter hint; dosage, period, indication, source."""
    hint = [last_change_text(history(entry, data), data), t("medhist.open")]
    course = course_text(entry, record)
    if course:
        hint.append(t("medhist.course", course=course))
    period = fmt_date(first_start(entry))
    if entry.period_end:
        period = f"{period}–{fmt_date(entry.period_end)}"
    facts = [entry.dosage, period, entry.source.label(), entry.reason and t("medhist.indication", reason=entry.reason)]
    return [
        literal(entry.name, "bold"),
        literal(" · ".join(hint), "italic"),
        literal(" · ".join(f for f in facts if f)),
    ]


def change_text(change: MedicationChange) -> Text:
    """One event after its date: "ændret: 2 pust → 1 pust · af ... · Årsag: ..."."""
    out = Text(kind_word(change), style="bold", end="")
    parts: list[str] = []
    if change.before or change.after:
        parts.append(t("medhist.what", before=change.before, after=change.after))
    who = change.by()
    if who:
        parts.append(t("medhist.by", who=who))
    if change.reason:
        parts.append(t("medhist.why", reason=change.reason))
    if parts:
        out.append_text(literal(": " + " · ".join(parts)))
    return out


def changes_table(changes: tuple[MedicationChange, ...]) -> Table:
    """Date | event, newest first; a long event wraps under itself, not under the date."""
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    for change in changes:
        when = fmt_date(change.when) if change.when else t("medhist.undated")
        table.add_row(Text(when, end=""), change_text(change))
    return table


def history_text(entry: MedicationEntry, data: PaneData[Any] | None, record: Record | None) -> Group:
    """The whole card entry with its history, newest first (the Enter view)."""
    hist = history(entry, data)
    status = t(f"med.status.{entry.status}") if entry.status in STATUSES else entry.status
    head = [literal(entry.name, "bold"), literal(t("medhist.status", status=status))]
    if entry.dosage:
        head.append(literal(t("medhist.dosage", dosage=entry.dosage)))
    if entry.reason:
        head.append(literal(t("medhist.indication", reason=entry.reason)))
    course = course_text(entry, record)
    if course:
        head.append(literal(t("medhist.course", course=course)))
    head += [Text("", end=""), Text(t("medhist.title"), style="bold underline", end="")]
    heading = Text("\n", end="").join(head)
    heading.end = "\n"
    parts: list[RenderableType] = [heading, changes_table(hist.changes)]
    if hist.no_changes:
        parts.append(Text(t("medhist.no_changes"), style="italic", end=""))
    elif not hist.known:
        key = "medhist.partly_known" if hist.changes else "medhist.not_known"
        parts.append(Text(t(key, reasons=why_unknown(hist, data)), style="italic", end=""))
    return Group(*parts)
