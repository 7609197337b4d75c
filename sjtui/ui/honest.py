"""Cells that show doubtful data as doubtful (the rules are in `sjtui.record.plausibility`).

A date no record can have, an appointment that ends before it starts, an absurd number, an
attachment that is not text, a text far longer than a field can hold: each is shown marked
"tjek kilden" / "check source" or summarised with what was left out, never formatted as if
it were fine. The marking is a word and reverse video, so it survives NO_COLOR.
"""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text

from sjtui.i18n import t
from sjtui.record.plausibility import (
    ends_before_start,
    implausible_date,
    is_text_content,
    summarise,
)
from sjtui.ui.formatting import fmt_datetime, fmt_time, local
from sjtui.ui.numbers import measure, ucum_display
from sjtui.ui.render import clean, literal

SUSPECT_STYLE = "bold reverse"
LIST_TEXT = 200  # longest free text in a list cell or an overview line


def suspect(text: str) -> Text:
    """`text` marked "check source"."""
    return literal(f"{text} {t('value.check_source')}".strip(), SUSPECT_STYLE)


def date_cell(moment: datetime | date | None, today: date, *, future_ok: bool = False) -> Text:
    """A date and time; one no record can have (year 2999, a result tomorrow) is marked."""
    text = fmt_datetime(moment)
    if implausible_date(moment, today, future_ok=future_ok):
        return suspect(text)
    return Text(text, end="")


def appointment_when(start: datetime | None, end: datetime | None, today: date) -> Text:
    """ "03-12-2026 10:00–10:30"; an end before the start is named, not printed as a span."""
    shown = date_cell(start, today, future_ok=True)
    if ends_before_start(start, end):
        return suspect(f"{shown.plain} {t('value.ends_before_start', end=fmt_datetime(end))}")
    if start is not None and end is not None and local(end).date() == local(start).date():
        shown.append("–" + fmt_time(end))
    return shown


def measured(value: str, numeric: float | None, unit: str, code: str = "", style: str = "bold") -> Text:
    """A value with its unit as the reader reads it ("0,81 l", "118/78 mmHg"), or marked."""
    shown = measure(value, numeric, unit, code)
    text = f"{shown.text} {ucum_display(unit)}".strip()
    return suspect(text) if shown.suspect else literal(text, style)


def long_text(value: str, limit: int = LIST_TEXT, style: str = "") -> Text:
    """One line of server text; beyond `limit` characters its start and how much is left out."""
    line = clean(value, single_line=True)
    cut, left = summarise(line, limit)
    if not left:
        return literal(line, style)
    text = literal(cut + " …", style)
    text.append(" " + t("value.cut", n=left), "italic")
    return text


def not_text_notice(content_type: str) -> Text | None:
    """For an attachment that is not text (a PDF, an image): a notice naming its type, to show
    instead of its bytes; None for text."""
    if is_text_content(content_type):
        return None
    return Text(t("value.not_text", type=clean(content_type, single_line=True)[:80]), style="italic", end="")
