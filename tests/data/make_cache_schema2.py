"""Writes `cache_schema2.sqlite`: a record cache in the previous layout (schema 2, one sealed
row per resource), made by the code that wrote that layout, for `tests/test_cache_migrate.py`,
and `cache_schema2.expected.json`: Poul's resources as they were stored.

Run against a checkout of the schema-2 code (main at e669e0d):
    git archive e669e0d sjtui | tar -x -C /tmp/schema2
    PYTHONPATH=/tmp/schema2 .venv/bin/python tests/data/make_cache_schema2.py
Synthetic data only (Poul from fixtures/poul.json, fictitious CPR numbers); the data key is the
fixed test key `TEST_KEY` below, never a real one. The file holds three citizens:
- Poul (1203541237): the first 60 resources of his record (the Patient among them), an explicit ETag for the Patient, a note body, the
  keys seen at the last opening and one clinician's last-opened marker;
- Lars (0408572349): a MedicationStatement whose row was put back to its older sealed copy
  ("active" after it was stored as "stopped"): a rolled-back row;
- Mikkel (0101011234): two resources, one row's blob with a flipped byte (damaged).
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from sjtui.cache import RecordCache
from sjtui.crypto import UnlockedKey

HERE = Path(__file__).resolve().parent
TEST_KEY = bytes(range(32))
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
POUL_RESOURCES = 60


def main() -> None:
    out = HERE / "cache_schema2.sqlite"
    out.unlink(missing_ok=True)
    key = UnlockedKey(mode="ephemeral", detail="test", _dek=TEST_KEY)
    bundle = json.loads((HERE.parents[1] / "fixtures" / "poul.json").read_text(encoding="utf-8"))
    poul = [entry["resource"] for entry in bundle["entry"]][:POUL_RESOURCES]  # a small file
    pid = next(r["id"] for r in poul if r["resourceType"] == "Patient")
    med = {
        "resourceType": "MedicationStatement",
        "id": "m1",
        "status": "active",
        "subject": {"reference": "Patient/lars"},
    }
    with RecordCache(out, key, clock=lambda: T0) as cache:
        cache.store("1203541237", pid, poul, synced_at=T0, etags={f"Patient/{pid}": 'W/"7"'})
        cache.store_body("1203541237", "Binary/poul-note-1", "Sygeplejenotat: iltmætning 88 % i hvile.")
        cache.mark_opened("1203541237", ["Patient/" + pid, "Condition/poul-cond-1"], at=T0)
        cache.store_mark("1203541237", "n1", T0, ["Patient/" + pid])
        cache.store("0408572349", "lars", [{"resourceType": "Patient", "id": "lars"}, med], synced_at=T0)
        with closing(sqlite3.connect(out)) as db:
            older = db.execute("SELECT citizen, rkey, blob, version FROM resources").fetchall()
        cache.store("0408572349", "lars", [{**med, "status": "stopped"}], synced_at=T0)
        mikkel = [{"resourceType": "Patient", "id": "mikkel"}, {"resourceType": "Flag", "id": "f1", "status": "active"}]
        cache.store("0101011234", "mikkel", mikkel, synced_at=T0)
    with closing(sqlite3.connect(out, isolation_level=None)) as db:
        now = {(r[0], r[1]): r for r in db.execute("SELECT citizen, rkey, blob, version FROM resources")}
        rolled = next(r for r in older if now[(r[0], r[1])][3] != r[3])
        db.execute(
            "UPDATE resources SET blob = ?, version = ? WHERE citizen = ? AND rkey = ?",
            (rolled[2], rolled[3], rolled[0], rolled[1]),
        )
        mikkel_citizen = key.blind_index("cpr:0101011234")
        rkey, blob = db.execute(
            "SELECT rkey, blob FROM resources WHERE citizen = ? ORDER BY rkey LIMIT 1", (mikkel_citizen,)
        ).fetchone()
        flipped = bytearray(blob)
        flipped[len(flipped) // 2] ^= 0x01
        db.execute("UPDATE resources SET blob = ? WHERE rkey = ?", (bytes(flipped), rkey))
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("PRAGMA journal_mode=DELETE")
        db.execute("VACUUM")
    expected = {"patient_id": pid, "resources": {f"{r['resourceType']}/{r['id']}": r for r in poul}}
    (HERE / "cache_schema2.expected.json").write_text(json.dumps(expected, ensure_ascii=False), encoding="utf-8")
    print(out, out.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
