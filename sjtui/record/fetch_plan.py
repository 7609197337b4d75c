"""How an opening's searches are split into the fetch engine's steps (`fetch.py`).

A first opening: the overview panes' searches first (first pages; with `$lastn` the labs and
home sections ask only for their newest values, `latest.py`; some lists only the part the
overview paints, `overview_parts.py`), everything else after, with the rest of those lists.
A delta sync: everything in one batch, with the deletion counts. In both, a search another
one of the same step covers is left out (the labs pane's search for every report brings the
imaging pane's).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from sjtui.record.latest import REPLACED, latest_queries, recent_from
from sjtui.record.model import Pane
from sjtui.record.overview_parts import Split, splits
from sjtui.record.own_events import ids_only
from sjtui.record.queries import OVERVIEW_PANES, PaneQuery, count_url, covering, matches
from sjtui.record.searches import Round

if TYPE_CHECKING:
    from sjtui.record.fetch import FetchPlan

FIRST_PAGE = 100  # overview searches: the newest entries arrive first and fast
FULL_PAGE = 1000  # everything else: fewer round trips (servers cap it; we follow `next`)


@dataclass(slots=True)
class Steps:
    """The searches of an opening, split into its steps."""

    first: list[PaneQuery]
    rest: list[PaneQuery]
    counts: list[str] = field(default_factory=list)  # deletion checks (delta sync)
    covered: list[tuple[PaneQuery, PaneQuery]] = field(default_factory=list)  # (narrower, wider)
    queries: list[PaneQuery] = field(default_factory=list)  # every full search asked
    latest: list[PaneQuery] = field(default_factory=list)  # the overview's own questions
    splits: list[Split] = field(default_factory=list)  # lists asked in two parts (`overview_parts`)

    def first_done(self, round1: Round) -> set[Pane]:
        """Panes complete after the first step: every full search of theirs was in it."""
        later = {q.pane for q in self.rest}
        done = {q.pane for q in self.first if q.pane not in later} - {p.pane for p in round1.partials}
        return self.with_covered(done)

    def with_covered(self, done: set[Pane]) -> set[Pane]:
        """`done` and the panes of the searches left out because a search of a done pane covers them."""
        return done | {narrower.pane for narrower, wider in self.covered if wider.pane in done}

    def rest_of_lists(self, failed: set[tuple[Pane, str]]) -> list[PaneQuery]:
        """The second step's searches with each split list's whole search replaced by its
        rest; by the whole list again where its first part `failed` (or was cut short)."""
        out: list[PaneQuery] = []
        for q in self.rest:
            split = next((s for s in self.splits if s.pair == (q.pane, q.resource_type)), None)
            out.extend([q] if split is None or split.pair in failed else split.rest)
        return out

    def latest_pairs(self) -> set[tuple[Pane, str]]:
        """(pane, type) of the overview's own questions (a gap's or partial's owner and type)."""
        return {(q.pane, q.resource_type) for q in self.latest}


def delta_steps(queries: list[PaneQuery], plan: FetchPlan) -> Steps:
    """A delta sync: the cached record is already on screen and few things changed, so one
    batch for everything (one round trip, one request body) beats overview-first. A search
    another one covers is left out: the wider one brings its changes (and counts its matches);
    its pane shares the wider search's gaps. Deletion checks: a count only where the cache
    holds something the search would find (where it holds nothing, nothing can be deleted)."""
    covered = covering(queries)
    kept = [q for q in queries if not any(q is narrower for narrower, _ in covered)]
    # The access log asks for ids only: our own delivered AuditEvents are cached already.
    first = [paged(ids_only(q) if q.pane is Pane.ACCESS_LOG else q, FULL_PAGE) for q in kept]
    counts = [count_url(q) for q in first if holds_any(plan.known, q)] if plan.known is not None else []
    return Steps(first=first, rest=[], counts=counts, covered=covered, queries=kept)


def opening_steps(queries: list[PaneQuery], plan: FetchPlan, lastn: bool) -> Steps:
    """A first opening: the overview panes' searches first (first pages), the rest after.
    With `$lastn` the overview's labs and home sections ask only for their newest values in
    the first step; some lists ask only the overview's part first and the rest of the list
    after (`overview_parts.py`: the admissions, the appointments still to come, with "now"
    known the labs of the overview's window and the reports of that window)."""
    overview = [q for q in queries if q.pane in OVERVIEW_PANES]
    recent = recent_from(plan.now) if lastn and plan.now is not None else None
    latest = latest_queries(plan.patient_id, use_elements=plan.use_elements, recent=recent) if lastn else []
    split = splits(overview, plan.now, recent)
    latest += [paged(s.part, FIRST_PAGE) for s in split]
    replaced = {s.pair for s in split} | (REPLACED if lastn else set())
    deferred = [q for q in overview if (q.pane, q.resource_type) in replaced]
    first = [paged(q, FIRST_PAGE) for q in overview if not any(q is d for d in deferred)]
    later = deferred + [q for q in queries if q.pane not in OVERVIEW_PANES]
    covered = covering(later)  # the whole lists cover (the imaging pane's reports)
    rest = [paged(q, FULL_PAGE) for q in later if not any(q is narrower for narrower, _ in covered)]
    steps = Steps(first=first, rest=rest, covered=covered, queries=queries, latest=latest)
    steps.splits = [replace(s, rest=tuple(paged(r, FULL_PAGE) for r in s.rest)) for s in split]
    return steps


def latest_answered(steps: Steps, round1: Round) -> set[Pane]:
    """Panes whose overview part arrived in the first step (their `$lastn` and other own
    questions answered, their other first-step searches complete). A failed one of these
    questions is no gap of the pane: its full list follows anyway (`failed_parts`); their
    partials are dropped (the full search brings every page)."""
    pairs = steps.latest_pairs()
    failed = set()
    for pane, gaps in list(round1.gaps.items()):
        mine = [g for g in gaps if (pane, g.resource_type) in pairs]
        if mine:
            failed.add(pane)
            round1.gaps[pane] = [g for g in gaps if (pane, g.resource_type) not in pairs]
            if not round1.gaps[pane]:
                del round1.gaps[pane]
    failed |= {p.pane for p in round1.partials if p.pane is not None}
    round1.partials = [p for p in round1.partials if (p.pane, p.resource_type) not in pairs]
    return {q.pane for q in steps.latest} - failed


def failed_parts(steps: Steps, round1: Round) -> set[tuple[Pane, str]]:
    """The split lists whose first part did not arrive whole (a gap, or more pages): their
    second step asks the whole list (call before `latest_answered`, which drops both)."""
    pairs = {s.pair for s in steps.splits}
    out = {(pane, g.resource_type) for pane, gaps in round1.gaps.items() for g in gaps}
    out |= {(p.pane, p.resource_type) for p in round1.partials if p.pane is not None}
    return out & pairs


def holds_any(known: Mapping[str, dict] | None, q: PaneQuery) -> bool:
    """Does the cache hold a resource this search would find?"""
    prefix = q.resource_type + "/"
    return known is not None and any(key.startswith(prefix) and matches(resource, q) for key, resource in known.items())


def paged(q: PaneQuery, size: int) -> PaneQuery:
    return replace(q, params={**q.params, "_count": str(size)})


__all__ = [
    "FIRST_PAGE",
    "FULL_PAGE",
    "Steps",
    "delta_steps",
    "failed_parts",
    "holds_any",
    "latest_answered",
    "opening_steps",
    "paged",
]
