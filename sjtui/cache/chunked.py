"""The citizen row and the chunk writer under `RecordCache` (schema 3, see `chunks.py`).

The sealed citizen row holds the patient id, the keys seen at the last opening, the store
generation, the rollback digest over the citizen's chunks (`versions.py`: one keyed hash per
(chunk, generation) pair) and `lost`: chunks found damaged while being rewritten, reported
once by the next load (as `dropped`, so the opening fetches everything again).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sjtui.cache import chunks, codec, versions
from sjtui.cache.db import NOTICE_REPAIRED, SealedDb
from sjtui.cache.rows import resource_key
from sjtui.crypto.aead import TamperedData

#: Chunk name -> ("Type/id" -> (resource, explicit ETag)) to write; keys to remove.
Upserts = dict[str, dict[str, chunks.Item]]
Removals = dict[str, set[str]]
DATA_TABLES = ("chunks", "bodies", "citizens")


@dataclass(slots=True)
class Rewrite:
    """What a rewrite of some chunks did to the citizen's digest."""

    digest: int
    lost: int = 0  # chunks that failed to open (their resources are gone)
    written: int = 0  # chunks written or deleted


class ChunkRows(SealedDb):
    """Chunk and citizen-row plumbing; `RecordCache` supplies `_citizen` and `_cutoff`."""

    _chunk_compress_min: int = chunks.CHUNK_COMPRESS_MIN

    def _cutoff(self, now: datetime | None = None) -> datetime:  # pragma: no cover - RecordCache overrides it
        raise NotImplementedError

    # --- names and seals ------------------------------------------------------------------

    def _ckey(self, citizen: str, name: str) -> str:
        return chunks.chunk_key(self._key.blind_index, citizen, name)

    def _pair(self, citizen: str, ckey: str, version: int) -> int:
        return versions.pair_hash(self._key.blind_index, citizen, ckey, version)

    def _citizen_blob(self, citizen: str, info: Mapping[str, Any], **changes: Any) -> bytes:
        data = {
            "patient_id": info.get("patient_id"),
            "opened": list(info.get("opened") or ()),
            "gen": int(info.get("gen", 0)),
            "digest": str(info.get("digest", "0")),
            "lost": int(info.get("lost", 0)),
        }
        data.update(changes)
        return self._seal(data, citizen, "citizen")

    def _group(self, citizen: str, resources: Iterable[Mapping[str, Any]], etags: Mapping[str, str]) -> Upserts:
        """Resources with a key, by chunk. A resource given twice (the same one on two pages
        of a search that moved while it was read) is kept once: the later copy."""
        upserts: Upserts = {}
        for resource in resources:
            key = resource_key(resource)
            if key is None:
                continue
            name = chunks.chunk_name(self._key.blind_index, citizen, key)
            etag = chunks.explicit_etag(resource, etags.get(key))
            kept = resource if isinstance(resource, dict) else dict(resource)
            upserts.setdefault(name, {})[key] = (kept, etag)
        return upserts

    def _removals(self, citizen: str, keys: Iterable[str]) -> Removals:
        removals: Removals = {}
        for key in keys:
            removals.setdefault(chunks.chunk_name(self._key.blind_index, citizen, key), set()).add(key)
        return removals

    # --- the citizen row ------------------------------------------------------------------

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
            for table in DATA_TABLES:
                conn.execute(f"DELETE FROM {table} WHERE citizen = ?", (citizen,))  # noqa: S608 - constant table names

    def _digest_matches(self, conn: sqlite3.Connection, citizen: str, info: Mapping[str, Any]) -> bool:
        """The citizen's chunks are the set its digest names (none put back, added or gone)."""
        pairs = conn.execute("SELECT ckey, version FROM chunks WHERE citizen = ?", (citizen,)).fetchall()
        present = versions.set_digest(self._key.blind_index, citizen, pairs)
        return present == int(str(info.get("digest", "0")), 16)

    def _drop_chunks(
        self, conn: sqlite3.Connection, citizen: str, info: dict[str, Any], bad: Mapping[str, int], **changes: Any
    ) -> None:
        """Delete chunks that failed to open (ckey -> version), out of the digest too."""
        digest = int(str(info.get("digest", "0")), 16)
        for ckey, version in bad.items():
            digest ^= self._pair(citizen, ckey, version)
        info.update(changes, digest=format(digest, "x"))
        blob = self._citizen_blob(citizen, info)
        with self._tx(conn):
            conn.executemany("DELETE FROM chunks WHERE citizen = ? AND ckey = ?", [(citizen, c) for c in bad])
            conn.execute("UPDATE citizens SET blob = ? WHERE citizen = ?", (blob, citizen))

    # --- rewriting chunks (inside the caller's transaction) -------------------------------

    def _rewrite(
        self,
        conn: sqlite3.Connection,
        citizen: str,
        gen: int,
        digest: int,
        upserts: Upserts,
        removals: Removals,
        *,
        now: float,
    ) -> Rewrite:
        """Write each named chunk again as generation `gen`: its current resources (opened
        here), minus `removals`, plus `upserts`. A chunk left empty is deleted. Every chunk
        written moves the digest from its old (ckey, version) pair to the new one."""
        done = Rewrite(digest=digest)
        for name in sorted(upserts.keys() | removals.keys()):
            ckey = self._ckey(citizen, name)
            row = conn.execute(
                "SELECT blob, version FROM chunks WHERE citizen = ? AND ckey = ?", (citizen, ckey)
            ).fetchone()
            items: dict[str, chunks.Item] = {}
            damaged = False
            if row is not None:
                try:
                    items = chunks.items_of(*chunks.open_chunk(self._key.sealer, citizen, ckey, row[1], row[0]))
                except TamperedData:
                    damaged = True
                    done.lost += 1
            gone = [key for key in removals.get(name, ()) if key in items]
            if row is not None and not gone and name not in upserts and not damaged:
                continue  # nothing to remove here: the chunk stays as it is
            for key in gone:
                del items[key]
            items.update(upserts.get(name, {}))
            if row is not None:
                done.digest ^= self._pair(citizen, ckey, row[1])
            done.written += 1
            if not items:
                conn.execute("DELETE FROM chunks WHERE citizen = ? AND ckey = ?", (citizen, ckey))
                continue
            blob = chunks.seal_chunk(self._key.sealer, citizen, ckey, gen, items, compress_min=self._chunk_compress_min)
            conn.execute(
                "INSERT OR REPLACE INTO chunks (citizen, ckey, blob, stored_at, version) VALUES (?, ?, ?, ?, ?)",
                (citizen, ckey, blob, now, gen),
            )
            done.digest ^= self._pair(citizen, ckey, gen)
        return done
