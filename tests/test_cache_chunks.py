"""Resources sealed in chunks (schema 3): what lands on disk, chunks that cannot be swapped or
rolled back, and delta updates that rewrite only the chunk they touch."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sjtui.cache import NOTICE_REPAIRED, CacheUnavailable, RecordCache
from sjtui.crypto import UnlockedKey

ROOT = Path(__file__).resolve().parents[1]
POUL, LARS = "1203541237", "0408572349"
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def key() -> UnlockedKey:
    return UnlockedKey.ephemeral()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "records.sqlite"


def poul_resources() -> list[dict]:
    bundle = json.loads((ROOT / "fixtures" / "poul.json").read_text(encoding="utf-8"))
    return [entry["resource"] for entry in bundle["entry"]]


def labs(n: int, value: float = 4.1, prefix: str = "o") -> list[dict]:
    return [
        {
            "resourceType": "Observation",
            "id": f"{prefix}{i}",
            "meta": {"versionId": "1"},
            "code": {"text": "P-Kalium"},
            "valueQuantity": {"value": value, "unit": "mmol/L"},
        }
        for i in range(n)
    ]


def chunk_rows(path: Path) -> dict[tuple[str, str], tuple[bytes, int]]:
    with closing(sqlite3.connect(path)) as db:
        return {(c, k): (b, v) for c, k, b, v in db.execute("SELECT citizen, ckey, blob, version FROM chunks")}


def test_on_disk_no_resource_no_type_and_no_name_is_in_clear_and_files_are_owner_only(
    path: Path, key: UnlockedKey
) -> None:
    resources = poul_resources()
    patient = next(r for r in resources if r["resourceType"] == "Patient")
    cache = RecordCache(path, key, clock=lambda: T0)  # left open: the WAL holds the writes too
    cache.store(POUL, patient["id"], resources, synced_at=T0)
    cache.store(POUL, patient["id"], [{**patient, "gender": "male"}])  # a delta rewrite
    disk = b"".join(p.read_bytes() for p in path.parent.iterdir() if p.is_file())
    clear = [POUL, patient["name"][0]["family"], "Observation", "MedicationStatement", "resourceType"]
    clear += [r["id"] for r in resources[:20]]
    for text in clear:
        assert text.encode() not in disk, "found in clear on disk"
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    for file in path.parent.iterdir():
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file.name
    assert len(chunk_rows(path)) < len(resources)  # sealed a chunk at a time, not a row each
    cache.close()


def test_a_chunk_of_one_citizen_never_shows_as_another_citizens(path: Path, key: UnlockedKey) -> None:
    with RecordCache(path, key, clock=lambda: T0) as cache:
        cache.store(POUL, "poul", labs(50, 6.6, "p"), synced_at=T0)
        cache.store(LARS, "lars", labs(50, 3.3, "l"), synced_at=T0)
        poul_citizen, lars_citizen = cache._citizen(POUL), cache._citizen(LARS)  # their blind indexes
    rows = chunk_rows(path)
    poul_chunk = next((c, k) for c, k in rows if c == poul_citizen)
    lars_chunk = next((c, k) for c, k in rows if c == lars_citizen)
    with closing(sqlite3.connect(path)) as db, db:
        # Poul's sealed blob in place of one of Lars's chunks
        db.execute("UPDATE chunks SET blob = ? WHERE citizen = ? AND ckey = ?", (rows[poul_chunk][0], *lars_chunk))
    with RecordCache(path, key, clock=lambda: T0) as cache:
        lars = cache.load(LARS)
        assert lars is not None and lars.dropped == 1 and cache.take_notice() == NOTICE_REPAIRED
        assert all(k.startswith("Observation/l") for k in lars.resources)  # nothing of Poul's
    with closing(sqlite3.connect(path)) as db, db:
        # Poul's whole row (blob and version) added under Lars
        blob, version = rows[poul_chunk]
        db.execute(
            "INSERT INTO chunks (citizen, ckey, blob, stored_at, version) VALUES (?, ?, ?, 0, ?)",
            (lars_citizen, poul_chunk[1], blob, version),
        )
    with RecordCache(path, key, clock=lambda: T0) as cache:
        assert cache.load(LARS) is None  # the copy is refused whole and fetched afresh
        assert cache.take_notice() == NOTICE_REPAIRED
        poul = cache.load(POUL)
        assert poul is not None and len(poul.resources) == 50  # Poul's copy untouched


def test_a_chunk_put_back_to_its_older_copy_refuses_the_copy(path: Path, key: UnlockedKey) -> None:
    with RecordCache(path, key, clock=lambda: T0) as cache:
        cache.store(POUL, "poul", [{"resourceType": "Patient", "id": "poul"}, *labs(300)], synced_at=T0)
        before = chunk_rows(path)
        cache.store(POUL, "poul", [{**labs(1)[0], "valueQuantity": {"value": 7.9, "unit": "mmol/L"}}])
        after = chunk_rows(path)
        (changed,) = [k for k in after if after[k] != before[k]]
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(
            "UPDATE chunks SET blob = ?, version = ? WHERE citizen = ? AND ckey = ?", (*before[changed], *changed)
        )
    with RecordCache(path, key, clock=lambda: T0) as cache:
        assert cache.load(POUL) is None  # the older 4.1 is never shown in place of 7.9
        assert cache.take_notice() == NOTICE_REPAIRED
        assert chunk_rows(path) == {}


def test_a_delta_rewrites_only_the_chunk_it_touches(path: Path, key: UnlockedKey) -> None:
    with RecordCache(path, key, clock=lambda: T0) as cache:
        cache.store(POUL, "poul", labs(300), synced_at=T0, etags={"Observation/o7": '"strong-7"'})
        before = chunk_rows(path)
        changed = {**labs(1)[0], "meta": {"versionId": "2"}, "valueQuantity": {"value": 7.9, "unit": "mmol/L"}}
        cache.store(POUL, "poul", [changed])
        after = chunk_rows(path)
        assert len([k for k in after if after[k] != before[k]]) == 1 and after.keys() == before.keys()
        record = cache.load(POUL)
        assert record is not None and record.dropped == 0 and len(record.resources) == 300
        assert record.resources["Observation/o0"] == changed
        assert record.resources["Observation/o1"] == labs(2)[1]
        assert record.etags["Observation/o0"] == 'W/"2"' and record.etags["Observation/o7"] == '"strong-7"'

        cache.remove(POUL, ["Observation/o5"])
        removed = chunk_rows(path)
        assert len([k for k in removed.keys() | after.keys() if removed.get(k) != after.get(k)]) == 1
        assert "Observation/o5" not in cache.load(POUL).resources
        cache.remove(POUL, ["Observation/nothing-like-it"])  # not cached: nothing rewritten
        assert chunk_rows(path) == removed

        cache.remove(POUL, [f"Observation/o{i}" for i in range(300)])  # every chunk emptied
        assert chunk_rows(path) == {}
        emptied = cache.load(POUL)
        assert emptied is not None and emptied.resources == {} and emptied.dropped == 0


def test_a_chunk_found_damaged_while_rewritten_is_reported_by_the_next_load(path: Path, key: UnlockedKey) -> None:
    with RecordCache(path, key, clock=lambda: T0) as cache:
        cache.store(POUL, "poul", labs(300), synced_at=T0)
        before = chunk_rows(path)
        cache.store(POUL, "poul", [{**labs(1)[0], "status": "amended"}])
        (target,) = [k for k, v in chunk_rows(path).items() if v != before[k]]
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE chunks SET blob = ? WHERE citizen = ? AND ckey = ?", (before[target][0][:-1], *target))
    with RecordCache(path, key, clock=lambda: T0) as cache:
        cache.store(POUL, "poul", [{**labs(1)[0], "status": "final"}])  # its chunk is rewritten
        record = cache.load(POUL)
        assert record is not None and record.dropped == 1  # the opening fetches everything again
        assert cache.take_notice() == NOTICE_REPAIRED
        assert record.resources["Observation/o0"]["status"] == "final"
        assert 1 <= len(record.resources) <= 300  # what shared the damaged chunk with it is gone
        assert cache.load(POUL).dropped == 0  # reported once


def test_a_full_disk_during_a_delta_keeps_the_previous_copy(path: Path, key: UnlockedKey) -> None:
    with RecordCache(path, key, clock=lambda: T0) as cache:
        cache.store(POUL, "poul", labs(300), synced_at=T0)
        pages = cache._conn.execute("PRAGMA page_count").fetchone()[0]
        cache._conn.execute(f"PRAGMA max_page_count = {pages}")  # fault injection: a full disk
        with pytest.raises(CacheUnavailable, match="disk is full"):
            noise = [{**r, "note": os.urandom(200).hex()} for r in labs(3000, 1.0, "new")]  # needs pages
            cache.store(POUL, "poul", labs(300, 9.9) + noise)
        cache._conn.execute("PRAGMA max_page_count = 1073741823")
        record = cache.load(POUL)
        assert (
            record is not None
            and record.dropped == 0
            and record.resources == {f"Observation/o{i}": r for i, r in enumerate(labs(300))}
        )
