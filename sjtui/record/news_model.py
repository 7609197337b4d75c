"""What arrived since this clinician last opened the record: the data (`news.py` builds it).

Three honest answers, never "nothing new" when it is not known: the first opening ("first time
you open this record"), not remembered (no saved copy to remember openings in, or the identity
is not known), or compared with the previous opening, kind by kind, each kind known (a count,
possibly 0), still loading, or not known (its list is not fully known, with why).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sjtui.record.pane_data import ListState

# The kinds of news, in the order the overview lists them.
NEWS_KINDS = ("notes", "results", "medication", "appointments")


class NewsState(StrEnum):
    FIRST = "first"  # no earlier opening by this clinician is remembered here
    COMPARED = "compared"  # compared with the previous opening (`since`), kind by kind
    CHECKING = "checking"  # the saved copy is shown; the server has not answered yet
    NOT_REMEMBERED = "not-remembered"  # openings cannot be remembered (why: `why`)


@dataclass(frozen=True, slots=True)
class NewsItem:
    kind: str  # one of NEWS_KINDS
    resource_key: str
    title: str  # untrusted server text: render literally
    date: datetime | None  # the entry's own date (start, sampling time, note date)


@dataclass(frozen=True, slots=True)
class NewsKind:
    kind: str  # one of NEWS_KINDS
    state: ListState  # KNOWN / EMPTY (count is exact), LOADING, UNKNOWN (count is a floor)
    count: int  # new items found among what is known
    why: tuple[str, ...] = ()  # gap reason codes when not known


@dataclass(frozen=True, slots=True)
class News:
    state: NewsState
    since: datetime | None = None  # the previous opening (COMPARED only)
    kinds: tuple[NewsKind, ...] = ()
    newest: tuple[NewsItem, ...] = ()  # the newest new items, newest first (a few)
    keys: frozenset[str] = frozenset()  # every new item's resource key
    why: str = ""  # NOT_REMEMBERED: "no-cache" | "no-identity" | "cache-unavailable"

    @property
    def fully_known(self) -> bool:
        """Compared, and every kind's list fully known (only then may "nothing new" be said)."""
        return self.state is NewsState.COMPARED and all(
            k.state in (ListState.KNOWN, ListState.EMPTY) for k in self.kinds
        )

    @property
    def total(self) -> int:
        return sum(k.count for k in self.kinds)
