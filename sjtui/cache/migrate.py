"""Migration of a schema-2 cache (one sealed row per resource) to sealed chunks (schema 3).

Offline access should not vanish because the layout changed, so a file of the previous layout
is carried over the first time it is opened with its key, in one transaction:
- each citizen's rows are opened as before (their associated data binds each row to its
  citizen, row key and generation) and checked against that citizen's row-set digest; a
  citizen whose rows do not match it (a row put back to an older copy, removed or added) is
  dropped, exactly as loading it in schema 2 would have done, and fetched afresh when opened;
- rows that fail to open are left out and counted in the citizen's `lost`, so the next load
  reports them (`dropped`) and the opening fetches everything again, as before;
- the resources are written as chunks with a new generation and digest (`chunked.py`);
  bodies and last-opened markers keep their rows (their layout did not change);
- the `resources` table is dropped (its pages zeroed: secure_delete) and the schema
  version set to 3.
A failure (full disk) rolls the whole migration back: the file stays a schema-2 file and the
app runs without the cache until a later open succeeds. Nothing is lost.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from typing import Any

from sjtui.cache import codec, schema, versions
from sjtui.cache.chunked import ChunkRows
from sjtui.cache.errors import CacheCorrupt
from sjtui.crypto.aead import Sealer, TamperedData

log = logging.getLogger(__name__)

_V2_TABLES = ("resources", "bodies", "citizens")


class V2Upgrade(ChunkRows):
    """`SealedDb._upgrade` for schema 2 (see the module docstring)."""

    def _upgrade(self, conn: sqlite3.Connection, version: int) -> None:
        if version not in schema.UPGRADABLE:
            raise CacheCorrupt(f"no migration from layout {version}")
        now = self._clock().timestamp()
        conn.execute("BEGIN IMMEDIATE")
        try:
            schema.create_tables(conn)
            for citizen, blob in conn.execute("SELECT citizen, blob FROM citizens").fetchall():
                self._migrate_citizen(conn, citizen, blob, now)
            conn.execute("DROP TABLE IF EXISTS resources")
            conn.execute(f"PRAGMA user_version={schema.SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise
        log.info("cache: migrated to layout %d", schema.SCHEMA_VERSION)

    def _migrate_citizen(self, conn: sqlite3.Connection, citizen: str, blob: bytes, now: float) -> None:
        try:
            info = codec.unseal(self._key.sealer, blob, citizen, "citizen")
            if not isinstance(info, dict) or not isinstance(info.get("patient_id"), str):
                raise TamperedData("bad citizen payload")
        except TamperedData:
            _forget_v2_citizen(conn, citizen)
            return
        rows = conn.execute("SELECT rkey, blob, version FROM resources WHERE citizen = ?", (citizen,)).fetchall()
        present = versions.set_digest(self._key.blind_index, citizen, ((r[0], r[2]) for r in rows))
        if present != int(str(info.get("digest", "0")), 16):
            log.warning("cache: a citizen's rows do not match their digest; not migrated")
            _forget_v2_citizen(conn, citizen)
            return
        items, bad = open_v2_rows(self._key.sealer, citizen, rows)
        del rows
        etags = {item["k"]: item["e"] for item in items if isinstance(item.get("e"), str)}
        upserts = self._group(citizen, (item["r"] for item in items), etags)
        del items
        gen = int(info.get("gen", 0)) + 1
        done = self._rewrite(conn, citizen, gen, 0, upserts, {}, now=now)
        blob = self._citizen_blob(citizen, info, gen=gen, digest=format(done.digest, "x"), lost=len(bad))
        conn.execute("UPDATE citizens SET blob = ? WHERE citizen = ?", (blob, citizen))


def _forget_v2_citizen(conn: sqlite3.Connection, citizen: str) -> None:
    for table in _V2_TABLES:
        conn.execute(f"DELETE FROM {table} WHERE citizen = ?", (citizen,))  # noqa: S608 - constant table names


def open_v2_rows(
    sealer: Sealer, citizen: str, rows: list[tuple[str, bytes, int]]
) -> tuple[list[dict[str, Any]], list[str]]:
    """Open schema-2 resource rows (associated data: citizen, row key and version).
    Returns the payloads ({"k": "Type/id", "r": resource, "e": etag}) and the row keys of
    those that failed to open."""
    items: list[dict[str, Any]] = []
    bad: list[str] = []
    for rkey, blob, version in rows:
        try:
            item = json.loads(
                codec.payload_json(sealer.open(bytes(blob), codec.aad(citizen, _v2_row_key(rkey, version))))
            )
        except (TamperedData, ValueError, TypeError):  # TypeError: not a blob at all
            bad.append(rkey)
            continue
        if isinstance(item, dict) and isinstance(item.get("k"), str) and isinstance(item.get("r"), dict):
            items.append(item)
        else:
            bad.append(rkey)
    return items, bad


def _v2_row_key(rkey: str, version: int) -> str:
    """A schema-2 row's key as bound into its associated data (version 0: before versions)."""
    return f"{rkey}|{version}" if version else rkey
