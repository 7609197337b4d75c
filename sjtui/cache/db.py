"""The cache's SQLite connection that repairs itself by forgetting.

- open: create/check the file (`schema.connect`), then the canary: a constant sealed with the
  data key in `meta`. A file sealed with another key fails the canary and is treated like a
  damaged one: set aside (`records.sqlite.broken-<UTC time>`), fresh file, `notice` set;
- a file of an older layout that `schema.UPGRADABLE` names is migrated once its key is
  proven (`_upgrade`, supplied by `RecordCache`: `migrate.py`); a failed migration leaves
  the file as it was (full disk: run without cache, try again next time);
- every operation runs under one lock (`_run`): corruption found mid-way -> set aside and
  start afresh; other SQLite/OS errors -> `CacheUnavailable` (run without cache).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Self, TypeVar

from sjtui.cache import codec, purge, schema
from sjtui.cache.errors import CacheCorrupt, CacheUnavailable
from sjtui.crypto.aead import TamperedData
from sjtui.crypto.key import UnlockedKey

log = logging.getLogger(__name__)
T = TypeVar("T")

_CANARY = b"sjtui-cache-canary-v1"

#: Notice codes (the UI translates them).
NOTICE_RESET = "cache-reset"  # the file was damaged/foreign/other key: set aside, fresh start
NOTICE_REPAIRED = "cache-repaired"  # some rows failed to open: dropped, will be re-fetched


class SealedDb:
    _compress_min: int = codec.COMPRESS_MIN_BYTES  # payloads from this size are zlib'd if it pays

    def __init__(self, path: Path, key: UnlockedKey, *, clock: Callable[[], datetime]) -> None:
        self.path = path
        self.notice: str | None = None
        self._key = key
        self._clock = clock
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._open()

    # --- opening, repairing, closing ------------------------------------------------------

    def _open(self) -> None:
        for attempt in (1, 2):
            try:
                conn = schema.connect(self.path)
            except CacheCorrupt:
                if attempt == 2:
                    raise CacheUnavailable("the cache file cannot be recreated") from None
                self._set_aside()
                continue
            try:
                self._check_canary(conn)
            except CacheCorrupt:
                conn.close()
                if attempt == 2:
                    raise CacheUnavailable("the cache file cannot be recreated") from None
                self._set_aside()
                continue
            except sqlite3.Error as exc:
                conn.close()
                raise schema.unavailable(exc) from exc
            try:
                self._upgrade_if_old(conn)
            except CacheCorrupt:
                conn.close()
                if attempt == 2:
                    raise CacheUnavailable("the cache file cannot be recreated") from None
                self._set_aside()
                continue
            self._conn = conn
            return

    def _check_canary(self, conn: sqlite3.Connection) -> None:
        row = conn.execute("SELECT v FROM meta WHERE k = 'canary'").fetchone()
        if row is None:
            blob = self._key.sealer.seal(_CANARY, codec.aad("", "canary"))
            conn.execute("INSERT OR REPLACE INTO meta (k, v) VALUES ('canary', ?)", (blob,))
            schema.tighten_side_files(self.path)
            return
        try:
            if self._key.sealer.open(bytes(row[0]), codec.aad("", "canary")) != _CANARY:
                raise TamperedData("unexpected canary")
        except TamperedData:
            raise CacheCorrupt("the cache was written with another key") from None

    def _upgrade_if_old(self, conn: sqlite3.Connection) -> None:
        """Migrate an older layout. Corruption found on the way: CacheCorrupt (set aside);
        any other SQLite/OS error (disk full): CacheUnavailable, the file left as it was."""
        version = schema.stored_version(conn)
        if version == schema.SCHEMA_VERSION:
            return
        try:
            self._upgrade(conn, version)
        except sqlite3.DatabaseError as exc:
            try:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            conn.close()
            if schema.is_corruption(exc):
                raise CacheCorrupt("damaged database file") from exc
            raise schema.unavailable(exc) from exc
        except OSError as exc:
            conn.close()
            raise schema.unavailable(exc) from exc

    def _upgrade(self, conn: sqlite3.Connection, version: int) -> None:
        """Bring a file of layout `version` to the current one (in one transaction)."""
        raise CacheCorrupt(f"no migration from layout {version}")

    def _set_aside(self) -> None:
        target = purge.set_aside(self.path, self._clock())
        log.warning("cache file set aside as %s", target.name)
        self.notice = NOTICE_RESET

    def _reset_after_corruption(self) -> None:
        self.close()
        self._set_aside()
        self._open()

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                try:
                    self._conn.close()
                except sqlite3.Error:
                    pass
                self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def take_notice(self) -> str | None:
        """Return the pending notice code (NOTICE_RESET/NOTICE_REPAIRED) once."""
        notice, self.notice = self.notice, None
        return notice

    def _seal(self, obj: Any, citizen: str, row_key: str) -> bytes:
        """`obj` sealed for row `row_key` of `citizen` (`codec`: JSON, zlib'd when large)."""
        return codec.seal(self._key.sealer, obj, citizen, row_key, compress_min=self._compress_min)

    # --- plumbing -------------------------------------------------------------------------

    def _run(self, op: Callable[[sqlite3.Connection], T], *, on_reset: T) -> T:
        """Run `op` under the lock; corruption -> set aside + fresh file, returns `on_reset`;
        other SQLite/OS errors -> CacheUnavailable."""
        with self._lock:
            if self._conn is None:
                self._open()
            assert self._conn is not None  # noqa: S101 - narrows the type: _open() sets it
            try:
                return op(self._conn)
            except sqlite3.DatabaseError as exc:
                self._rollback()
                if schema.is_corruption(exc):
                    self._reset_after_corruption()
                    return on_reset
                raise schema.unavailable(exc) from exc
            except OSError as exc:
                self._rollback()
                raise schema.unavailable(exc) from exc

    def _rollback(self) -> None:
        if self._conn is not None and self._conn.in_transaction:
            try:
                self._conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass

    @contextmanager
    def _tx(self, conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:  # SQLite may already have rolled back (e.g. disk full)
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise
        conn.execute("COMMIT")
