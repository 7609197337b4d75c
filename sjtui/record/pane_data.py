"""A pane's list and its three states (known, known empty, not known), and why a list is
not fully known (`Gap`, `Unreadable`). Split out of `model.py`, which re-exports every name."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Generic, TypeVar


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A resource that could not be mapped (quarantined on its own). Shown in its pane as
    "could not be read" with its type, its date when one could be read, and why (F8)."""

    resource_key: str  # "Observation/abc" or "Observation/?" when there is no id
    reason: str  # short plain English developer reason (F8); never a data value
    date: datetime | None = None  # the resource's own date, when that much could be read
    kind: str = "malformed"  # stable code the UI translates: malformed | too-deep | too-large

    @property
    def resource_type(self) -> str:
        return self.resource_key.partition("/")[0]


class ListState(StrEnum):
    """The three states of a list (plus "still loading"). Only EMPTY may be shown as "none"."""

    LOADING = "loading"
    KNOWN = "known"  # items, and the list is complete
    EMPTY = "empty"  # a complete, successful search found nothing
    UNKNOWN = "unknown"  # not (fully) known: see the pane's gaps / unreadable


@dataclass(frozen=True, slots=True)
class Gap:
    """Why a pane's list is not fully known. `reason` is a stable code the UI translates:
    failed | partial | entries | not-searchset | timeout | offline | page-limit | entry-limit | byte-limit |
    unverified | not-this-citizen. `detail` is technical (F8, no personal data); `missing` says how many entries
    are known to be missing when the server said so; `as_of` is the saved copy shown instead."""

    reason: str
    resource_type: str = ""
    detail: str = ""
    missing: int | None = None
    as_of: datetime | None = None


@dataclass(frozen=True, slots=True)
class Dropped:
    """A resource the server returned that is not about the opened citizen (F8 only)."""

    resource_key: str
    reason: str  # "no-citizen" | "other-citizen"


# --- Pane container ----------------------------------------------------------------------

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PaneData(Generic[T]):
    """A pane's content. `items` newest first. `hidden` counts private-marked items withheld
    because no break-the-glass was given; `unreadable` lists resources that failed to map."""

    items: tuple[T, ...] = ()
    unreadable: tuple[Unreadable, ...] = ()
    hidden: int = 0
    loaded: bool = False  # False while still loading
    error: str = ""  # set when fetching this pane failed (e.g. timeout); items may be stale
    new_keys: frozenset[str] = field(default_factory=frozenset)  # items new since last opening
    gaps: tuple[Gap, ...] = ()  # why the list is not fully known (failed, partial, bounds)
    # Only the newest values are here so far (the overview's part, `record/latest.py`); the
    # full list is still loading: the pane is not complete (its state stays LOADING).
    latest: bool = False

    # The three-state rule lives here, below the UI: a list is "known empty" only when its
    # searches all succeeded completely and nothing in it was unreadable.
    @property
    def complete(self) -> bool:
        return self.loaded and not self.gaps and not self.unreadable and not self.error

    @property
    def state(self) -> ListState:
        if self.gaps or self.unreadable or self.error:
            return ListState.UNKNOWN
        if not self.loaded:
            return ListState.LOADING
        return ListState.KNOWN if self.items or self.hidden else ListState.EMPTY

    @property
    def known_empty(self) -> bool:
        return self.state is ListState.EMPTY

    def why_unknown(self) -> tuple[str, ...]:
        """Reason codes (deduplicated, in order); "unreadable" when entries could not be read."""
        codes: list[str] = [g.reason for g in self.gaps]
        if self.error and not self.gaps:
            codes.append("failed")
        if self.unreadable:
            codes.append("unreadable")
        return tuple(dict.fromkeys(codes))
