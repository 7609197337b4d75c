"""The overview's answers to "when was he last admitted, when is he seen next, and what is new
since I last looked" (issue #13). Layout only: the record layer chose what to show
(`last_admission.py`, `next_appointment.py`, `news.py`). Server text is rendered literally;
states are said in words (markers and labels, never colour alone)."""

from __future__ import annotations

from datetime import date

from rich.text import Text

from sjtui.i18n import t
from sjtui.record.entries import Appointment
from sjtui.record.last_admission import LastAdmission
from sjtui.record.model import ListState
from sjtui.record.news_model import News, NewsKind, NewsState
from sjtui.ui.formatting import fmt_date, fmt_datetime, fmt_week, fmt_weekday
from sjtui.ui.honest import appointment_when, long_text
from sjtui.ui.render import literal

LETTER_SUMMARY = 90  # the discharge letter's description, cut beyond this on the overview
NEWS_TITLE = 60


def heading(text: Text, title: str) -> None:
    if text.plain:
        text.append("\n\n")
    text.append(title, style="bold underline")


def line(text: Text, *parts: Text | str) -> None:
    text.append("\n")
    for part in parts:
        if isinstance(part, Text):
            text.append_text(part)
        else:
            text.append(part)


# --- last admission -----------------------------------------------------------------------


def admission_lines(text: Text, adm: LastAdmission) -> None:
    start = fmt_date(adm.start)
    if adm.discharged is not None:
        line(text, Text(t("ov.adm.period", start=start, end=fmt_date(adm.discharged)), style="bold", end=""))
    else:
        line(text, Text(t("ov.adm.since", start=start), style="bold", end=""))
    where = ", ".join(p for p in (adm.hospital, adm.department) if p)
    if where:
        line(text, "  ", literal(where))
    diagnosis = adm.diagnosis
    if diagnosis is not None and diagnosis.text:
        code = t("ov.adm.code", system=diagnosis.system, code=diagnosis.code).replace("( ", "(")
        shown_code = (" ", literal(code)) if diagnosis.code else ()
        line(text, "  ", t("ov.adm.why"), literal(diagnosis.text, "bold"), *shown_code)
        if adm.reason and adm.reason != diagnosis.text:
            line(text, "  ", literal(adm.reason))
    elif adm.reason:
        line(text, "  ", t("ov.adm.why"), literal(adm.reason, "bold"))
    if adm.discharged is not None:
        line(text, "  ", t("ov.adm.discharged", date=fmt_date(adm.discharged)))
    letter = adm.letter
    if letter is not None:
        when = f" {fmt_date(letter.date)}" if letter.date else ""
        line(text, "  ", literal(letter.title or "?", "bold"), when, ": " if letter.summary else "")
        if letter.summary:
            text.append_text(long_text(letter.summary, LETTER_SUMMARY))
    elif adm.discharged is not None:
        line(text, "  ", Text(t("ov.adm.no_letter"), style="italic", end=""))


# --- next appointments --------------------------------------------------------------------


def appointment_lines(text: Text, appt: Appointment, today: date, *, full: bool) -> None:
    """The appointment's weekday, date, time and ISO week; what; where, with the address
    (only for the first, `full`, so the section stays short)."""
    when = Text(f"{fmt_weekday(appt.date, short=True)} ", end="")  # short: one line at 80 columns
    when.append_text(appointment_when(appt.date, appt.end, today))
    when.append(f", {fmt_week(appt.date)}")
    when.stylize("bold")
    line(text, when)
    line(text, "  ", literal(appt.description, "bold" if full else ""))
    if appt.location:
        line(text, "  ", literal(appt.location))
    if full:
        if appt.address:
            line(text, "  ", t("ov.next.address"), literal(appt.address))
        else:
            line(text, "  ", Text(t("ov.next.no_address"), style="italic", end=""))


# --- new since you last opened ------------------------------------------------------------


def _why(kind: NewsKind) -> str:
    words = []
    for code in kind.why:
        key = "news.why.unreadable" if code == "unreadable" else f"reason.{code}"
        word = t(key)
        words.append(t("reason.failed") if word == key else word)
    return "; ".join(dict.fromkeys(words)) or t("reason.failed")


def _kind_text(kind: NewsKind) -> str:
    name = t(f"news.kind.{kind.kind}")
    if kind.state is ListState.UNKNOWN:
        if kind.count:
            return t("news.count_floor", kind=name, n=kind.count, why=_why(kind))
        return t("news.unknown", kind=name, why=_why(kind))
    if kind.state is ListState.LOADING:
        return t("news.loading", kind=name)
    return t("news.count", kind=name, n=kind.count)


def news_title(news: News) -> str:
    if news.state is NewsState.COMPARED and news.since is not None:
        return t("news.title_since", since=fmt_datetime(news.since))
    return t("news.title")


def news_lines(text: Text, news: News) -> None:
    if news.state is NewsState.FIRST:
        line(text, t("news.first"))
        return
    if news.state is NewsState.NOT_REMEMBERED:
        line(text, Text(t("news.not_remembered", why=t(f"news.why.{news.why}")), style="bold", end=""))
        return
    since = fmt_datetime(news.since)
    if news.state is NewsState.CHECKING:
        line(text, t("news.checking", since=since))
        return
    if news.fully_known and not news.total:
        line(text, t("news.nothing", since=since))
        return
    for kind in news.kinds:
        style = "bold" if kind.count or kind.state is ListState.UNKNOWN else ""
        line(text, "• ", Text(_kind_text(kind), style=style, end=""))
    mark = t("news.item_mark")
    for item in news.newest:
        name = t(f"news.kind.{item.kind}")
        line(
            text,
            Text(f"{mark} ", style="bold reverse", end=""),
            f"{fmt_date(item.date)} {name}: ",
            long_text(item.title, NEWS_TITLE),
        )
