"""The encrypted offline record cache (see `store.RecordCache`). No Textual, no network.

Key-less helpers for start-up retention and `sjtui cache info|purge` are in `purge`.
"""

from pathlib import Path

from sjtui.cache.db import NOTICE_REPAIRED, NOTICE_RESET
from sjtui.cache.errors import CacheUnavailable
from sjtui.cache.purge import CacheInfo, cache_info, purge_expired_file, wipe
from sjtui.cache.rows import CachedRecord, resource_key
from sjtui.cache.store import (
    DEFAULT_TTL,
    FILE_NAME,
    RecordCache,
)

__all__ = [
    "DEFAULT_TTL",
    "FILE_NAME",
    "NOTICE_REPAIRED",
    "NOTICE_RESET",
    "CacheInfo",
    "CacheUnavailable",
    "CachedRecord",
    "RecordCache",
    "cache_info",
    "default_path",
    "purge_expired_file",
    "resource_key",
    "wipe",
]


def default_path() -> Path:
    """`locations.cache_dir() / "records.sqlite"`."""
    from sjtui import locations

    return locations.cache_dir() / FILE_NAME
