"""The saved copy at the start of an opening: its resources handed to the opening, and only
what the refresh needs from it kept.

The opening holds the resources from then on; the copy's own containers (its resources dict
and its ETags, one entry per resource: ~23,600 each for the large citizen of issue 14) are not
kept through the refresh, so the service keeps no reference to the copy once this returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sjtui.record.access_notice import has_withheld
from sjtui.record.ports import CachedRecordView
from sjtui.record.refresh import Opening


@dataclass(frozen=True, slots=True)
class SavedStart:
    """What the refresh needs from the saved copy."""

    had_copy: bool
    since: datetime | None  # what changed since (None: fetch everything)
    seen_before: frozenset[str]  # the keys the record's last opening on this machine showed


NO_COPY = SavedStart(had_copy=False, since=None, seen_before=frozenset())


def take_saved(opening: Opening, cached: CachedRecordView | None, *, reveal: bool, access_notice: bool) -> SavedStart:
    """Put `cached`'s resources into the opening, mark it as saved with its age."""
    if cached is None:
        return NO_COPY
    opening.resources.update(cached.resources)
    opening.saved = True
    # A copy whose last sync was incomplete has no sync mark: its age is its opening.
    opening.saved_as_of = cached.synced_at or getattr(cached, "opened_at", None)
    # Damaged rows were dropped: fetch everything again, not only what changed.
    since = None if getattr(cached, "dropped", 0) else cached.synced_at
    if reveal and access_notice and has_withheld(opening.resources):
        since = None  # the server withheld private-marked content until now
    return SavedStart(had_copy=True, since=since, seen_before=cached.last_opened_keys)


__all__ = ["NO_COPY", "SavedStart", "take_saved"]
