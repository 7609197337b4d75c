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

import logging
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sjtui.cache import codec, purge, versions
from sjtui.cache.bodies import NoteBodies
from sjtui.cache.db import NOTICE_REPAIRED
from sjtui.cache.markers import OpeningMarks
from sjtui.cache.purge import CacheInfo
from sjtui.cache.rows import (
    PARSE_CHUNK,
    CachedRecord,
    etag_of,
    open_rows,
    resource_key,
    ts,
)
from sjtui.crypto.aead import TamperedData
from sjtui.crypto.key import UnlockedKey

log = logging.getLogger(__name__)

DEFAULT_TTL = timedelta(hours=72)
FILE_NAME = "records.sqlite"


def _utcnow() -> datetime:
    return datetime.now(UTC)


class RecordCache(OpeningMarks, NoteBodies):
    """The API the record service uses. Every method may raise `CacheUnavailable`."""

    def __init__(
        self,
        path: Path,
        key: UnlockedKey,
        *,
        ttl: timedelta = DEFAULT_TTL,
        clock: Callable[[], datetime] = _utcnow,
        compress_min: int = codec.COMPRESS_MIN_BYTES,
        server: str = "",
    ) -> None:
        """`server`: the FHIR base URL the rows come from. A row is bound to its server as well
        as its citizen (the citizen index, part of every row's associated data, is keyed by
        both): what one server said is never shown as another's."""
        self.ttl = ttl
        self._compress_min = compress_min
        self._server = server.rstrip("/")
        super().__init__(path, key, clock=clock)

    # --- keys and helpers -----------------------------------------------------------------

    def _citizen(self, cpr: str) -> str:
        cpr = cpr.replace("-", "").strip()
        return self._key.blind_index(f"cpr:{self._server}|{cpr}" if self._server else "cpr:" + cpr)

    def _pair(self, citizen: str, rkey: str, version: int) -> int:
        return versions.pair_hash(self._key.blind_index, citizen, rkey, version)

    def _citizen_blob(self, citizen: str, info: Mapping[str, Any], **changes: Any) -> bytes:
        """The sealed citizen row: patient id, keys seen, generation and row-set digest."""
        data = {
            "patient_id": info.get("patient_id"),
            "opened": list(info.get("opened") or ()),
            "gen": int(info.get("gen", 0)),
            "digest": str(info.get("digest", "0")),
        }
        data.update(changes)
        return self._seal(data, citizen, "citizen")

    def _rkey(self, citizen: str, key: str) -> str:
        return self._key.blind_index(f"res:{citizen}|{key}")

    def _seal(self, obj: Any, citizen: str, row_key: str) -> bytes:
        return codec.seal(self._key.sealer, obj, citizen, row_key, compress_min=self._compress_min)

    def _cutoff(self, now: datetime | None = None) -> datetime:
        return (now or self._clock()) - self.ttl

    def _citizen_row(self, conn: sqlite3.Connection, citizen: str) -> tuple[dict[str, Any], tuple[Any, ...]] | None:
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
                conn.execute(f"DELETE FROM {table} WHERE citizen = ?", (citizen,))  # noqa: S608 - constant table names

    def _drop_rows(
        self, conn: sqlite3.Connection, citizen: str, info: Mapping[str, Any], rows: Mapping[str, int]
    ) -> None:
        """Delete rows (row key -> version) and take them out of the citizen's digest."""
        if not rows:
            return
        digest = int(str(info.get("digest", "0")), 16)
        for rkey, version in rows.items():
            digest ^= self._pair(citizen, rkey, version)
        blob = self._citizen_blob(citizen, info, digest=format(digest, "x"))
        with self._tx(conn):
            conn.executemany("DELETE FROM resources WHERE citizen = ? AND rkey = ?", [(citizen, r) for r in rows])
            conn.execute("UPDATE citizens SET blob = ? WHERE citizen = ?", (blob, citizen))

    # --- reading --------------------------------------------------------------------------

    def load(
        self,
        cpr: str,
        *,
        shape: Callable[[list[dict[str, Any]]], object] | None = None,
    ) -> CachedRecord | None:
        """The citizen's cached record; `shape` sees the resources as they are decoded."""
        citizen = self._citizen(cpr)

        def op(conn: sqlite3.Connection) -> CachedRecord | None:
            found = self._citizen_row(conn, citizen)
            if found is None:
                return None
            info, (synced_at, opened_at, _updated) = found
            # One statement (one consistent view of the rows), read a chunk at a time: each
            # chunk's blobs are opened, parsed and let go before the next is read, so the
            # ciphertext and plaintext of the whole record are never in memory at once.
            cursor = conn.execute("SELECT rkey, blob, version FROM resources WHERE citizen = ?", (citizen,))
            present = 0
            resources: dict[str, dict[str, Any]] = {}
            etags: dict[str, str] = {}
            bad: dict[str, int] = {}  # row key -> version of rows that failed to open
            while rows := cursor.fetchmany(PARSE_CHUNK):
                present ^= versions.set_digest(self._key.blind_index, citizen, ((r[0], r[2]) for r in rows))
                items, failed = open_rows(self._key.sealer, citizen, rows, shape)
                if failed:
                    found_versions = {r[0]: r[2] for r in rows}
                    bad.update((r, found_versions[r]) for r in failed)
                del rows
                for item in items:
                    resources[item["k"]] = item["r"]
                    if item.get("e"):
                        etags[item["k"]] = item["e"]
                del items
            if present != int(str(info.get("digest", "0")), 16):
                # a row was put back to an older copy (or removed, or added): forget this
                # citizen's copy; the opening fetches everything again
                log.warning("cache: a citizen's rows do not match their digest; dropped")
                self._delete_citizen(conn, citizen)
                self.notice = NOTICE_REPAIRED
                return None
            if bad:
                self._drop_rows(conn, citizen, info, bad)
                self.notice = NOTICE_REPAIRED
                log.warning("cache: %d damaged rows dropped", len(bad))
            return CachedRecord(
                patient_id=info["patient_id"],
                resources=resources,
                etags=etags,
                synced_at=ts(synced_at),
                last_opened_keys=frozenset(info.get("opened") or ()),
                dropped=len(bad),
                opened_at=ts(opened_at),
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
                "SELECT blob, version FROM resources WHERE citizen = ? AND rkey = ?", (citizen, rkey)
            ).fetchone()
            if row is None:
                return None
            try:
                resource = codec.unseal(self._key.sealer, row[0], citizen, versions.row_key(rkey, row[1]))["r"]
            except (TamperedData, KeyError, TypeError):
                self._drop_rows(conn, citizen, found[0], {rkey: row[1]})
                self.notice = NOTICE_REPAIRED
                return None
            return resource if isinstance(resource, dict) else None

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
        payloads = self._payloads(citizen, resources, etags or {})
        synced = synced_at.timestamp() if synced_at is not None else None

        def op(conn: sqlite3.Connection) -> None:
            existing = self._citizen_row(conn, citizen)
            info: dict[str, Any] = dict(existing[0]) if existing is not None else {}
            restart = info.get("patient_id") != patient_id  # new, or another patient: start over
            if restart:
                info = {"patient_id": patient_id, "opened": info.get("opened") or []}
            gen = int(info.get("gen", 0)) + 1
            digest = int(str(info.get("digest", "0")), 16)
            old: dict[str, int] = (
                {}
                if restart or not payloads
                else dict(conn.execute("SELECT rkey, version FROM resources WHERE citizen = ?", (citizen,)).fetchall())
            )
            for rkey, _payload in payloads:
                if rkey in old:
                    digest ^= self._pair(citizen, rkey, old[rkey])
                digest ^= self._pair(citizen, rkey, gen)
            # Sealed as they are inserted: a large step's ciphertext is never held at once.
            rows = (
                (citizen, rkey, self._seal(payload, citizen, versions.row_key(rkey, gen)), now, gen)
                for rkey, payload in payloads
            )
            blob = self._citizen_blob(citizen, info, gen=gen, digest=format(digest, "x"))
            with self._tx(conn):
                if restart:
                    conn.execute("DELETE FROM resources WHERE citizen = ?", (citizen,))
                conn.execute(
                    "INSERT INTO citizens (citizen, blob, synced_at, opened_at, updated_at) "
                    "VALUES (?, ?, ?, NULL, ?) ON CONFLICT (citizen) DO UPDATE SET "
                    "blob = excluded.blob, updated_at = excluded.updated_at, "
                    "synced_at = coalesce(excluded.synced_at, synced_at)",
                    (citizen, blob, synced, now),
                )
                if payloads:
                    conn.executemany(
                        "INSERT OR REPLACE INTO resources (citizen, rkey, blob, stored_at, version) "
                        "VALUES (?, ?, ?, ?, ?)",
                        rows,
                    )

        self._run(op, on_reset=None)

    def _payloads(
        self, citizen: str, resources: Iterable[Mapping[str, Any]], etags: Mapping[str, str]
    ) -> list[tuple[str, dict[str, Any]]]:
        """(row key, payload) per resource with a key, in row-key order (dense pages, faster
        inserts). A resource given twice (the same one on two pages of a search that moved
        while it was read) is kept once, the later copy: a row counted twice would cancel
        itself out of the citizen's digest, and the whole citizen would be dropped as
        tampered at the next load."""
        by_rkey: dict[str, dict[str, Any]] = {}
        for resource in resources:
            key = resource_key(resource)
            if key is None:
                continue
            etag = etags.get(key) or etag_of(resource)
            meta = resource.get("meta")
            updated = meta.get("lastUpdated") if isinstance(meta, Mapping) else None
            by_rkey[self._rkey(citizen, key)] = {"k": key, "r": resource, "e": etag, "u": updated}
        return sorted(by_rkey.items(), key=lambda item: item[0])

    def remove(self, cpr: str, keys: Iterable[str]) -> None:
        """Forget resources (deleted on the server, or no longer visible)."""
        citizen = self._citizen(cpr)
        pairs = [(citizen, self._rkey(citizen, key)) for key in keys]
        if not pairs:
            return

        def op(conn: sqlite3.Connection) -> None:
            found = self._citizen_row(conn, citizen)
            if found is None:
                return
            wanted = {rkey for _, rkey in pairs}
            present = {
                r: v
                for r, v in conn.execute("SELECT rkey, version FROM resources WHERE citizen = ?", (citizen,)).fetchall()
                if r in wanted
            }
            self._drop_rows(conn, citizen, found[0], present)

        self._run(op, on_reset=None)

    def mark_opened(self, cpr: str, keys: Iterable[str], at: datetime) -> None:
        """Remember which resources the clinician has seen ("new since last opening")."""
        citizen = self._citizen(cpr)
        opened = sorted(set(keys))

        def op(conn: sqlite3.Connection) -> None:
            found = self._citizen_row(conn, citizen)
            if found is None:
                return
            blob = self._citizen_blob(citizen, found[0], opened=opened)
            with self._tx(conn):
                conn.execute(
                    "UPDATE citizens SET blob = ?, opened_at = ? WHERE citizen = ?",
                    (blob, at.timestamp(), citizen),
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
