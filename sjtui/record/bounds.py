"""Bounds on what one opening may cost, whatever the server sends: pages followed per search
and bytes received per opening. A server whose `next` links never end must not starve the
other panes; a bound hit is reported as a gap of the pane ("not fully known: limit reached").
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_PAGES = 50  # per search: 50 pages of 1,000 entries is far beyond a real record
DEFAULT_MAX_BYTES = 200 * 1024 * 1024  # per opening (decoded bytes counted by the meter)
DEFAULT_DEADLINE_SECONDS = 20.0


@dataclass(frozen=True, slots=True)
class OpeningBounds:
    deadline_seconds: float = DEFAULT_DEADLINE_SECONDS
    max_pages: int = DEFAULT_MAX_PAGES
    max_bytes: int = DEFAULT_MAX_BYTES


class BoundHit(Exception):
    """Raised inside paging to stop it; `reason` is "page-limit" or "byte-limit"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
