"""Retention and wiping: what works on the cache file without the key.

Expired citizens must go even when the key is locked or unavailable (online-only start), so
purging and `sjtui cache info` need no key: they use only the clear time columns and counts.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sjtui.cache.schema import APPLICATION_ID, SIDE_SUFFIXES

BROKEN_MARK = ".broken-"


@dataclass(frozen=True, slots=True)
class CacheInfo:
    """Size and counts only: nothing here says who is in the cache."""

    size_bytes: int
    citizens: int
    oldest: datetime | None
    set_aside_files: int = 0


def _ts(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, tz=UTC)


def database_files(path: Path) -> list[Path]:
    return [path, *(path.with_name(path.name + s) for s in SIDE_SUFFIXES)]


def set_aside_files(path: Path) -> list[Path]:
    if not path.parent.is_dir():
        return []
    return sorted(path.parent.glob(path.name + BROKEN_MARK + "*"))


def delete_files(paths: list[Path]) -> None:
    for file in paths:
        try:
            file.unlink()
        except FileNotFoundError:
            pass


def set_aside(path: Path, now: datetime) -> Path:
    """Rename a damaged/foreign database out of the way (time-stamped name, no personal data)
    and drop its WAL/SHM. Set-aside files are removed by retention like the rest."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}{BROKEN_MARK}{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}{BROKEN_MARK}{stamp}-{n}")
    try:
        os.replace(path, target)
        os.chmod(target, 0o600)
    except FileNotFoundError:
        pass
    delete_files(database_files(path)[1:])
    return target


def remove_old_set_aside(path: Path, cutoff: datetime) -> int:
    removed = 0
    for file in set_aside_files(path):
        try:
            if file.stat().st_mtime < cutoff.timestamp():
                file.unlink()
                removed += 1
        except FileNotFoundError:
            pass
    return removed


def data_tables(conn: sqlite3.Connection) -> list[str]:
    """The tables with rows per citizen besides `citizens`: `chunks` (schema 3) or
    `resources` (schema 2, not migrated yet: the key-less purge runs before the keyed open),
    and `bodies`."""
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return [table for table in ("chunks", "resources", "bodies") if table in names]


def purge_expired_rows(conn: sqlite3.Connection, cutoff: datetime) -> int:
    """Delete citizens not synced since `cutoff`, their rows, and old orphan rows.
    Runs in one transaction; returns the number of citizens removed."""
    limit = cutoff.timestamp()
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS _expired (citizen TEXT PRIMARY KEY) WITHOUT ROWID")
        conn.execute("DELETE FROM _expired")
        conn.execute(
            "INSERT INTO _expired SELECT citizen FROM citizens WHERE coalesce(synced_at, updated_at) < ?",
            (limit,),
        )
        count = conn.execute("SELECT count(*) FROM _expired").fetchone()[0]
        tables = data_tables(conn)
        for table in (*tables, "citizens"):
            conn.execute(f"DELETE FROM {table} WHERE citizen IN (SELECT citizen FROM _expired)")  # noqa: S608 - table names are constants
        for table in tables:
            conn.execute(
                f"DELETE FROM {table} WHERE stored_at < ? "  # noqa: S608 - table names are constants
                "AND citizen NOT IN (SELECT citizen FROM citizens)",
                (limit,),
            )
        conn.execute("DELETE FROM _expired")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
        raise
    if count:
        # Move the zeroed pages into the main file and empty the WAL, so old frames go too.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return int(count)


def _open_existing(path: Path) -> sqlite3.Connection | None:
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True, timeout=2.0, isolation_level=None)
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            conn.close()
            return None
        return conn
    except sqlite3.Error:
        return None


def purge_expired_file(path: Path, cutoff: datetime) -> int:
    """Key-less purge at start-up; a file that is not ours or is damaged is left for the
    keyed open to set aside. Never raises for a broken file; returns citizens removed."""
    remove_old_set_aside(path, cutoff)
    conn = _open_existing(path)
    if conn is None:
        return 0
    try:
        return purge_expired_rows(conn, cutoff)
    except sqlite3.Error:
        return 0
    finally:
        conn.close()


def info_from(conn: sqlite3.Connection | None, path: Path) -> CacheInfo:
    size = sum(f.stat().st_size for f in database_files(path) if f.exists())
    aside = set_aside_files(path)
    size += sum(f.stat().st_size for f in aside if f.exists())
    citizens, oldest = 0, None
    if conn is not None:
        try:
            citizens, oldest_ts = conn.execute(
                "SELECT count(*), min(coalesce(synced_at, updated_at)) FROM citizens"
            ).fetchone()
            oldest = _ts(oldest_ts)
        except sqlite3.Error:
            citizens, oldest = 0, None
    return CacheInfo(size_bytes=size, citizens=int(citizens), oldest=oldest, set_aside_files=len(aside))


def cache_info(path: Path) -> CacheInfo:
    """`sjtui cache info` without the key."""
    conn = _open_existing(path)
    try:
        return info_from(conn, path)
    finally:
        if conn is not None:
            conn.close()


def wipe(path: Path) -> None:
    """`sjtui cache purge`: delete the database, its WAL/SHM and any set-aside files."""
    delete_files(database_files(path) + set_aside_files(path))
