"""The cache database: layout, connection settings and health checks.

Layout (no personal data in any clear column):
- `meta(k, v)`: the canary (a sealed constant proving the file belongs to this data key);
  the schema version is `PRAGMA user_version`, the file type `PRAGMA application_id`.
- `citizens(citizen, blob, synced_at, opened_at, updated_at)`: `citizen` is the blind index
  of the CPR; the sealed blob holds the patient id and the keys seen at the last opening.
  The times stay in clear so expired citizens can be purged without the key.
- `chunks(citizen, ckey, blob, stored_at, version)` WITHOUT ROWID: a citizen's resources
  sealed by type and keyed bucket, many to a chunk in a large record (`chunks.py`); `ckey` is the blind index of citizen + the
  chunk's name (type and keyed bucket), `version` the store generation that wrote it, bound
  into its associated data (rollback detection, `versions.py`).
  Schema 2 kept one row per resource (`resources(citizen, rkey, ...)`, `rkey` the blind
  index of citizen + "Type/id"); such a file is migrated when opened with its key
  (`migrate.py`), and the key-less purge works on either.
- `bodies(citizen, url_hash, blob, stored_at)`: note and report texts fetched on demand.

WAL with synchronous=NORMAL (a crash may lose the last commits, never corrupts: fine for a
cache); secure_delete so purged rows are overwritten; file 0600 in a 0700 directory.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sjtui.cache.errors import CacheCorrupt, CacheUnavailable

APPLICATION_ID = 0x736A7475  # "sjtu"
SCHEMA_VERSION = 3  # 2: resources.version (rollback detection); 3: sealed chunks
UPGRADABLE = (2,)  # older layouts migrated on open (`migrate.py`); others are set aside
PAGE_SIZE = 8192
BUSY_TIMEOUT_S = 2.0
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")

DDL = """
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS citizens (
    citizen TEXT PRIMARY KEY,
    blob BLOB NOT NULL,
    synced_at REAL,
    opened_at REAL,
    updated_at REAL NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS chunks (
    citizen TEXT NOT NULL,
    ckey TEXT NOT NULL,
    blob BLOB NOT NULL,
    stored_at REAL NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (citizen, ckey)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bodies (
    citizen TEXT NOT NULL,
    url_hash TEXT NOT NULL,
    blob BLOB NOT NULL,
    stored_at REAL NOT NULL,
    PRIMARY KEY (citizen, url_hash)
);
"""

_CORRUPT_CODES = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


def is_corruption(exc: sqlite3.Error) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith(_CORRUPT_CODES):
        return True
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def unavailable(exc: BaseException) -> CacheUnavailable:
    """A plain-English CacheUnavailable for an OS or SQLite error (no paths, no data)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith("SQLITE_FULL") or "disk is full" in str(exc).lower():
        why = "the disk is full"
    elif name.startswith("SQLITE_READONLY") or "readonly" in str(exc).lower():
        why = "the cache file is read-only"
    elif name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        why = "the cache is in use by another program"
    elif name.startswith("SQLITE_CANTOPEN") or isinstance(exc, PermissionError):
        why = "the cache file cannot be opened"
    else:
        why = f"the cache cannot be used ({name or type(exc).__name__})"
    return CacheUnavailable(why)


def private_file(path: Path) -> None:
    """Make sure the directory is 0700 and the file exists with mode 0600."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        os.close(fd)
        os.chmod(path, 0o600)
    except OSError as exc:
        raise unavailable(exc) from exc


def tighten_side_files(path: Path) -> None:
    for suffix in SIDE_SUFFIXES:
        side = path.with_name(path.name + suffix)
        try:
            os.chmod(side, 0o600)
        except OSError:
            pass


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) and check the database. Raises CacheCorrupt when the file
    is damaged or foreign, CacheUnavailable when it cannot be used at all."""
    private_file(path)
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise unavailable(exc) from exc
    try:
        _prepare(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        if is_corruption(exc):
            raise CacheCorrupt("damaged database file") from exc
        raise unavailable(exc) from exc
    except BaseException:
        conn.close()
        raise
    tighten_side_files(path)
    return conn


def stored_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def create_tables(conn: sqlite3.Connection) -> None:
    """The current layout's tables (those missing), inside the caller's transaction."""
    for statement in filter(None, (s.strip() for s in DDL.split(";"))):
        conn.execute(statement)


def _prepare(conn: sqlite3.Connection) -> None:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if tables == 0 and app_id == 0:
        fresh = True
    elif app_id != APPLICATION_ID or (version != SCHEMA_VERSION and version not in UPGRADABLE):
        raise CacheCorrupt("not a cache file of this version")
    else:
        fresh = False
    if fresh:
        # 8 KiB pages: a sealed ~1 KB FHIR resource fits in a WITHOUT ROWID leaf without
        # overflow pages (with 4 KiB pages the file was 2.6x larger and slower to scan).
        conn.execute(f"PRAGMA page_size={PAGE_SIZE}")
    mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise CacheUnavailable("the cache cannot use write-ahead logging here")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA secure_delete=ON")
    conn.execute("PRAGMA foreign_keys=OFF")
    if fresh:
        conn.execute("BEGIN IMMEDIATE")
        create_tables(conn)
        conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        conn.execute("COMMIT")
    else:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise CacheCorrupt("database failed its integrity check")
