"""The encrypted record cache: round trip, tamper detection, repair, expiry, privacy on disk."""

from __future__ import annotations

import json
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sjtui.cache import (
    NOTICE_REPAIRED,
    NOTICE_RESET,
    CacheUnavailable,
    RecordCache,
    cache_info,
    purge_expired_file,
    resource_key,
    wipe,
)
from sjtui.crypto import UnlockedKey

ROOT = Path(__file__).resolve().parents[1]
CPR = "1203541237"
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
PANE_TYPES = {
    "Patient",
    "RelatedPerson",
    "Encounter",
    "EpisodeOfCare",
    "Condition",
    "DocumentReference",
    "Observation",
    "DiagnosticReport",
    "MedicationStatement",
    "Immunization",
    "Appointment",
    "AllergyIntolerance",
    "Flag",
    "AuditEvent",
}


def poul_resources() -> list[dict]:
    path = ROOT / "fixtures" / "poul.json"
    if path.exists():
        bundle = json.loads(path.read_text(encoding="utf-8"))
    else:  # pragma: no cover - fixtures not generated yet
        from sjtui.demo.synthetic import poul

        bundle = poul.build()
    return [entry["resource"] for entry in bundle["entry"]]


def poul_id(resources: list[dict]) -> str:
    return next(r["id"] for r in resources if r["resourceType"] == "Patient")


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def key() -> UnlockedKey:
    return UnlockedKey.ephemeral()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "records.sqlite"


@pytest.fixture
def cache(path: Path, key: UnlockedKey, clock: Clock):
    with RecordCache(path, key, clock=clock) as c:
        yield c


def raw_rows(path: Path) -> list[tuple[str, bytes]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT ckey, blob FROM chunks").fetchall()


def set_blob(path: Path, ckey: str, blob: bytes) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE chunks SET blob = ? WHERE ckey = ?", (blob, ckey))
    conn.close()


def test_every_pane_round_trips(cache: RecordCache) -> None:
    resources = poul_resources()
    types = {r["resourceType"] for r in resources}
    assert PANE_TYPES - {"RelatedPerson", "EpisodeOfCare", "AuditEvent", "Flag"} <= types
    pid = poul_id(resources)
    cache.store(CPR, pid, resources, synced_at=T0, etags={f"Patient/{pid}": 'W/"7"'})
    record = cache.load(CPR)
    assert record is not None
    assert record.patient_id == pid and record.dropped == 0 and record.synced_at == T0
    assert record.resources == {resource_key(r): r for r in resources}
    assert record.etags[f"Patient/{pid}"] == 'W/"7"'
    some_obs = next(r for r in resources if r["resourceType"] == "Observation")
    assert record.etags[resource_key(some_obs)] == f'W/"{some_obs["meta"]["versionId"]}"'
    assert cache.lookup_patient("120354-1237")["id"] == pid  # the dash does not matter
    assert cache.load("0408572349") is None


def test_bodies_round_trip(cache: RecordCache) -> None:
    cache.store(CPR, "poul", [{"resourceType": "Patient", "id": "poul"}], synced_at=T0)
    text = "Sygeplejenotat: iltmætning 88 % i hvile. " * 200
    cache.store_body(CPR, "Binary/note-1", text)
    assert cache.load_body(CPR, "Binary/note-1") == text
    assert cache.load_body(CPR, "Binary/other") is None
    assert cache.load_body("0408572349", "Binary/note-1") is None


def test_a_resource_given_twice_in_one_store_is_kept_once_and_the_citizen_loads(cache: RecordCache) -> None:
    """A search that moved while it was paged hands the same resource over twice: the cache
    keeps it once (the later copy), and the citizen still loads (not dropped as tampered)."""
    a1 = {"resourceType": "Observation", "id": "a", "meta": {"versionId": "1"}}
    a2 = {**a1, "meta": {"versionId": "2"}}
    b = {"resourceType": "Observation", "id": "b", "meta": {"versionId": "1"}}
    cache.store(CPR, "poul", [a1, b, a2], synced_at=T0)
    record = cache.load(CPR)
    assert record is not None and record.dropped == 0
    assert record.resources == {"Observation/a": a2, "Observation/b": b}
    cache.store(CPR, "poul", [b, b])  # and again in a later step
    record = cache.load(CPR)
    assert record is not None and record.dropped == 0
    assert set(record.resources) == {"Observation/a", "Observation/b"}


def test_delta_store_remove_and_opened_marks(cache: RecordCache, clock: Clock) -> None:
    a = {"resourceType": "Observation", "id": "a", "meta": {"versionId": "1"}}
    b = {"resourceType": "Observation", "id": "b", "meta": {"versionId": "1"}}
    cache.store(CPR, "poul", [a, b], synced_at=T0)
    cache.mark_opened(CPR, ["Observation/a", "Observation/b"], at=T0)
    clock.now = T0 + timedelta(hours=1)
    a2 = {**a, "meta": {"versionId": "2"}, "status": "amended"}
    cache.store(CPR, "poul", [a2])  # a partial sync step keeps the previous sync time
    cache.remove(CPR, ["Observation/b"])
    record = cache.load(CPR)
    assert record.synced_at == T0
    assert record.resources == {"Observation/a": a2}
    assert record.etags == {"Observation/a": 'W/"2"'}
    assert record.last_opened_keys == {"Observation/a", "Observation/b"}
    assert record.opened_at == T0
    cache.store(CPR, "poul", [], synced_at=clock.now)
    assert cache.load(CPR).synced_at == clock.now


def test_flipped_byte_is_dropped_and_counted(cache: RecordCache, path: Path) -> None:
    resources = poul_resources()
    cache.store(CPR, poul_id(resources), resources, synced_at=T0)
    ckey, blob = raw_rows(path)[3]
    damaged = bytearray(blob)
    damaged[len(damaged) // 2] ^= 0x01
    set_blob(path, ckey, bytes(damaged))
    record = cache.load(CPR)
    assert record.dropped == 1  # one chunk: the caller fetches everything again
    assert 0 < len(record.resources) < len(resources)
    originals = {resource_key(r): r for r in resources}
    assert all(originals[k] == r for k, r in record.resources.items())  # the rest as they were
    assert cache.take_notice() == NOTICE_REPAIRED
    assert cache.load(CPR).dropped == 0  # the bad chunk is gone


def test_swapped_chunks_both_fail(cache: RecordCache, path: Path) -> None:
    resources = poul_resources()
    cache.store(CPR, poul_id(resources), resources, synced_at=T0)
    (k1, b1), (k2, b2) = raw_rows(path)[:2]
    set_blob(path, k1, b2)
    set_blob(path, k2, b1)
    assert cache.load(CPR).dropped == 2


def test_chunk_moved_to_another_citizen_fails(cache: RecordCache, path: Path) -> None:
    cache.store(CPR, "poul", [{"resourceType": "Observation", "id": "x"}], synced_at=T0)
    cache.store("0408572349", "lars", [{"resourceType": "Observation", "id": "y"}], synced_at=T0)
    conn = sqlite3.connect(path)
    with conn:
        poul_blob = conn.execute("SELECT blob FROM chunks ORDER BY citizen LIMIT 1").fetchone()[0]
        conn.execute("UPDATE chunks SET blob = ?", (poul_blob,))
    conn.close()
    assert cache.load(CPR).dropped + cache.load("0408572349").dropped == 1


@pytest.mark.parametrize("damage", ["truncate", "garbage", "foreign-sqlite"])
def test_damaged_or_foreign_file_is_set_aside(path: Path, key: UnlockedKey, clock: Clock, damage: str) -> None:
    with RecordCache(path, key, clock=clock) as cache:
        cache.store(CPR, "poul", poul_resources(), synced_at=T0)
    if damage == "truncate":
        with open(path, "r+b") as f:
            f.truncate(path.stat().st_size // 2)
    elif damage == "garbage":
        path.write_bytes(b"this is not a database" * 100)
    else:
        path.unlink()
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE other (x)")
    with RecordCache(path, key, clock=clock) as cache:
        assert cache.notice == NOTICE_RESET
        assert cache.load(CPR) is None
        cache.store(CPR, "poul", [{"resourceType": "Patient", "id": "poul"}], synced_at=T0)
        assert cache.load(CPR) is not None
        assert cache.info().set_aside_files == 1
    aside = list(path.parent.glob("records.sqlite.broken-*"))
    assert len(aside) == 1 and CPR not in aside[0].name


def test_file_sealed_with_another_key_is_set_aside(path: Path, clock: Clock) -> None:
    with RecordCache(path, UnlockedKey.ephemeral(), clock=clock) as cache:
        cache.store(CPR, "poul", poul_resources(), synced_at=T0)
    with RecordCache(path, UnlockedKey.ephemeral(), clock=clock) as cache:
        assert cache.notice == NOTICE_RESET
        assert cache.load(CPR) is None


def test_expiry_with_injected_clock(cache: RecordCache, clock: Clock, path: Path) -> None:
    cache.store(CPR, "poul", poul_resources(), synced_at=T0)
    cache.store_body(CPR, "Binary/n1", "tekst")
    clock.now = T0 + timedelta(hours=40)
    cache.store("0408572349", "lars", [{"resourceType": "Patient", "id": "lars"}], synced_at=clock.now)
    assert cache.purge_expired(now=T0 + timedelta(hours=71)) == 0
    assert cache.purge_expired(now=T0 + timedelta(hours=73)) == 1
    assert cache.load(CPR) is None
    assert cache.load_body(CPR, "Binary/n1") is None
    assert cache.load("0408572349") is not None
    assert cache.info().citizens == 1
    # a record past its time is not served even before the purge timer runs
    clock.now = T0 + timedelta(hours=40 + 73)
    assert cache.load("0408572349") is None


def test_keyless_purge_and_info(path: Path, key: UnlockedKey, clock: Clock) -> None:
    with RecordCache(path, key, clock=clock) as cache:
        cache.store(CPR, "poul", poul_resources(), synced_at=T0)
    info = cache_info(path)
    assert info.citizens == 1 and info.oldest == T0 and info.size_bytes > 0
    assert purge_expired_file(path, T0 + timedelta(hours=1)) == 1
    assert cache_info(path).citizens == 0
    assert purge_expired_file(path.with_name("missing.sqlite"), T0) == 0


def test_no_personal_data_in_info_or_on_disk(path: Path, key: UnlockedKey, clock: Clock) -> None:
    resources = poul_resources()
    patient = next(r for r in resources if r["resourceType"] == "Patient")
    name = patient["name"][0]
    secrets = [CPR, "120354-1237", name["family"], name.get("text", ""), *name["given"]]
    secrets += [patient["address"][0]["line"][0]] if patient.get("address") else []
    cache = RecordCache(path, key, clock=clock)  # left open: the WAL still holds the writes
    cache.store(CPR, patient["id"], resources, synced_at=T0)
    cache.store_body(CPR, "Binary/poul-note-1", f"Notat om {name['text']} ({CPR})")
    cache.mark_opened(CPR, [resource_key(r) for r in resources], at=T0)
    info = cache.info()
    assert info.citizens == 1
    wal = path.with_name(path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    disk = b"".join(p.read_bytes() for p in path.parent.iterdir() if p.is_file())
    for secret in filter(None, secrets):
        assert secret not in repr(info)
        for encoding in ("utf-8", "utf-16-le"):
            assert secret.encode(encoding) not in disk, "personal data found on disk"
    cache.close()


def test_file_modes(cache: RecordCache, path: Path) -> None:
    cache.store(CPR, "poul", poul_resources(), synced_at=T0)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    for file in path.parent.iterdir():
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file.name


def test_purge_all_wipes_and_starts_afresh(cache: RecordCache, path: Path) -> None:
    cache.store(CPR, "poul", poul_resources(), synced_at=T0)
    (path.parent / "records.sqlite.broken-20260101T000000Z").write_bytes(b"old")
    cache.purge_all()
    assert cache.load(CPR) is None
    assert cache.info().citizens == 0 and cache.info().set_aside_files == 0
    cache.store(CPR, "poul", [{"resourceType": "Patient", "id": "poul"}], synced_at=T0)
    assert cache.lookup_patient(CPR) == {"resourceType": "Patient", "id": "poul"}


def test_keyless_wipe(path: Path, key: UnlockedKey) -> None:
    RecordCache(path, key).close()
    wipe(path)
    assert list(path.parent.iterdir()) == []


def test_disk_full_is_cache_unavailable(cache: RecordCache) -> None:
    cache._conn.execute("PRAGMA max_page_count = 8")  # fault injection: a full disk
    with pytest.raises(CacheUnavailable, match="disk is full"):
        cache.store(CPR, "poul", poul_resources(), synced_at=T0)


def test_unusable_location_is_cache_unavailable(tmp_path: Path, key: UnlockedKey) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    with pytest.raises(CacheUnavailable):
        RecordCache(blocker / "records.sqlite", key)


def test_a_large_record_is_sealed_in_few_chunks_and_loads_whole(path: Path, key: UnlockedKey) -> None:
    from sjtui.cache.chunks import BUCKETS

    resources = [
        {
            "resourceType": "Observation",
            "id": f"o{i}",
            "meta": {"versionId": "1"},
            "code": {"text": "P-Kalium"},
            "valueQuantity": {"value": 4.1, "unit": "mmol/L"},
        }
        for i in range(5000)
    ]
    with RecordCache(path, key, clock=Clock()) as cache:
        cache.store(CPR, "big", resources, synced_at=T0)
        record = cache.load(CPR)
    assert record is not None and record.resources == {f"Observation/o{i}": r for i, r in enumerate(resources)}
    assert len(raw_rows(path)) <= BUCKETS < len(resources) / 5  # one type: a chunk per bucket at most
