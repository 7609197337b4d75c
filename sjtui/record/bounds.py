"""Bounds on what one opening may cost, whatever the server sends: entries and pages followed
per search and bytes received per opening. A server whose `next` links never end must not starve the
other panes; a bound hit is reported as a gap of the pane ("not fully known: limit reached").
"""

from __future__ import annotations

from dataclasses import dataclass

# Per search. The bound is on entries: a page is as small as the server or our first question
# makes it (the overview asks 100 a page, and `next` links keep that size), so a page bound of
# 50 stopped a 20,000-observation citizen's lab list at 5,100. 200,000 entries is ten times
# the largest synthetic citizen. The page bound only guards against `next` links that never
# end (or pages of one entry): 2,000 pages of the overview's 100 still hold 200,000 entries.
DEFAULT_MAX_ENTRIES = 200_000
DEFAULT_MAX_PAGES = 2_000
DEFAULT_MAX_BYTES = 200 * 1024 * 1024  # per opening (decoded bytes counted by the meter)
# Time an opening may go without the server sending anything more (see `refresh.steps`);
# whatever arrives, an opening ends after `MAX_OPENING_SECONDS` (what arrived is shown, the
# rest is marked "not known: timed out").
DEFAULT_DEADLINE_SECONDS = 20.0
MAX_OPENING_SECONDS = 15 * 60.0


@dataclass(frozen=True, slots=True)
class OpeningBounds:
    deadline_seconds: float = DEFAULT_DEADLINE_SECONDS
    max_pages: int = DEFAULT_MAX_PAGES
    max_entries: int = DEFAULT_MAX_ENTRIES
    max_bytes: int = DEFAULT_MAX_BYTES


class BoundHit(Exception):
    """Raised inside paging to stop it; `reason` is "entry-limit", "page-limit" or "byte-limit"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
