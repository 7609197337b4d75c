"""RecordCache: the encrypted offline copy of the records a clinician opened.

One SQLite file (see `schema.py`), every payload sealed with AES-256-GCM (`codec.py`), lookup
columns holding only blind indexes. Losing the file costs bandwidth, never data, so any
damage is repaired by forgetting: a row that fails to open is deleted and counted (the caller
re-fetches and shows a notice); a file that is damaged, foreign, or sealed with another key
is set aside and a fresh one started (`notice` says so). OS-level failures (disk full,
read-only, locked) raise `CacheUnavailable`: run without cache.

Thread-safe (one connection behind a lock), so UI workers may call it from threads.
"""

from __future__ import annotations

import gc
import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

from sjtui.cache import codec, purge, schema
from sjtui.cache.errors import CacheCorrupt, CacheUnavailable
from sjtui.cache.purge import CacheInfo
from sjtui.crypto.aead import Sealer, TamperedData
from sjtui.crypto.key import UnlockedKey

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_TTL = timedelta(hours=72)
FILE_NAME = "records.sqlite"
_CANARY = b"sjtui-cache-canary-v1"

#: Notice codes (the UI translates them).
NOTICE_RESET = "cache-reset"  # the file was damaged/foreign/other key: set aside, fresh start
NOTICE_REPAIRED = "cache-repaired"  # some rows failed to open: dropped, will be re-fetched


@dataclass(frozen=True, slots=True)
class CachedRecord:
    patient_id: str
    resources: dict[str, dict[str, Any]]  # "Type/id" -> resource
    etags: dict[str, str]  # "Type/id" -> ETag (explicit, else W/"<meta.versionId>")
    synced_at: datetime | None  # None: a sync started but never completed (fetch everything)
    last_opened_keys: frozenset[str]
    dropped: int = 0  # rows that failed to open and were deleted
    opened_at: datetime | None = None


def resource_key(resource: Mapping[str, Any]) -> str | None:
    rtype, rid = resource.get("resourceType"), resource.get("id")
    if isinstance(rtype, str) and isinstance(rid, str) and rtype and rid:
        return f"{rtype}/{rid}"
    return None


def _etag_of(resource: Mapping[str, Any]) -> str | None:
    meta = resource.get("meta")
    version = meta.get("versionId") if isinstance(meta, Mapping) else None
    return f'W/"{version}"' if isinstance(version, str) and version else None


def _ts(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, tz=timezone.utc)


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _open_rows(sealer: Sealer, citizen: str, rows: list[tuple[str, bytes]]) -> tuple[list[dict[str, Any]], list[str]]:
    """Open many sealed resource rows fast: decrypt each, then parse all payloads with ONE
    json.loads (thousands of small parses cost noticeably more). Call with the cyclic GC
    paused (see `_gc_paused`). Returns the payloads and the row keys that failed to open."""
    bad: list[str] = []
    payloads: list[bytes] = []
    keys: list[str] = []
    prefix = codec.AAD_PREFIX + citizen.encode("ascii") + b"|"
    for rkey, blob in rows:
        try:
            payload = codec.payload_json(sealer.open(blob, prefix + rkey.encode("ascii")))
        except TamperedData:
            bad.append(rkey)
            continue
        payloads.append(payload)
        keys.append(rkey)
    try:
        parsed = json.loads(b"[" + b",".join(payloads) + b"]") if payloads else []
    except ValueError:  # cannot happen for authenticated data; fall back row by row
        parsed = []
        for payload in payloads:
            try:
                parsed.append(json.loads(payload))
            except ValueError:
                parsed.append(None)
    items: list[dict[str, Any]] = []
    for rkey, item in zip(keys, parsed, strict=True):
        if isinstance(item, dict) and isinstance(item.get("k"), str) and isinstance(item.get("r"), dict):
            items.append(item)
        else:
            bad.append(rkey)
    return items, bad


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic GC while tens of thousands of dicts are created: otherwise every few
    hundred allocations trigger collections that walk everything the app already holds
    (measured: more than half of the load time of a 25,000-resource record)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class RecordCache:
    def __init__(
        self,
        path: Path,
        key: UnlockedKey,
        *,
        ttl: timedelta = DEFAULT_TTL,
        clock: Callable[[], datetime] = _utcnow,
        compress_min: int = codec.COMPRESS_MIN_BYTES,
    ) -> None:
        self.path = path
        self.ttl = ttl
        self.notice: str | None = None
        self._key = key
        self._clock = clock
        self._compress_min = compress_min
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

    def __enter__(self) -> RecordCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def take_notice(self) -> str | None:
        """Return the pending notice code (NOTICE_RESET/NOTICE_REPAIRED) once."""
        notice, self.notice = self.notice, None
        return notice

    # --- plumbing -------------------------------------------------------------------------

    def _run(self, op: Callable[[sqlite3.Connection], T], *, on_reset: T) -> T:
        """Run `op` under the lock; corruption -> set aside + fresh file, returns `on_reset`;
        other SQLite/OS errors -> CacheUnavailable."""
        with self._lock:
            if self._conn is None:
                self._open()
            assert self._conn is not None
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
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _citizen(self, cpr: str) -> str:
        return self._key.blind_index("cpr:" + cpr.replace("-", "").strip())

    def _rkey(self, citizen: str, key: str) -> str:
        return self._key.blind_index(f"res:{citizen}|{key}")

    def _url_hash(self, citizen: str, url: str) -> str:
        return self._key.blind_index(f"body:{citizen}|{url}")

    def _seal(self, obj: Any, citizen: str, row_key: str) -> bytes:
        return codec.seal(self._key.sealer, obj, citizen, row_key, compress_min=self._compress_min)

    def _cutoff(self, now: datetime | None = None) -> datetime:
        return (now or self._clock()) - self.ttl

    def _citizen_row(self, conn: sqlite3.Connection, citizen: str) -> tuple[dict[str, Any], tuple] | None:
        """The opened citizen blob and its clear columns, or None (missing, expired or
        damaged: damaged and expired citizens are removed on the spot)."""
        row = conn.execute(
            "SELECT blob, synced_at, opened_at, updated_at FROM citizens WHERE citizen = ?", (citizen,)
        ).fetchone()
        if row is None:
            return None
        blob, synced_at, opened_at, updated_at = row
        fresh_at = synced_at if synced_at is not None else updated_at
        if fresh_at < self._cutoff().timestamp():
            self._delete_citizen(conn, citizen)
            return None
        try:
            info = codec.unseal(self._key.sealer, blob, citizen, "citizen")
            if not isinstance(info, dict) or not isinstance(info.get("patient_id"), str):
                raise TamperedData("bad citizen payload")
        except TamperedData:
            self._delete_citizen(conn, citizen)
            self.notice = NOTICE_REPAIRED
            return None
        return info, (synced_at, opened_at, updated_at)

    def _delete_citizen(self, conn: sqlite3.Connection, citizen: str) -> None:
        with self._tx(conn):
            for table in ("resources", "bodies", "citizens"):
                conn.execute(f"DELETE FROM {table} WHERE citizen = ?", (citizen,))  # noqa: S608

    # --- reading --------------------------------------------------------------------------

    def load(self, cpr: str) -> CachedRecord | None:
        citizen = self._citizen(cpr)

        def op(conn: sqlite3.Connection) -> CachedRecord | None:
            found = self._citizen_row(conn, citizen)
            if found is None:
                return None
            info, (synced_at, opened_at, _updated) = found
            with _gc_paused():
                rows = conn.execute("SELECT rkey, blob FROM resources WHERE citizen = ?", (citizen,)).fetchall()
                items, bad = _open_rows(self._key.sealer, citizen, rows)
                resources: dict[str, dict[str, Any]] = {}
                etags: dict[str, str] = {}
                for item in items:
                    resources[item["k"]] = item["r"]
                    if item.get("e"):
                        etags[item["k"]] = item["e"]
                del rows, items
            if bad:
                with self._tx(conn):
                    conn.executemany(
                        "DELETE FROM resources WHERE citizen = ? AND rkey = ?", [(citizen, r) for r in bad]
                    )
                self.notice = NOTICE_REPAIRED
                log.warning("cache: %d damaged rows dropped", len(bad))
            return CachedRecord(
                patient_id=info["patient_id"],
                resources=resources,
                etags=etags,
                synced_at=_ts(synced_at),
                last_opened_keys=frozenset(info.get("opened") or ()),
                dropped=len(bad),
                opened_at=_ts(opened_at),
            )

        return self._run(op, on_reset=None)

    def lookup_patient(self, cpr: str) -> dict[str, Any] | None:
        """The cached Patient resource (offline search by CPR), or None."""
        citizen = self._citizen(cpr)

        def op(conn: sqlite3.Connection) -> dict[str, Any] | None:
            found = self._citizen_row(conn, citizen)
            if found is None:
                return None
            rkey = self._rkey(citizen, "Patient/" + found[0]["patient_id"])
            row = conn.execute(
                "SELECT blob FROM resources WHERE citizen = ? AND rkey = ?", (citizen, rkey)
            ).fetchone()
            if row is None:
                return None
            try:
                resource = codec.unseal(self._key.sealer, row[0], citizen, rkey)["r"]
            except (TamperedData, KeyError, TypeError):
                with self._tx(conn):
                    conn.execute("DELETE FROM resources WHERE citizen = ? AND rkey = ?", (citizen, rkey))
                self.notice = NOTICE_REPAIRED
                return None
            return resource if isinstance(resource, dict) else None

        return self._run(op, on_reset=None)

    def load_body(self, cpr: str, url: str) -> str | None:
        citizen = self._citizen(cpr)
        url_hash = self._url_hash(citizen, url)

        def op(conn: sqlite3.Connection) -> str | None:
            row = conn.execute(
                "SELECT blob, stored_at FROM bodies WHERE citizen = ? AND url_hash = ?", (citizen, url_hash)
            ).fetchone()
            if row is None:
                return None
            if row[1] < self._cutoff().timestamp():
                with self._tx(conn):
                    conn.execute("DELETE FROM bodies WHERE citizen = ? AND url_hash = ?", (citizen, url_hash))
                return None
            try:
                text = codec.unseal(self._key.sealer, row[0], citizen, "body:" + url_hash)
                if not isinstance(text, str):
                    raise TamperedData("bad body payload")
            except TamperedData:
                with self._tx(conn):
                    conn.execute("DELETE FROM bodies WHERE citizen = ? AND url_hash = ?", (citizen, url_hash))
                self.notice = NOTICE_REPAIRED
                return None
            return text

        return self._run(op, on_reset=None)

    # --- writing --------------------------------------------------------------------------

    def store(
        self,
        cpr: str,
        patient_id: str,
        resources: Iterable[Mapping[str, Any]],
        *,
        synced_at: datetime | None = None,
        etags: Mapping[str, str] | None = None,
    ) -> None:
        """Upsert resources in one transaction. `synced_at=None` keeps the previous sync
        time (a partial step of a sync); pass the sync's start time when it completed."""
        citizen = self._citizen(cpr)
        now = self._clock().timestamp()
        rows: list[tuple[str, str, bytes, float]] = []
        for resource in resources:
            key = resource_key(resource)
            if key is None:
                continue
            etag = (etags or {}).get(key) or _etag_of(resource)
            meta = resource.get("meta")
            updated = meta.get("lastUpdated") if isinstance(meta, Mapping) else None
            rkey = self._rkey(citizen, key)
            payload = {"k": key, "r": resource, "e": etag, "u": updated}
            rows.append((citizen, rkey, self._seal(payload, citizen, rkey), now))
        rows.sort(key=lambda row: row[1])  # key order: dense pages, faster inserts
        synced = synced_at.timestamp() if synced_at is not None else None

        def op(conn: sqlite3.Connection) -> None:
            existing = self._citizen_row(conn, citizen)
            with self._tx(conn):
                if existing is None or existing[0].get("patient_id") != patient_id:
                    opened = list(existing[0].get("opened") or ()) if existing else []
                    blob = self._seal({"patient_id": patient_id, "opened": opened}, citizen, "citizen")
                    conn.execute(
                        "INSERT INTO citizens (citizen, blob, synced_at, opened_at, updated_at) "
                        "VALUES (?, ?, ?, NULL, ?) ON CONFLICT (citizen) DO UPDATE SET "
                        "blob = excluded.blob, updated_at = excluded.updated_at, "
                        "synced_at = coalesce(excluded.synced_at, synced_at)",
                        (citizen, blob, synced, now),
                    )
                else:
                    conn.execute(
                        "UPDATE citizens SET updated_at = ?, synced_at = coalesce(?, synced_at) WHERE citizen = ?",
                        (now, synced, citizen),
                    )
                if rows:
                    conn.executemany(
                        "INSERT OR REPLACE INTO resources (citizen, rkey, blob, stored_at) VALUES (?, ?, ?, ?)",
                        rows,
                    )

        self._run(op, on_reset=None)

    def remove(self, cpr: str, keys: Iterable[str]) -> None:
        """Forget resources (deleted on the server, or no longer visible)."""
        citizen = self._citizen(cpr)
        pairs = [(citizen, self._rkey(citizen, key)) for key in keys]
        if not pairs:
            return

        def op(conn: sqlite3.Connection) -> None:
            with self._tx(conn):
                conn.executemany("DELETE FROM resources WHERE citizen = ? AND rkey = ?", pairs)

        self._run(op, on_reset=None)

    def mark_opened(self, cpr: str, keys: Iterable[str], at: datetime) -> None:
        """Remember which resources the clinician has seen ("new since last opening")."""
        citizen = self._citizen(cpr)
        opened = sorted(set(keys))

        def op(conn: sqlite3.Connection) -> None:
            found = self._citizen_row(conn, citizen)
            if found is None:
                return
            blob = self._seal({"patient_id": found[0]["patient_id"], "opened": opened}, citizen, "citizen")
            with self._tx(conn):
                conn.execute(
                    "UPDATE citizens SET blob = ?, opened_at = ? WHERE citizen = ?",
                    (blob, at.timestamp(), citizen),
                )

        self._run(op, on_reset=None)

    def store_body(self, cpr: str, url: str, text: str) -> None:
        citizen = self._citizen(cpr)
        url_hash = self._url_hash(citizen, url)
        blob = self._seal(text, citizen, "body:" + url_hash)
        now = self._clock().timestamp()

        def op(conn: sqlite3.Connection) -> None:
            with self._tx(conn):
                conn.execute(
                    "INSERT OR REPLACE INTO bodies (citizen, url_hash, blob, stored_at) VALUES (?, ?, ?, ?)",
                    (citizen, url_hash, blob, now),
                )

        self._run(op, on_reset=None)

    # --- retention and facts --------------------------------------------------------------

    def purge_expired(self, now: datetime | None = None) -> int:
        """Remove citizens not synced within the TTL (and old set-aside files). Returns the
        number of citizens removed."""
        cutoff = self._cutoff(now)
        purge.remove_old_set_aside(self.path, cutoff)
        return self._run(lambda conn: purge.purge_expired_rows(conn, cutoff), on_reset=0)

    def purge_all(self) -> None:
        """Wipe the cache (database, WAL/SHM, set-aside files) and start a fresh one."""
        with self._lock:
            self.close()
            purge.wipe(self.path)
            self._open()

    def info(self) -> CacheInfo:
        return self._run(lambda conn: purge.info_from(conn, self.path), on_reset=purge.info_from(None, self.path))
