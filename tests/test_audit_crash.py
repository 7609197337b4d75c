"""Crash test: SIGKILL appenders at random instants; nothing acknowledged is ever lost.

Two child processes (two app instances of one user) append openings to the same journal in
a loop and print each seq after `append()` returned. The parent kills them at random points,
over and over, then checks that every reported opening is in the journal exactly once, at
the reported seq, that the chain verifies, and that appending continues afterwards.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from sjtui.access.grant import Basis, Clinician, make_grant
from sjtui.audit import AuditEntry, AuditJournal, verify_journal
from sjtui.crypto.aead import Sealer

ROOT = Path(__file__).resolve().parents[1]
CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from sjtui.access.grant import Basis, Clinician, make_grant
    from sjtui.audit import AuditEntry, AuditJournal
    from sjtui.crypto.aead import Sealer

    journal = AuditJournal(Path(sys.argv[1]), Sealer(bytes(32)))
    clinician = Clinician("sygpl-17", "Test Sygeplejerske", "Vejen Kommune", sys.argv[2])
    grant = make_grant(patient_id="poul", cpr="1203541237", basis=Basis.CONSENT,
                       reason="crash test", clinician=clinician)
    print("ready", flush=True)
    while True:
        entry = AuditEntry.opening(grant)
        seq = journal.append(entry)
        print(seq, entry.entry_id, flush=True)
    """
)
KILLS = 25
BUDGET_S = 15.0


def _spawn(script: Path, jdir: Path, name: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, str(script), str(jdir), name],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _acknowledged(out: str) -> list[tuple[int, str]]:
    acked = []
    for line in out.splitlines(keepends=True):
        parts = line.split()
        if line.endswith("\n") and len(parts) == 2 and parts[0].isdigit():
            acked.append((int(parts[0]), parts[1]))
    return acked


def test_sigkill_at_random_points_loses_nothing_acknowledged(tmp_path: Path) -> None:
    script = tmp_path / "appender.py"
    script.write_text(CHILD)
    jdir = tmp_path / "audit"
    rng = random.Random(4242)
    reported: list[tuple[int, str]] = []
    started = time.monotonic()
    rounds = 0
    while rounds < KILLS and time.monotonic() - started < BUDGET_S:
        rounds += 1
        children = [_spawn(script, jdir, f"ws-{rounds}-{k}") for k in range(2)]
        if rounds % 5 == 0:
            # kill blind, possibly during start-up or the recovery of a torn tail
            time.sleep(rng.uniform(0.0, 0.4))
        else:
            for child in children:
                assert child.stdout is not None
                first = child.stdout.readline()
                assert first == "ready\n", child.stderr.read() if child.stderr else first
            time.sleep(rng.uniform(0.0, 0.05))
        for child in children:
            time.sleep(rng.uniform(0.0, 0.005))
            os.kill(child.pid, signal.SIGKILL)
        for child in children:
            assert child.stdout is not None and child.stderr is not None
            # read through the same buffered reader as `readline` above (communicate() would
            # bypass its buffer and silently drop lines it had already read ahead)
            out, err = child.stdout.read(), child.stderr.read()
            child.wait(timeout=10)
            assert child.returncode == -signal.SIGKILL, err
            reported += _acknowledged(out)

    assert rounds >= 5, "the machine is too slow to kill often enough"
    assert reported, "no append was acknowledged before the kills"

    result = verify_journal(jdir)
    assert result.ok, result
    journal = AuditJournal(jdir, Sealer(bytes(32)))
    entries = [(rec.seq, rec.entry_id) for rec in journal.records()]
    decrypted = [e.entry_id for e in journal.entries()]
    assert decrypted == [eid for _, eid in entries]
    by_id: dict[str, list[int]] = {}
    for seq, eid in entries:
        by_id.setdefault(eid, []).append(seq)
    for seq, eid in reported:
        assert by_id.get(eid) == [seq], f"acknowledged entry {seq} lost or duplicated"
    assert len(by_id) == len(entries)  # no entry id twice anywhere

    clinician = Clinician("sygpl-17", "Test Sygeplejerske")
    grant = make_grant(
        patient_id="poul",
        cpr="1203541237",
        basis=Basis.CONSENT,
        reason="after",
        clinician=clinician,
    )
    assert journal.append(AuditEntry.opening(grant)) == len(entries) + 1
    assert verify_journal(jdir).ok


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX only")
def test_child_script_runs(tmp_path: Path) -> None:
    """Guard: the child script itself works (else the crash test would prove nothing)."""
    script = tmp_path / "appender.py"
    script.write_text(CHILD)
    child = _spawn(script, tmp_path / "audit", "ws")
    assert child.stdout is not None
    assert child.stdout.readline() == "ready\n"
    line = child.stdout.readline()
    os.kill(child.pid, signal.SIGKILL)
    child.communicate(timeout=10)
    assert line.startswith("1 ")
