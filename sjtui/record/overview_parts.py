"""The overview's part of a list first, the rest of that list after, nothing twice.

A first opening's first step asks, of some lists, only the part the overview paints; the
second step asks the rest of the same list with standard R4 searches that, together with the
first, find every resource of the list, so no entry comes down twice:

- courses (`Encounter`): the overview paints the last admission. First the admissions
  (`class=IMP,ACUTE,NONAC`, the mapping's inpatient classes); then every other class
  (`class:not=IMP&class:not=ACUTE&class:not=NONAC`, repeated parameters are AND; R4's `:not`
  also finds a resource without a class);
- appointments: the overview paints those still to come. First those from a few days ago on
  (`date=ge`); then the earlier ones (`date=lt`, the same day: R4's ranges make the two a
  partition of every start) and those without a start (`date:missing=true`);
- the labs pane's reports (with `$lastn` and the overview's window, `latest.py`): first the
  window's (`date=ge`); then the older ones (`date=lt`: a report whose period spans the day
  matches both, never neither) and those without a date (`date:missing=true`).

Until its rest has arrived the pane holds its overview part only (`PaneData.latest`: never
"complete", never "none"). When the first part failed, was cut short or was not asked, the
second step asks the whole list instead (`Split.fallback`); a server that rejects `:not` or
`:missing` is asked again without them (`adapt.WIDENING`): the whole list, nothing missed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sjtui.record.mapping.courses import INPATIENT_CLASSES
from sjtui.record.model import Pane
from sjtui.record.queries import PaneQuery

#: Days before "now" from which the first step asks appointments: one that began before and
#: still runs arrives with the rest (the section stays "loading" until then); two days cover
#: an overnight appointment and a server's local dates.
APPOINTMENT_MARGIN_DAYS = 2
_ADMISSIONS = tuple(sorted(INPATIENT_CLASSES))


@dataclass(frozen=True, slots=True)
class Split:
    """One list asked in two steps: `part` first, `rest` after; `whole` is the full search."""

    whole: PaneQuery
    part: PaneQuery
    rest: tuple[PaneQuery, ...]

    @property
    def pair(self) -> tuple[Pane, str]:
        return (self.whole.pane, self.whole.resource_type)


def _with(q: PaneQuery, **params: str) -> PaneQuery:
    return replace(q, params={**q.params, **params})


def _missing_date(q: PaneQuery) -> PaneQuery:
    params = {k: v for k, v in q.params.items() if k != "_sort"}  # nothing to sort by
    return replace(q, params={**params, "date:missing": "true"})


def by_date(q: PaneQuery, day: date) -> Split:
    """`q` from `day` on first; before `day` and without a date after."""
    cut = day.isoformat()
    rest = (_with(q, date=f"lt{cut}"), _missing_date(q))
    return Split(q, _with(q, date=f"ge{cut}"), rest)


def admissions(q: PaneQuery) -> Split:
    """The admissions first; every other class of course after."""
    part = _with(q, **{"class": ",".join(_ADMISSIONS)})
    rest = replace(q, also=(*q.also, *(("class:not", c) for c in _ADMISSIONS)))
    return Split(q, part, (rest,))


def appointments_from(now: datetime) -> date:
    return (now - timedelta(days=APPOINTMENT_MARGIN_DAYS)).date()


def splits(overview: list[PaneQuery], now: datetime | None, recent: date | None) -> list[Split]:
    """The first step's splits of these (overview) searches: courses always; appointments
    when "now" is known; the labs pane's reports when the overview's window is (`recent`)."""
    out = []
    for q in overview:
        if (q.pane, q.resource_type) == (Pane.COURSES, "Encounter"):
            out.append(admissions(q))
        elif (q.pane, q.resource_type) == (Pane.APPOINTMENTS, "Appointment") and now is not None:
            out.append(by_date(q, appointments_from(now)))
        elif (q.pane, q.resource_type) == (Pane.LABS, "DiagnosticReport") and recent is not None:
            out.append(by_date(q, recent))
    return out


__all__ = ["APPOINTMENT_MARGIN_DAYS", "Split", "admissions", "appointments_from", "by_date", "splits"]
