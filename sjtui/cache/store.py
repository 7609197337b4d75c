"""RecordCache: the encrypted offline copy of the records a clinician opened.

One SQLite file (see `schema.py`), every payload sealed with AES-256-GCM (`codec.py`), lookup
columns holding only blind indexes. A citizen's resources are sealed a chunk at a time
(`chunks.py`: by type and keyed bucket; ~40 Observations a chunk for 20,000 of them), and one keyed digest
over the chunks' (chunk, generation) pairs in the sealed citizen row notices a chunk put back
to an older copy (`versions.py`). A file of the previous layout is migrated when opened
(`migrate.py`). Losing the file costs bandwidth, never data, so any
damage is repaired by forgetting: a chunk that fails to open is deleted and counted (the caller
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

from sjtui.cache import chunks, codec, purge
from sjtui.cache.bodies import NoteBodies
from sjtui.cache.chunked import ChunkRows
from sjtui.cache.db import NOTICE_REPAIRED
from sjtui.cache.markers import OpeningMarks
from sjtui.cache.migrate import V2Upgrade
from sjtui.cache.purge import CacheInfo
from sjtui.cache.rows import CachedRecord, ts
from sjtui.crypto.aead import TamperedData
from sjtui.crypto.key import UnlockedKey

log = logging.getLogger(__name__)

DEFAULT_TTL = timedelta(hours=72)
FILE_NAME = "records.sqlite"


def _utcnow() -> datetime:
    return datetime.now(UTC)


class RecordCache(OpeningMarks, NoteBodies, V2Upgrade, ChunkRows):
    """The API the record service uses. Every method may raise `CacheUnavailable`."""

    def __init__(
        self,
        path: Path,
        key: UnlockedKey,
        *,
        ttl: timedelta = DEFAULT_TTL,
        clock: Callable[[], datetime] = _utcnow,
        compress_min: int = codec.COMPRESS_MIN_BYTES,
        chunk_compress_min: int = chunks.CHUNK_COMPRESS_MIN,
        server: str = "",
    ) -> None:
        """`server`: the FHIR base URL the rows come from. A row is bound to its server as well
        as its citizen (the citizen index, part of every row's associated data, is keyed by
        both): what one server said is never shown as another's. `compress_min` applies to
        bodies and markers, `chunk_compress_min` to resource chunks (0: never)."""
        self.ttl = ttl
        self._compress_min = compress_min
        self._chunk_compress_min = chunk_compress_min
        self._server = server.rstrip("/")
        super().__init__(path, key, clock=clock)

    # --- keys and helpers -----------------------------------------------------------------

    def _citizen(self, cpr: str) -> str:
        cpr = cpr.replace("-", "").strip()
        return self._key.blind_index(f"cpr:{self._server}|{cpr}" if self._server else "cpr:" + cpr)

    def _cutoff(self, now: datetime | None = None) -> datetime:
        return (now or self._clock()) - self.ttl

    # --- reading --------------------------------------------------------------------------

    def load(
        self,
        cpr: str,
        *,
        shape: Callable[[list[dict[str, Any]]], object] | None = None,
    ) -> CachedRecord | None:
        """The citizen's cached record; `shape` sees each chunk's resources as they are
        decoded (before the next chunk is read)."""
        citizen = self._citizen(cpr)

        def op(conn: sqlite3.Connection) -> CachedRecord | None:
            found = self._citizen_row(conn, citizen)
            if found is None:
                return None
            info, (synced_at, opened_at, _updated) = found
            resources: dict[str, dict[str, Any]] = {}
            explicit: dict[str, str] = {}
            present, bad = self._read_chunks(conn, citizen, resources, explicit, shape)
            if present != int(str(info.get("digest", "0")), 16):
                # a chunk was put back to an older copy (or removed, or added): forget this
                # citizen's copy; the opening fetches everything again
                log.warning("cache: a citizen's chunks do not match their digest; dropped")
                self._delete_citizen(conn, citizen)
                self.notice = NOTICE_REPAIRED
                return None
            lost = int(info.get("lost", 0))
            if bad or lost:
                self._drop_chunks(conn, citizen, info, bad, lost=0)
                self.notice = NOTICE_REPAIRED
                log.warning("cache: %d damaged chunks dropped", len(bad) + lost)
            return CachedRecord(
                patient_id=info["patient_id"],
                resources=resources,
                etags=chunks.Etags(resources, explicit),
                synced_at=ts(synced_at),
                last_opened_keys=frozenset(info.get("opened") or ()),
                dropped=len(bad) + lost,
                opened_at=ts(opened_at),
            )

        return self._run(op, on_reset=None)

    def _read_chunks(
        self,
        conn: sqlite3.Connection,
        citizen: str,
        resources: dict[str, dict[str, Any]],
        explicit: dict[str, str],
        shape: Callable[[list[dict[str, Any]]], object] | None,
    ) -> tuple[int, dict[str, int]]:
        """Open the citizen's chunks one at a time (one statement: one consistent view; a
        chunk's ciphertext and text are let go before the next is read) into `resources`
        and `explicit`. Returns the digest of the chunks present and those that failed."""
        present = 0
        bad: dict[str, int] = {}  # ckey -> version of chunks that failed to open
        sealer = self._key.sealer
        for ckey, blob, version in conn.execute("SELECT ckey, blob, version FROM chunks WHERE citizen = ?", (citizen,)):
            present ^= self._pair(citizen, ckey, version)
            try:
                items, etags = chunks.open_chunk(sealer, citizen, ckey, version, blob)
            except TamperedData:
                bad[ckey] = version
                continue
            del blob
            if shape is not None:
                shape(items)
            for resource in items:
                resources[f"{resource['resourceType']}/{resource.get('id')}"] = resource
            if etags:
                explicit.update(etags)
        return present, bad

    def lookup_patient(self, cpr: str) -> dict[str, Any] | None:
        """The cached Patient resource (offline search by CPR), or None. Only from a copy
        whose chunks match their digest (a rolled-back chunk is not shown here either)."""
        citizen = self._citizen(cpr)

        def op(conn: sqlite3.Connection) -> dict[str, Any] | None:
            found = self._citizen_row(conn, citizen)
            if found is None:
                return None
            info = found[0]
            key = "Patient/" + info["patient_id"]
            ckey = self._ckey(citizen, chunks.chunk_name(self._key.blind_index, citizen, key))
            row = conn.execute(
                "SELECT blob, version FROM chunks WHERE citizen = ? AND ckey = ?", (citizen, ckey)
            ).fetchone()
            if row is None:
                return None
            if not self._digest_matches(conn, citizen, info):
                self._delete_citizen(conn, citizen)
                self.notice = NOTICE_REPAIRED
                return None
            try:
                items, _etags = chunks.open_chunk(self._key.sealer, citizen, ckey, row[1], row[0])
            except TamperedData:
                self._drop_chunks(conn, citizen, info, {ckey: row[1]}, lost=int(info.get("lost", 0)) + 1)
                self.notice = NOTICE_REPAIRED
                return None
            return next(
                (r for r in items if r.get("id") == info["patient_id"] and r["resourceType"] == "Patient"), None
            )

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
        """Upsert resources in one transaction (each chunk they fall in is written again).
        `synced_at=None` keeps the previous sync time (a partial step of a sync); pass the
        sync's start time when it completed."""
        citizen = self._citizen(cpr)
        now = self._clock().timestamp()
        upserts = self._group(citizen, resources, etags or {})
        synced = synced_at.timestamp() if synced_at is not None else None

        def op(conn: sqlite3.Connection) -> None:
            existing = self._citizen_row(conn, citizen)
            info: dict[str, Any] = dict(existing[0]) if existing is not None else {}
            restart = info.get("patient_id") != patient_id  # new, or another patient: start over
            if restart:
                info = {"patient_id": patient_id, "opened": info.get("opened") or []}
            gen = int(info.get("gen", 0)) + 1
            with self._tx(conn):
                if restart:
                    conn.execute("DELETE FROM chunks WHERE citizen = ?", (citizen,))
                done = self._rewrite(conn, citizen, gen, int(str(info.get("digest", "0")), 16), upserts, {}, now=now)
                lost = int(info.get("lost", 0)) + done.lost
                blob = self._citizen_blob(citizen, info, gen=gen, digest=format(done.digest, "x"), lost=lost)
                conn.execute(
                    "INSERT INTO citizens (citizen, blob, synced_at, opened_at, updated_at) "
                    "VALUES (?, ?, ?, NULL, ?) ON CONFLICT (citizen) DO UPDATE SET "
                    "blob = excluded.blob, updated_at = excluded.updated_at, "
                    "synced_at = coalesce(excluded.synced_at, synced_at)",
                    (citizen, blob, synced, now),
                )

        self._run(op, on_reset=None)

    def remove(self, cpr: str, keys: Iterable[str]) -> None:
        """Forget resources (deleted on the server, or no longer visible): each chunk that
        holds one is written again without it."""
        citizen = self._citizen(cpr)
        removals = self._removals(citizen, keys)
        if not removals:
            return
        now = self._clock().timestamp()

        def op(conn: sqlite3.Connection) -> None:
            found = self._citizen_row(conn, citizen)
            if found is None:
                return
            info = found[0]
            gen = int(info.get("gen", 0)) + 1
            with self._tx(conn):
                done = self._rewrite(conn, citizen, gen, int(str(info.get("digest", "0")), 16), {}, removals, now=now)
                if done.written:
                    lost = int(info.get("lost", 0)) + done.lost
                    blob = self._citizen_blob(citizen, info, gen=gen, digest=format(done.digest, "x"), lost=lost)
                    conn.execute("UPDATE citizens SET blob = ? WHERE citizen = ?", (blob, citizen))

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
