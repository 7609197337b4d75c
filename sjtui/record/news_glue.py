"""One opening's "new since you last opened": the clinician's marker, read at the start of the
opening, the news worked out for every record published, and the marker moved on when the
opening completed.

The marker is per clinician (the proven identity of the record service) and per citizen, kept
sealed with the cached record (`sjtui.cache.markers`). It moves on only when every search
answered in full: after a failed or partial refresh the next opening still compares with
the last complete one, so nothing that arrived in between is missed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any, TypeVar

from sjtui.record.cache_glue import CacheGlue
from sjtui.record.model import Entry, PaneData, Record
from sjtui.record.news import Previous, news_since, not_remembered
from sjtui.record.news_model import NewsState

_NO_IDENTITY = frozenset({"", "unknown"})
E = TypeVar("E", bound=Entry)


class NewsTracker:
    def __init__(self, glue: CacheGlue, identity: str, clinician_id: str) -> None:
        self._glue = glue
        self._identity = identity
        self._clinician = clinician_id
        self.previous: Previous | None = None
        self.why = ""  # why openings are not remembered ("" when they are)
        if clinician_id in _NO_IDENTITY:
            self.why = "no-identity"
            return
        self.why, mark = glue.load_mark(identity, clinician_id)
        if mark is not None:
            self.previous = Previous(at=mark.at, keys=frozenset(mark.keys))

    def attach(self, record: Record, resources: Mapping[str, Mapping[str, Any]], *, checking: bool) -> Record:
        """`record` with its news (`checking`: the saved copy, before the server answered)."""
        if self.why:
            return replace(record, news=not_remembered(self.why))
        news = news_since(record, resources, self.previous, checking=checking)
        if news.state is not NewsState.COMPARED:
            return replace(record, news=news)
        # The lists mark what is new to this clinician (not to the machine's last opening).
        keys = news.keys
        return replace(
            record,
            news=news,
            notes=_marked(record.notes, keys),
            labs=_marked(record.labs, keys),
            imaging=_marked(record.imaging, keys),
            medication=_marked(record.medication, keys),
            appointments=_marked(record.appointments, keys),
        )

    def remember(self, keys: Iterable[str], at: datetime) -> None:
        """This opening completed: it is the clinician's last one from now on."""
        if not self.why:
            self._glue.store_mark(self._identity, self._clinician, at, keys)


def _marked(data: PaneData[E], keys: frozenset[str]) -> PaneData[E]:
    return replace(data, new_keys=keys & {e.resource_key for e in data.items})


def unseen_keys(resources: Iterable[str], seen_before: frozenset[str], had_cache: bool) -> frozenset[str]:
    """The resources the record's last opening on this machine (by anyone) did not show: the
    lists' "new" marks. Nothing is marked on a first opening."""
    if not had_cache:
        return frozenset()
    return frozenset(k for k in resources if k not in seen_before)
