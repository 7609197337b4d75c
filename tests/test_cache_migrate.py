"""A cache written in the previous layout (schema 2: one sealed row per resource) is carried
over to sealed chunks when it is first opened with its key: the clinician's offline copy does
not vanish, what schema 2 would have refused is still refused, and a full disk loses nothing.

The schema-2 file was written by the schema-2 code itself (`tests/data/make_cache_schema2.py`)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

import sjtui.cache.migrate
from sjtui.cache import NOTICE_REPAIRED, NOTICE_RESET, CacheUnavailable, RecordCache, schema
from sjtui.crypto import UnlockedKey

DATA = Path(__file__).resolve().parent / "data"
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
POUL, LARS, MIKKEL = "1203541237", "0408572349", "0101011234"


@pytest.fixture
def key() -> UnlockedKey:
    return UnlockedKey(mode="ephemeral", detail="test", _dek=bytes(range(32)))  # the file's test key


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "cache" / "records.sqlite"
    target.parent.mkdir(mode=0o700)
    shutil.copyfile(DATA / "cache_schema2.sqlite", target)
    target.chmod(0o600)
    return target


def expected() -> dict:
    return json.loads((DATA / "cache_schema2.expected.json").read_text(encoding="utf-8"))


def layout(path: Path) -> tuple[int, set[str]]:
    with closing(sqlite3.connect(path)) as db:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        return version, {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_the_fixture_is_a_schema2_file(path: Path) -> None:
    assert layout(path) == (2, {"meta", "citizens", "resources", "bodies"})


def test_a_schema2_cache_is_carried_over_whole_on_open(path: Path, key: UnlockedKey) -> None:
    want = expected()
    with RecordCache(path, key, clock=lambda: T0) as cache:
        assert cache.notice is None  # nothing was lost, nothing to tell
        record = cache.load(POUL)
        assert record is not None and record.dropped == 0
        assert record.patient_id == want["patient_id"]
        assert record.resources == want["resources"]
        assert record.etags["Patient/" + want["patient_id"]] == 'W/"7"'
        assert record.synced_at == T0 and record.opened_at == T0
        assert record.last_opened_keys == {"Patient/" + want["patient_id"], "Condition/poul-cond-1"}
        assert cache.lookup_patient(POUL) == want["resources"]["Patient/" + want["patient_id"]]
        assert cache.load_body(POUL, "Binary/poul-note-1") == "Sygeplejenotat: iltmætning 88 % i hvile."
        mark = cache.load_mark(POUL, "n1")
        assert mark is not None and mark.at == T0 and mark.keys == {"Patient/" + want["patient_id"]}
        assert cache.take_notice() is None
    version, tables = layout(path)
    assert version == schema.SCHEMA_VERSION and "resources" not in tables and "chunks" in tables
    with closing(sqlite3.connect(path)) as db:
        assert 0 < db.execute("SELECT count(*) FROM chunks").fetchone()[0] <= len(want["resources"])


def test_a_rolled_back_row_is_refused_as_schema2_refused_it(path: Path, key: UnlockedKey) -> None:
    with RecordCache(path, key, clock=lambda: T0) as cache:
        assert cache.load(LARS) is None  # never the older "active": fetched afresh when opened
        assert cache.lookup_patient(LARS) is None
        assert cache.load(POUL) is not None  # the others are carried over


def test_a_damaged_row_is_reported_once_so_the_opening_fetches_everything(path: Path, key: UnlockedKey) -> None:
    with RecordCache(path, key, clock=lambda: T0) as cache:
        record = cache.load(MIKKEL)
        assert record is not None and record.dropped == 1 and len(record.resources) == 1
        assert cache.take_notice() == NOTICE_REPAIRED
        again = cache.load(MIKKEL)
        assert again is not None and again.dropped == 0 and again.resources == record.resources


def test_a_full_disk_during_the_migration_loses_nothing(path: Path, key: UnlockedKey, monkeypatch) -> None:
    create = schema.create_tables

    def full_disk(conn: sqlite3.Connection) -> None:  # fault injection: no page can be added
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        create(conn)

    monkeypatch.setattr(sjtui.cache.migrate.schema, "create_tables", full_disk)
    with pytest.raises(CacheUnavailable, match="disk is full"):
        RecordCache(path, key, clock=lambda: T0)
    assert layout(path) == (2, {"meta", "citizens", "resources", "bodies"})  # as it was
    monkeypatch.setattr(sjtui.cache.migrate.schema, "create_tables", create)
    with RecordCache(path, key, clock=lambda: T0) as cache:  # the next open carries it over
        record = cache.load(POUL)
        assert record is not None and record.resources == expected()["resources"]


def test_a_layout_older_than_schema2_is_set_aside_and_said(path: Path, key: UnlockedKey) -> None:
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA user_version = 1")
    with RecordCache(path, key, clock=lambda: T0) as cache:
        assert cache.notice == NOTICE_RESET  # the clinician is told the local copy started afresh
        assert cache.load(POUL) is None
    assert len(list(path.parent.glob("records.sqlite.broken-*"))) == 1


def test_a_schema2_file_with_another_key_is_set_aside(path: Path) -> None:
    with RecordCache(path, UnlockedKey.ephemeral(), clock=lambda: T0) as cache:
        assert cache.notice == NOTICE_RESET and cache.load(POUL) is None
