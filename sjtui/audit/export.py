"""Week and date-range export of look-ups for the municipality's audit (CSV or JSON).

One row per opening of a record (online or offline): the panes viewed during that opening
are aggregated into it, as are break-the-glass and whether private-marked data were
revealed. A break-the-glass whose opening falls outside the period gets a row of its own.
Searches are not look-ups of a record and are left out.

Times are shown in Danish local time and weeks are ISO weeks whose boundaries are midnight
Monday in Europe/Copenhagen (so a look-up at 00:30 Monday local time belongs to that week
even though it is still Sunday in UTC). Reading needs the key: the export holds personal data
and must be handled as such by whoever asks for it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from .entry import OPENING_KINDS, AuditEntry
from .journal import AuditJournal

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
ExportFormat = Literal["csv", "json"]
_WEEK_RE = re.compile(r"^(\d{4})-?W(\d{2})$")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportError(ValueError):
    """Bad export arguments (week, dates, format). Plain message."""


@dataclass(frozen=True, slots=True)
class LookupRow:
    """One look-up as the reviewer sees it. Field names are the export's column names."""

    time: str
    clinician_id: str
    clinician_name: str
    organisation: str
    workstation: str
    cpr: str
    basis: str
    reason: str
    panes_viewed: str
    documents_opened: int
    private_revealed: bool
    break_glass: bool
    break_glass_reason: str
    offline: bool
    entry_id: str


COLUMNS: tuple[str, ...] = tuple(LookupRow.__dataclass_fields__)


def week_bounds(iso_week: str) -> tuple[datetime, datetime]:
    """[start, end) of an ISO week like "2026-W48", as aware Copenhagen datetimes."""
    m = _WEEK_RE.match(iso_week.strip())
    if not m:
        raise ExportError("a week is written like 2026-W48")
    try:
        monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError:
        raise ExportError("that week does not exist") from None
    return _local_midnight(monday), _local_midnight(monday + timedelta(days=7))


def range_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, day after end 00:00) in Copenhagen time; `end` is inclusive."""
    if end < start:
        raise ExportError("the end date is before the start date")
    return _local_midnight(start), _local_midnight(end + timedelta(days=1))


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=COPENHAGEN)


def lookups(journal: AuditJournal, start: datetime, end: datetime) -> list[LookupRow]:
    """Look-ups with start <= time < end, in time order, with their panes aggregated."""
    panes: dict[str, list[str]] = {}
    documents: dict[str, int] = {}
    glass: dict[str, AuditEntry] = {}
    revealed: set[str] = set()
    heads: list[AuditEntry] = []
    opened_seen: set[str] = set()
    for entry in journal.entries():
        key = entry.opening_id
        if entry.private_revealed:
            revealed.add(key)
        if entry.kind in ("pane-view", "body-view"):
            seen = panes.setdefault(key, [])
            if entry.pane and entry.pane not in seen:
                seen.append(entry.pane)
            if entry.kind == "body-view":
                documents[key] = documents.get(key, 0) + 1
        elif entry.kind == "break-glass":
            if key in glass:
                continue
            glass[key] = entry
            if start <= entry.at < end:
                heads.append(entry)
        elif entry.kind in OPENING_KINDS and start <= entry.at < end and key not in opened_seen:
            opened_seen.add(key)  # one row per opening, however often it was shown
            heads.append(entry)
    opened = {e.opening_id for e in heads if e.kind in OPENING_KINDS}
    rows = []
    for e in sorted(heads, key=lambda x: x.at):
        if e.kind == "break-glass" and e.opening_id in opened:
            continue  # folded into its opening's row
        bg = glass.get(e.opening_id)
        rows.append(
            LookupRow(
                time=e.at.astimezone(COPENHAGEN).isoformat(timespec="seconds"),
                clinician_id=e.user_id,
                clinician_name=e.user_name,
                organisation=e.organisation,
                workstation=e.workstation,
                cpr=e.cpr,
                basis=e.basis,
                reason=e.reason,
                panes_viewed=", ".join(panes.get(e.opening_id, [])),
                documents_opened=documents.get(e.opening_id, 0),
                private_revealed=e.opening_id in revealed,
                break_glass=bg is not None,
                break_glass_reason=bg.break_glass_reason if bg else "",
                offline=e.kind == "offline-open",
                entry_id=e.entry_id,
            )
        )
    return rows


def week_lookups(journal: AuditJournal, iso_week: str) -> list[LookupRow]:
    return lookups(journal, *week_bounds(iso_week))


def export_week(journal: AuditJournal, iso_week: str, fmt: ExportFormat = "csv") -> str:
    return render(week_lookups(journal, iso_week), fmt)


def export_range(journal: AuditJournal, start: date, end: date, fmt: ExportFormat = "csv") -> str:
    return render(lookups(journal, *range_bounds(start, end)), fmt)


#: With review marks (`render(..., marks=...)`): the auditor's assessment of each row.
REVIEW_COLUMNS: tuple[str, ...] = ("review", "review_comment", "reviewer", "reviewed_at")


def _review_cells(entry_id: str, marks: Mapping[str, Any]) -> dict[str, str]:
    mark = marks.get(entry_id)
    if mark is None:
        return {"review": "not reviewed", "review_comment": "", "reviewer": "", "reviewed_at": ""}
    return {
        "review": "justified" if mark.justified else "not justified",
        "review_comment": mark.comment,
        "reviewer": mark.reviewer,
        "reviewed_at": mark.at.astimezone(COPENHAGEN).isoformat(timespec="seconds"),
    }


def render(rows: list[LookupRow], fmt: ExportFormat, *, marks: Mapping[str, Any] | None = None) -> str:
    """CSV or JSON; with `marks` (entry id -> `review.ReviewMark`) the review columns too."""
    records = [asdict(r) | (_review_cells(r.entry_id, marks) if marks is not None else {}) for r in rows]
    columns = COLUMNS + (REVIEW_COLUMNS if marks is not None else ())
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return _to_csv(records, columns)
    raise ExportError("the format is csv or json")


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text  # keep spreadsheets from running it as a formula
    return text


def _to_csv(records: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([_cell(record[c]) for c in columns])
    return buf.getvalue()
