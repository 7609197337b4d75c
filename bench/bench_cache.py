"""Open a large record from the encrypted cache vs from plain JSON on disk (not a test).

Run: PYTHONPATH=. python bench/bench_cache.py [--resources 20000] [--runs 7]
Prints a table: median wall time of several runs for
- plain JSON, one file (json.load of a list of resources: the fastest plaintext baseline);
- plain JSON, one file per resource (a naive plaintext cache);
- plain SQLite, one unsealed JSON blob per resource (schema 2's layout without the seal);
- plain SQLite, the cache's chunks unsealed (the same grouping and zlib: isolates the seal);
- the encrypted cache `RecordCache.load` (schema 3: AES-256-GCM per chunk, by type and
  keyed bucket: 2,225 chunks for this record, one rollback hash per chunk; zlib'd JSON inside the seal, or raw JSON for the
  "raw chunks" line), timed including opening the file (canary check, quick_check),
and the ratio to the one-file baseline (issue 5 aims at <= 1.2x). Every case builds the same
dict ("Type/id" -> resource) of the same 25,106 resources. Like for like (issue 14):
the cache no longer pauses the cyclic GC, and the baseline runs with the GC on too, in the
same process, so both pay the same collections; the GC-paused baseline is listed for
reference only. Runs are interleaved (every case once per round) so a noisy neighbour on a
shared machine hits every case alike; the ratio is also given as the median of the per-round
ratios. Also store time, file size and the median number of full (generation 2) collections
each case paid: where the collector's counters stand decides those, and one full collection
of this heap is several hundred ms, so a ratio is only like for like when both sides paid as
many. The figures go to bench/RESULTS.md by hand.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sjtui.cache import RecordCache
from sjtui.cache.chunks import BUCKETS, CHUNK_COMPRESS_MIN
from sjtui.crypto import UnlockedKey

CPR = "1203541237"
NPU = [
    ("NPU03230", "P-Kalium", "mmol/L", 3.5, 4.6),
    ("NPU03429", "P-Natrium", "mmol/L", 137, 145),
    ("NPU19748", "P-C-reaktivt protein", "mg/L", 0, 8),
    ("NPU02319", "B-Hæmoglobin", "mmol/L", 8.3, 10.5),
    ("NPU04998", "P-Kreatinin", "umol/L", 60, 105),
]


def synthetic_record(n: int, seed: int = 1) -> list[dict[str, Any]]:
    try:  # use the project's generator when it exists
        from sjtui.demo.synthetic.generator import generate_large_record

        bundle = generate_large_record(seed=seed)
        resources = [e["resource"] for e in bundle.get("entry", [])] if isinstance(bundle, dict) else list(bundle)
        if len(resources) >= n // 2:
            return resources
    except Exception:  # noqa: BLE001, S110 - fall back to the inline generator
        pass
    rnd = random.Random(seed)
    start = datetime(2015, 1, 1, tzinfo=UTC)
    out: list[dict[str, Any]] = [
        {
            "resourceType": "Patient",
            "id": "big",
            "meta": {"versionId": "1", "lastUpdated": "2026-01-01T00:00:00Z"},
            "identifier": [{"use": "official", "system": "urn:oid:1.2.208.176.1.2", "value": CPR}],
            "name": [{"use": "official", "given": ["Poul", "Erik"], "family": "Madsen", "text": "Poul Erik Madsen"}],
        }
    ]
    for i in range(n - 1):
        code, text, unit, low, high = rnd.choice(NPU)
        value = round(rnd.uniform(low * 0.7, high * 1.3), 1)
        interp = "H" if value > high else "L" if value < low else "N"
        when = (start + timedelta(minutes=rnd.randrange(0, 5_000_000))).isoformat()
        out.append(
            {
                "resourceType": "Observation",
                "id": f"obs-{i:06d}",
                "meta": {"versionId": "1", "lastUpdated": when},
                "status": "final",
                "category": [
                    {
                        "coding": [
                            {
                                "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                "code": "laboratory",
                            }
                        ]
                    }
                ],
                "code": {"coding": [{"system": "http://npu-terminology.org", "code": code}], "text": text},
                "subject": {"reference": "Patient/big"},
                "effectiveDateTime": when,
                "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit},
                "referenceRange": [{"low": {"value": low, "unit": unit}, "high": {"value": high, "unit": unit}}],
                "interpretation": [
                    {
                        "coding": [
                            {
                                "system": "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
                                "code": interp,
                            }
                        ]
                    }
                ],
                "performer": [{"reference": "Organization/lab-ouh", "display": "Klinisk Biokemisk Afdeling, OUH"}],
            }
        )
    return out


Case = tuple[str, Callable[[], Any], float | None, int]  # label, load, store seconds, bytes on disk


def _plain_db(path: Path, rows: list[tuple[str, bytes]]) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(
        "CREATE TABLE resources (citizen TEXT, rkey TEXT, blob BLOB, stored_at REAL, "
        "PRIMARY KEY (citizen, rkey)) WITHOUT ROWID"
    )
    with conn:
        conn.executemany("INSERT INTO resources VALUES ('c', ?, ?, 0)", rows)
    conn.close()


def _unsealed_chunks(resources: list[dict[str, Any]]) -> list[tuple[str, bytes]]:
    """The cache's chunk layout (type and bucket, BUCKETS a type, zlib level 1 when it saves
    10 %), without the seal: isolates what AES-GCM and the rollback digest cost."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in resources:
        key = f"{r['resourceType']}/{r['id']}"
        groups.setdefault(f"{r['resourceType']}#{zlib.crc32(key.encode()) % BUCKETS}", []).append(r)
    rows = []
    for name, items in groups.items():
        raw = json.dumps(items, separators=(",", ":"), ensure_ascii=False).encode()
        packed = zlib.compress(raw, 1)
        rows.append((name, b"z" + packed if len(packed) <= len(raw) * 0.9 else b"j" + raw))
    return rows


def plain_cases(tmp: Path, resources: list[dict[str, Any]]) -> list[Case]:
    one = tmp / "record.json"
    one.write_text(json.dumps(resources), encoding="utf-8")
    per = tmp / "per-resource"
    per.mkdir()
    for r in resources:
        (per / f"{r['resourceType']}-{r['id']}.json").write_text(json.dumps(r), encoding="utf-8")
    plain_db, chunk_db = tmp / "plain.sqlite", tmp / "chunks.sqlite"
    _plain_db(plain_db, [(f"{r['resourceType']}/{r['id']}", json.dumps(r).encode()) for r in resources])
    _plain_db(chunk_db, _unsealed_chunks(resources))

    def load_one() -> Any:
        return {f"{r['resourceType']}/{r['id']}": r for r in json.loads(one.read_bytes())}

    def load_one_nogc() -> Any:
        gc.disable()
        try:
            return load_one()
        finally:
            gc.enable()

    def load_per() -> Any:
        out = {}
        for f in per.iterdir():
            r = json.loads(f.read_bytes())
            out[f"{r['resourceType']}/{r['id']}"] = r
        return out

    def load_plain_db() -> Any:
        c = sqlite3.connect(plain_db)
        try:
            return {k: json.loads(b) for k, b in c.execute("SELECT rkey, blob FROM resources WHERE citizen='c'")}
        finally:
            c.close()

    def load_chunk_db() -> Any:
        c = sqlite3.connect(chunk_db)
        out = {}
        try:
            for (blob,) in c.execute("SELECT blob FROM resources WHERE citizen='c'"):
                text = zlib.decompress(blob[1:]) if blob[:1] == b"z" else blob[1:]
                for r in json.loads(text):
                    out[f"{r['resourceType']}/{r['id']}"] = r
            return out
        finally:
            c.close()

    def size(pattern: str) -> int:
        return sum(p.stat().st_size for p in tmp.glob(pattern))

    return [
        ("plain JSON, one file", load_one, None, one.stat().st_size),
        ("plain JSON, one file, GC paused", load_one_nogc, None, one.stat().st_size),
        ("plain JSON, file per resource", load_per, None, sum(f.stat().st_size for f in per.iterdir())),
        ("plain SQLite, unsealed blobs", load_plain_db, None, size("plain.sqlite*")),
        ("plain SQLite, unsealed chunks", load_chunk_db, None, size("chunks.sqlite*")),
    ]


def cache_cases(tmp: Path, resources: list[dict[str, Any]]) -> list[Case]:
    key = UnlockedKey.ephemeral()
    cases: list[Case] = []
    for label, chunk_compress_min in (
        ("encrypted cache (default)", CHUNK_COMPRESS_MIN),
        ("encrypted cache, raw chunks", 0),
    ):
        path = tmp / f"records-{chunk_compress_min}.sqlite"
        cache = RecordCache(path, key, chunk_compress_min=chunk_compress_min)
        t0 = time.perf_counter()
        cache.store(CPR, "big", resources, synced_at=datetime.now(UTC))
        store_s = time.perf_counter() - t0
        cache.close()
        size = sum(p.stat().st_size for p in tmp.glob(f"records-{chunk_compress_min}.sqlite*"))

        def load_cache(path: Path = path) -> Any:  # includes opening the file (canary, quick_check)
            with RecordCache(path, key) as c:
                rec = c.load(CPR)
                assert rec is not None and len(rec.resources) == len(resources)
                return rec

        cases.append((label, load_cache, store_s, size))
    return cases


def run_rounds(cases: list[Case], runs: int) -> tuple[dict[str, list[float]], dict[str, list[int]]]:
    """Seconds and full collections per case and round. The runs are interleaved so a noisy
    neighbour on a shared machine hits every case alike. Each case starts from the same
    collector state (the previous case's garbage collected first): otherwise where the
    generations' counters stand decides which case pays a full collection, and the ratios move
    by 0.3x between runs of the same tree."""
    times: dict[str, list[float]] = {label: [] for label, *_ in cases}
    full_gcs: dict[str, list[int]] = {label: [] for label, *_ in cases}
    full: list[int] = []

    def count_full(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            full.append(1)

    gc.callbacks.append(count_full)
    try:
        for _ in range(runs):
            for label, fn, *_ in cases:
                gc.collect()
                full.clear()
                t0 = time.perf_counter()
                fn()
                times[label].append(time.perf_counter() - t0)
                full_gcs[label].append(len(full))
    finally:
        gc.callbacks.remove(count_full)
    assert gc.isenabled()  # like for like: nothing left the GC off
    return times, full_gcs


def report(cases: list[Case], times: dict[str, list[float]], full_gcs: dict[str, list[int]]) -> None:
    base = statistics.median(times[cases[0][0]])
    base_nogc = statistics.median(times[cases[1][0]])
    per_round = statistics.median(
        c / b for c, b in zip(times["encrypted cache (default)"], times[cases[0][0]], strict=True)
    )
    print(f"encrypted cache (default) / plain JSON one file, GC on both: median of per-round ratios {per_round:.2f}x")
    print(
        f"{'source':34} {'open ms':>9} {'ratio':>7} {'vs GC-paused':>12} {'store ms':>9} {'size MB':>8} {'full GCs':>8}"
    )
    for label, _fn, store_s, size in cases:
        secs = statistics.median(times[label])
        store_txt = f"{store_s * 1000:9.0f}" if store_s is not None else f"{'-':>9}"
        print(
            f"{label:34} {secs * 1000:9.1f} {secs / base:6.2f}x {secs / base_nogc:11.2f}x {store_txt} "
            f"{size / 1e6:8.2f} {statistics.median(full_gcs[label]):8.0f}"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    resources = synthetic_record(args.resources)
    raw_size = sum(len(json.dumps(r)) for r in resources)
    print(f"record: {len(resources)} resources, {raw_size / 1e6:.1f} MB of JSON; median of {args.runs} runs")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        cases = plain_cases(tmp, resources) + cache_cases(tmp, resources)
        times, full_gcs = run_rounds(cases, args.runs)
        report(cases, times, full_gcs)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
