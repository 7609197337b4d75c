"""The overview's own questions: the newest values, not every observation.

The overview draws, of the labs and home-measurement panes, only the newest value of each
analysis, the newest spirometry with its FEV1 course, and each home measurement's newest
value with its mini-trend (`ui/mini_trend.POINTS` = 12 points). Where the server declares
`Observation/$lastn` (FHIR R4, "the last N observations of each code"), the first batch asks
exactly that; the full lists follow in the next step. A pane that holds only these values is
marked `latest` (its list still loading: never "complete", never "none").

Without `$lastn` the fallback is the plain searches' first pages (`_sort=-date`, the newest
first): they cannot promise the newest value of every code, so those panes count only when
their full lists have arrived.
"""

from __future__ import annotations

from sjtui.record.model import Pane
from sjtui.record.queries import ELEMENTS_WORTH_IT, PaneQuery, elements_param

LASTN = "Observation/$lastn"
#: The mini-trends' points (`ui/mini_trend.POINTS`): the newest values of a series drawn.
TREND_POINTS = 12
#: Spirometry panels (`mapping/labs.SPIROMETRY_CODES`): the overview shows the newest with
#: its FEV1 course over the years.
SPIROMETRY = ("81459-0", "19926-5")

# (pane, filters, newest per code)
_ASKED: tuple[tuple[Pane, dict[str, str], int], ...] = (
    (Pane.LABS, {"category": "laboratory"}, 1),
    (Pane.LABS, {"code": ",".join(SPIROMETRY)}, TREND_POINTS),
    (Pane.HOME, {"category": "vital-signs"}, TREND_POINTS),
)


def latest_queries(patient_id: str, *, use_elements: bool = True) -> list[PaneQuery]:
    """The `$lastn` questions for the overview's labs and home sections."""
    out = []
    for pane, filters, newest in _ASKED:
        params = {"patient": patient_id, **filters, "max": str(newest)}
        if use_elements and "Observation" in ELEMENTS_WORTH_IT:
            params["_elements"] = elements_param("Observation")
        out.append(PaneQuery(pane, LASTN, params))
    return out


def is_latest(resource_type: str) -> bool:
    """Is this (a gap's or a partial's) type one of the overview's own `$lastn` questions?"""
    return resource_type == LASTN


#: Which full searches the `$lastn` questions stand in for in the first step.
REPLACED: frozenset[tuple[Pane, str]] = frozenset({(Pane.LABS, "Observation"), (Pane.HOME, "Observation")})

__all__ = ["LASTN", "REPLACED", "SPIROMETRY", "TREND_POINTS", "is_latest", "latest_queries"]
