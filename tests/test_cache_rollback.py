"""Cached chunks are bound to their server as well as their citizen, and a chunk put back to
an older sealed copy of itself is noticed (issue 12; chunks since issue 14)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from sjtui.cache import NOTICE_REPAIRED, RecordCache
from sjtui.crypto import UnlockedKey

CPR = "1203541237"
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def _patient(family: str) -> dict:
    return {"resourceType": "Patient", "id": "poul", "name": [{"family": family}]}


def _med(status: str) -> dict:
    return {
        "resourceType": "MedicationStatement",
        "id": "m1",
        "status": status,
        "subject": {"reference": "Patient/poul"},
    }


@pytest.fixture
def key() -> UnlockedKey:
    return UnlockedKey.ephemeral()


def _cache(tmp_path, key, server="https://fhir.a.example/r4") -> RecordCache:
    return RecordCache(tmp_path / "records.sqlite", key, clock=lambda: T0, server=server)


def _rows(tmp_path) -> list[tuple]:
    with sqlite3.connect(tmp_path / "records.sqlite") as db:
        return db.execute("SELECT citizen, ckey, blob, version FROM chunks").fetchall()


def test_a_chunk_rolled_back_to_an_older_copy_is_noticed(tmp_path, key) -> None:
    cache = _cache(tmp_path, key)
    cache.store(CPR, "poul", [_patient("Madsen"), _med("active")], synced_at=T0)
    before = {r[1]: r for r in _rows(tmp_path)}
    cache.store(CPR, "poul", [_med("stopped")], synced_at=T0)  # the medication was stopped
    after = {r[1]: r for r in _rows(tmp_path)}
    changed = next(k for k in after if after[k][3] != before[k][3])
    assert cache.load(CPR).resources["MedicationStatement/m1"]["status"] == "stopped"
    cache.close()

    # someone puts the older sealed copy of the chunk back (blob and version together)
    citizen, ckey, blob, version = before[changed]
    with sqlite3.connect(tmp_path / "records.sqlite") as db:
        db.execute(
            "UPDATE chunks SET blob = ?, version = ? WHERE citizen = ? AND ckey = ?", (blob, version, citizen, ckey)
        )
    again = _cache(tmp_path, key)
    assert again.lookup_patient(CPR) is None  # not even the (unchanged) Patient of that copy
    assert again.take_notice() == NOTICE_REPAIRED
    assert again.load(CPR) is None  # never shown as "active" again: fetched afresh
    assert _rows(tmp_path) == []  # the whole copy is gone


def test_rows_are_bound_to_their_server(tmp_path, key) -> None:
    a = _cache(tmp_path, key, "https://fhir.a.example/r4")
    a.store(CPR, "poul", [_patient("Madsen"), _med("active")], synced_at=T0)
    assert a.load(CPR) is not None
    a.close()
    b = _cache(tmp_path, key, "https://fhir.b.example/r4")
    assert b.load(CPR) is None and b.lookup_patient(CPR) is None  # server b never sees a's rows
    b.store(CPR, "poul", [_patient("Hansen")], synced_at=T0)
    b.close()
    b2 = _cache(tmp_path, key, "https://fhir.b.example/r4")
    record = b2.load(CPR)
    assert record is not None and record.resources["Patient/poul"]["name"][0]["family"] == "Hansen"
    assert "MedicationStatement/m1" not in record.resources
    b2.close()
    # a chunk of server a copied under server b's citizen does not pass as b's
    rows = _rows(tmp_path)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row[0]] = counts.get(row[0], 0) + 1
    a_citizen = max(counts, key=lambda c: counts[c])
    b_citizen = min(counts, key=lambda c: counts[c])
    med = next(r for r in rows if r[0] == a_citizen and r[1] not in {x[1] for x in rows if x[0] == b_citizen})
    with sqlite3.connect(tmp_path / "records.sqlite") as db:
        db.execute(
            "INSERT INTO chunks (citizen, ckey, blob, stored_at, version) VALUES (?, ?, ?, 0, ?)",
            (b_citizen, med[1], med[2], med[3]),
        )
    b3 = _cache(tmp_path, key, "https://fhir.b.example/r4")
    assert b3.load(CPR) is None  # not shown: the copy is dropped and fetched afresh


def _meds(n: int, status: str) -> list[dict]:
    return [{**_med(status), "id": f"m{i}"} for i in range(n)]


def test_a_record_read_a_chunk_at_a_time_keeps_its_checks(tmp_path, key) -> None:
    """The chunks are read, opened and parsed one at a time (a large record's ciphertext is
    never held at once): every resource still arrives, a damaged chunk read last is dropped
    alone (and counted), and a chunk rolled back among the others still fails the whole copy."""
    cache = _cache(tmp_path, key)
    cache.store(CPR, "poul", [_patient("Madsen"), *_meds(200, "active")], synced_at=T0)
    before = {r[1]: r for r in _rows(tmp_path)}
    assert 10 < len(before) < 201  # sealed in chunks: fewer units than resources
    cache.store(CPR, "poul", _meds(200, "stopped"), synced_at=T0)
    loaded = cache.load(CPR)
    assert loaded is not None and len(loaded.resources) == 201
    assert all(loaded.resources[f"MedicationStatement/m{i}"]["status"] == "stopped" for i in range(200))

    last = _rows(tmp_path)[-1]  # the last chunk read (primary-key order)
    with sqlite3.connect(tmp_path / "records.sqlite") as db:
        db.execute("UPDATE chunks SET blob = ? WHERE citizen = ? AND ckey = ?", (last[2][:-1], last[0], last[1]))
    damaged = cache.load(CPR)
    assert damaged is not None and damaged.dropped == 1 and 1 < len(damaged.resources) < 201
    assert all(r["status"] == "stopped" for k, r in damaged.resources.items() if k.startswith("Medication"))
    assert cache.take_notice() == NOTICE_REPAIRED

    now = {r[1]: r for r in _rows(tmp_path)}
    rolled = next(r for k, r in sorted(before.items()) if k != last[1] and k in now and now[k][3] != r[3])
    with sqlite3.connect(tmp_path / "records.sqlite") as db:
        db.execute(
            "UPDATE chunks SET blob = ?, version = ? WHERE citizen = ? AND ckey = ?",
            (rolled[2], rolled[3], rolled[0], rolled[1]),
        )
    assert cache.load(CPR) is None  # the older copy is noticed: fetched afresh
    cache.close()
