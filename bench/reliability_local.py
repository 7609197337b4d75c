"""SIGKILL harnesses for `bench/reliability.py`, and writing its report.

Child processes write in a loop (audit entries, cache stores) and print what was acknowledged;
the parent kills them at random instants, then checks that every acknowledged write is there
and the files still open. Same idea as tests/test_audit_crash.py, more kills, two writers.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

AUDIT_CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from sjtui.access.grant import Basis, Clinician, make_grant
    from sjtui.audit import AuditEntry, AuditJournal
    from sjtui.crypto.aead import Sealer

    journal = AuditJournal(Path(sys.argv[1]), Sealer(bytes(32)))
    clinician = Clinician("bench", "Bench", "Bench", sys.argv[2])
    grant = make_grant(patient_id="poul", cpr="1203541237", basis=Basis.CONSENT,
                       reason="kill test", clinician=clinician)
    print("ready", flush=True)
    while True:
        entry = AuditEntry.opening(grant)
        seq = journal.append(entry)
        print(seq, entry.entry_id, flush=True)
    """
)

CACHE_CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from sjtui.cache.store import RecordCache
    from sjtui.crypto.key import UnlockedKey

    cache = RecordCache(Path(sys.argv[1]), UnlockedKey(mode="ephemeral", detail="bench",
                                                       _dek=bytes(32)))
    start = int(sys.argv[2])
    print("ready", flush=True)
    i = start
    while True:
        obs = {"resourceType": "Observation", "id": f"o{i}", "status": "final",
               "meta": {"versionId": "1"}, "valueString": "x" * (i % 700)}
        cache.store("1203541237", "poul", [obs])
        print(i, flush=True)
        i += 1
    """
)


@dataclass
class KillResult:
    kills: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)


def _spawn(script: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, str(script), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )


def _kill_round(children: list[subprocess.Popen[str]], rng: random.Random, blind: bool) -> list[str]:
    """Kill the children at a random instant; their acknowledged lines."""
    if blind:
        time.sleep(rng.uniform(0.0, 0.3))  # possibly during start-up or recovery
    else:
        for child in children:
            assert child.stdout is not None
            child.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.04))
    for child in children:
        time.sleep(rng.uniform(0.0, 0.004))
        os.kill(child.pid, signal.SIGKILL)
    lines: list[str] = []
    for child in children:
        assert child.stdout is not None
        out = child.stdout.read()
        child.wait(timeout=10)
        lines += [line for line in out.splitlines(keepends=True) if line.endswith("\n")]
    return lines


def kill_audit_writers(where: Path, rounds: int, seed: int = 4242) -> KillResult:
    """`rounds` rounds of two appenders killed: 2 kills a round."""
    from sjtui.audit import AuditJournal, verify_journal
    from sjtui.crypto.aead import Sealer

    where.mkdir(parents=True, exist_ok=True)
    script = where / "appender.py"
    script.write_text(AUDIT_CHILD)
    journal_dir = where / "audit"
    rng = random.Random(seed)
    result = KillResult()
    acked: list[tuple[int, str]] = []
    for n in range(rounds):
        children = [_spawn(script, str(journal_dir), f"ws-{n}-{k}") for k in range(2)]
        for line in _kill_round(children, rng, blind=n % 5 == 0):
            parts = line.split()
            if len(parts) == 2 and parts[0].isdigit():
                acked.append((int(parts[0]), parts[1]))
        result.kills += len(children)
        try:
            ok = verify_journal(journal_dir).ok
            ids = {rec.entry_id: rec.seq for rec in AuditJournal(journal_dir, Sealer(bytes(32))).records()}
        except Exception:  # noqa: BLE001 - a journal that cannot be read counts as a crash
            result.outcomes["crashed"] += len(children)
            continue
        lost = [seq for seq, eid in acked if ids.get(eid) != seq]
        result.outcomes["data lost" if lost or not ok else "shown"] += len(children)
    return result


def kill_cache_writers(where: Path, rounds: int, seed: int = 777) -> KillResult:
    """`rounds` rounds of one cache writer killed mid-store: 1 kill a round."""
    from sjtui.cache.store import RecordCache
    from sjtui.crypto.key import UnlockedKey

    where.mkdir(parents=True, exist_ok=True)
    script = where / "writer.py"
    script.write_text(CACHE_CHILD)
    path = where / "records.sqlite"
    key = UnlockedKey(mode="ephemeral", detail="bench", _dek=bytes(32))
    rng = random.Random(seed)
    result = KillResult()
    acked: set[str] = set()
    start = 0
    for n in range(rounds):
        child = _spawn(script, str(path), str(start))
        for line in _kill_round([child], rng, blind=n % 5 == 0):
            if line.strip().isdigit():
                acked.add(f"Observation/o{line.strip()}")
                start = max(start, int(line.strip()) + 1)
        start += 1000  # never reuse an id a killed writer may have half-written
        result.kills += 1
        try:
            cached = RecordCache(path, key).load("1203541237")
            present = set(cached.resources) if cached is not None else set()
        except Exception:  # noqa: BLE001 - a cache that cannot be opened counts as a crash
            result.outcomes["crashed"] += 1
            continue
        result.outcomes["data lost" if acked - present else "shown"] += 1
    return result


HEADER = """# Reliability figures

What the app does with bad data, a faulty server and local faults. Made by

    python bench/reliability.py --write

(a few minutes on 2 cores). Outcomes: shown (as without the fault), quarantined (marked "could
not be read"), clear error (a notice, or a pane that says why it is incomplete), crashed (an
exception escaped, or it hung), data lost (silently fewer items, or an acknowledged write
gone), false "none" (a list that says "none" although the server has data). Server faults use
the demo backend's fault mode (`sjtui demo-server --faults SPEC`) with the client's time limits
scaled down (3 s a request); each row is one opening of the same citizen, compared with the
opening without faults. "SIGKILL" rows count kills; each checks every acknowledged write.

"""


def write_report(path: Path, table: str) -> None:
    stamp = time.strftime("%Y-%m-%d", time.gmtime())
    path.write_text(HEADER + f"Last run: {stamp}.\n\n" + table + "\n", encoding="utf-8")
