"""The record service's view of the optional encrypted cache.

The cache only saves bandwidth: every failure of the cache (`CACHE_FAILURES`) is logged (type only, no personal data),
turned into a notice code for the clinician, and otherwise ignored. Without a cache
(`cache=None`) the app is online-only and every call is a no-op.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Collection, Iterable
from datetime import datetime
from typing import Any

from sjtui.cache.errors import CacheUnavailable
from sjtui.record.ports import CachedRecordView, MarkStorePort, OpeningMarkView, RecordCachePort

log = logging.getLogger(__name__)

# What a cache that cannot serve raises (it wraps its own failures in CacheUnavailable); a
# bug is none of these and reaches the caller.
CACHE_FAILURES = (CacheUnavailable, OSError, sqlite3.Error)


def cache_identity(citizen: Any) -> str:
    """Whom the cache files a record under: the CPR number; for a citizen without one, the
    Patient id (in its own namespace, so two citizens without a CPR never share a record)."""
    cpr = getattr(citizen, "cpr", "") or ""
    if cpr:
        return cpr
    # Hex: the cache strips dashes from what it is given, and ids may contain them.
    return "patient:" + str(getattr(citizen, "patient_id", "")).encode("utf-8").hex()


class CacheGlue:
    def __init__(self, cache: RecordCachePort | None) -> None:
        self._cache = cache
        self.notices: list[str] = []

    def _note(self, code: str, exc: BaseException | None = None) -> None:
        if exc is not None:
            log.warning("cache problem: %s", type(exc).__name__)
        if code not in self.notices:
            self.notices.append(code)

    def take_notices(self) -> tuple[str, ...]:
        notices, self.notices = tuple(self.notices), []
        return notices

    def load(
        self,
        cpr: str,
        shape: Callable[[list[dict[str, Any]]], object] | None = None,
    ) -> CachedRecordView | None:
        """The cached record (CachedRecord) or None; damaged rows are reported as a notice.
        `shape` sees the resources as they are decoded (see `SharedValues`)."""
        if self._cache is None:
            return None
        try:
            cached = self._cache.load(cpr, shape=shape)
        except CACHE_FAILURES as exc:  # never let the cache break an opening
            self._note("cache-unavailable", exc)
            return None
        if cached is not None and cached.dropped:
            self._note("cache-repaired")
        notice = self._cache.take_notice()
        if notice:
            self._note(str(notice))
        return cached

    def lookup_patient(self, cpr: str) -> dict[str, Any] | None:
        if self._cache is None:
            return None
        try:
            return self._cache.lookup_patient(cpr)
        except CACHE_FAILURES as exc:
            self._note("cache-unavailable", exc)
            return None

    def store(self, cpr: str, patient_id: str, resources: list[dict], *, synced_at: datetime | None) -> None:
        if self._cache is None or (not resources and synced_at is None):
            return
        try:
            self._cache.store(cpr, patient_id, resources, synced_at=synced_at)
        except CACHE_FAILURES as exc:
            self._note("cache-unavailable", exc)

    def store_step(self, cpr: str, patient_id: str, resources: list[dict], removed: Collection[str]) -> None:
        """Save what a step of a sync brought and forget what the server deleted."""
        self.store(cpr, patient_id, resources, synced_at=None)
        if removed:
            self.remove(cpr, removed)

    def mark_synced(
        self, cpr: str, patient_id: str, synced_at: datetime | None, keys: Iterable[str], at: datetime
    ) -> None:
        """A sync ended: its mark (only when it completed: `synced_at`), and the keys seen."""
        if synced_at is not None:
            self.store(cpr, patient_id, [], synced_at=synced_at)
        self.mark_opened(cpr, keys, at=at)

    def remove(self, cpr: str, keys: Iterable[str]) -> None:
        """Forget resources the server deleted."""
        if self._cache is None:
            return
        try:
            self._cache.remove(cpr, keys)
        except CACHE_FAILURES as exc:
            self._note("cache-unavailable", exc)

    def mark_opened(self, cpr: str, keys: Iterable[str], at: datetime) -> None:
        if self._cache is None:
            return
        try:
            self._cache.mark_opened(cpr, keys, at=at)
        except CACHE_FAILURES as exc:
            self._note("cache-unavailable", exc)

    def load_body(self, cpr: str, url: str) -> str | None:
        if self._cache is None:
            return None
        try:
            return self._cache.load_body(cpr, url)
        except CACHE_FAILURES:  # fetch it again instead
            return None

    def store_body(self, cpr: str, url: str, text: str) -> None:
        if self._cache is None:
            return
        try:
            self._cache.store_body(cpr, url, text)
        except CACHE_FAILURES as exc:
            self._note("cache-unavailable", exc)

    def load_mark(self, cpr: str, clinician_id: str) -> tuple[str, OpeningMarkView | None]:
        """This clinician's last opening of the record: ("", mark or None), or (why not
        remembered, None): "no-cache" (none, or one that keeps no markers), "cache-unavailable"."""
        cache = self._cache
        if not isinstance(cache, MarkStorePort):
            return "no-cache", None
        try:
            return "", cache.load_mark(cpr, clinician_id)
        except CACHE_FAILURES as exc:
            self._note("cache-unavailable", exc)
            return "cache-unavailable", None

    def store_mark(self, cpr: str, clinician_id: str, at: datetime, keys: Iterable[str]) -> None:
        cache = self._cache
        if not isinstance(cache, MarkStorePort):
            return
        try:
            cache.store_mark(cpr, clinician_id, at, keys)
        except CACHE_FAILURES as exc:
            self._note("cache-unavailable", exc)
