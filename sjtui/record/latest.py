"""The overview's own questions: the newest values, not every observation.

The overview draws, of the labs and home-measurement panes, only the newest value of each
analysis, the newest spirometry with its FEV1 course, and each home measurement's newest
value with its mini-trend (`ui/mini_trend.POINTS` = 12 points). Where the server declares
`Observation/$lastn` (FHIR R4, "the last N observations of each code"), the first batch asks
exactly that; the full lists follow in the next step. A pane that holds only these values is
marked `latest` (its list still loading: never "complete", never "none").

Of the labs the overview paints only the flagged results of the last `ABNORMAL_LAB_DAYS`
(and the newest spirometry, asked apart): when the opening knows "now", the newest value of
each analysis is asked within that window (`date=ge`, a few days' margin), and the labs
pane's reports (`DiagnosticReport`) likewise; the older reports follow with the other panes
(`overview_parts.py`; they also bring the imaging pane's reports). Values and reports outside
the window cannot be painted by the overview; they arrive with the full lists.

Without `$lastn` the fallback is the plain searches' first pages (`_sort=-date`, the newest
first): they cannot promise the newest value of every code, so those panes count only when
their full lists have arrived.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sjtui.record.model import Pane
from sjtui.record.overview import ABNORMAL_LAB_DAYS
from sjtui.record.queries import ELEMENTS_WORTH_IT, PaneQuery, elements_param

LASTN = "Observation/$lastn"
#: The mini-trends' points (`ui/mini_trend.POINTS`): the newest values of a series drawn.
TREND_POINTS = 12
#: Spirometry panels (`mapping/labs.SPIROMETRY_CODES`): the overview shows the newest with
#: its FEV1 course over the years.
SPIROMETRY = ("81459-0", "19926-5")
#: Days added to the overview's window when asking for recent labs: the opening's clock and
#: the screen's "today" may differ by a day, and dates are local on the server.
RECENT_MARGIN_DAYS = 2

# (pane, filters, newest per code)
_ASKED: tuple[tuple[Pane, dict[str, str], int], ...] = (
    (Pane.LABS, {"category": "laboratory"}, 1),
    (Pane.LABS, {"code": ",".join(SPIROMETRY)}, TREND_POINTS),
    (Pane.HOME, {"category": "vital-signs"}, TREND_POINTS),
)


def recent_from(now: datetime) -> date:
    """The first day of the window of labs the overview paints (with the margin)."""
    return (now - timedelta(days=ABNORMAL_LAB_DAYS + RECENT_MARGIN_DAYS)).date()


def latest_queries(patient_id: str, *, use_elements: bool = True, recent: date | None = None) -> list[PaneQuery]:
    """The `$lastn` questions for the overview's labs and home sections (`recent`: the newest
    value of each analysis only from that day on)."""
    out = []
    for pane, filters, newest in _ASKED:
        window = {"date": f"ge{recent.isoformat()}"} if recent is not None and newest == 1 else {}
        params = {"patient": patient_id, **filters, **window, "max": str(newest)}
        if use_elements and "Observation" in ELEMENTS_WORTH_IT:
            params["_elements"] = elements_param("Observation")
        out.append(PaneQuery(pane, LASTN, params))
    return out


#: Which full searches the `$lastn` questions stand in for in the first step.
REPLACED: frozenset[tuple[Pane, str]] = frozenset({(Pane.LABS, "Observation"), (Pane.HOME, "Observation")})

__all__ = [
    "LASTN",
    "REPLACED",
    "SPIROMETRY",
    "TREND_POINTS",
    "latest_queries",
    "recent_from",
]
