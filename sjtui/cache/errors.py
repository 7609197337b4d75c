"""Exception types of the cache. Messages are plain English and never name a citizen."""

from __future__ import annotations


class CacheUnavailable(Exception):
    """The cache cannot be used now (disk full, read-only, locked by another program...).
    Callers treat it as "run without cache": it only costs bandwidth."""


class CacheCorrupt(Exception):
    """Internal: the database file is damaged or not ours; it gets set aside."""
