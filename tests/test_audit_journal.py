"""The local audit journal: durable, sealed, chained, verifiable without the key, fail-closed."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from sjtui.access.grant import Basis, Clinician, make_grant
from sjtui.audit import (
    AuditEntry,
    AuditJournal,
    AuditReadError,
    AuditWriteError,
    verify_journal,
)
from sjtui.crypto.aead import Sealer

KEY = Sealer(bytes(32))
CLINICIAN = Clinician("sygpl-17", "Test Sygeplejerske", "Vejen Kommune", "ws-vejen-3")
CPR = "1203541237"


def _grant(reason: str = "hjemmebesøg, iltbehandling"):
    return make_grant(
        patient_id="poul",
        cpr=CPR,
        basis=Basis.CONSENT,
        reason=reason,
        clinician=CLINICIAN,
    )


def _fill(journal: AuditJournal, n: int) -> list[AuditEntry]:
    entries = [AuditEntry.opening(_grant(f"reason {i}")) for i in range(n)]
    for e in entries:
        journal.append(e)
    return entries


def _lines(d: Path) -> list[bytes]:
    return (d / "journal.jsonl").read_bytes().splitlines(keepends=True)


def _write_lines(d: Path, lines: list[bytes]) -> None:
    (d / "journal.jsonl").write_bytes(b"".join(lines))


@pytest.fixture
def jdir(tmp_path: Path) -> Path:
    return tmp_path / "audit"


def test_append_returns_sequence_and_entries_round_trip(jdir: Path) -> None:
    j = AuditJournal(jdir, KEY)
    g = _grant()
    written = [
        AuditEntry.opening(g),
        AuditEntry.pane_view(g, "labs"),
        AuditEntry.search(CLINICIAN, "q"),
    ]
    assert [j.append(e) for e in written] == [1, 2, 3]
    assert list(AuditJournal(jdir, KEY).entries()) == written
    assert [e.kind for e in j.entries(from_seq=2)] == ["pane-view", "search"]
    assert j.verify().ok and j.verify().count == 3


def test_entries_are_sealed_on_disk(jdir: Path) -> None:
    j = AuditJournal(jdir, KEY)
    _fill(j, 2)
    raw = b"".join(p.read_bytes() for p in jdir.iterdir() if p.is_file())
    for secret in (CPR.encode(), b"poul", b"Sygeplejerske", b"reason", b"Vejen"):
        assert secret not in raw
    assert all("poul" not in p.name and CPR not in p.name for p in jdir.iterdir())


def test_verify_needs_no_key_but_reading_does(jdir: Path) -> None:
    _fill(AuditJournal(jdir, KEY), 3)
    result = verify_journal(jdir)  # no Sealer anywhere
    assert (result.ok, result.count, result.first_broken_seq) == (True, 3, None)
    with pytest.raises(AuditReadError):
        list(AuditJournal(jdir, Sealer(b"\x01" * 32)).entries())


def test_retry_of_same_entry_is_not_written_twice(jdir: Path) -> None:
    j = AuditJournal(jdir, KEY)
    e = AuditEntry.opening(_grant())
    assert j.append(e) == 1
    assert j.append(e) == 1
    assert len(list(j.entries())) == 1


def test_tampered_entry_is_reported_with_its_seq(jdir: Path) -> None:
    _fill(AuditJournal(jdir, KEY), 5)
    lines = _lines(jdir)
    rec = json.loads(lines[2])
    sealed = bytearray(__import__("base64").b64decode(rec["sealed"]))
    sealed[20] ^= 0x01
    rec["sealed"] = __import__("base64").b64encode(bytes(sealed)).decode()
    lines[2] = json.dumps(rec, separators=(",", ":")).encode() + b"\n"
    _write_lines(jdir, lines)
    result = verify_journal(jdir)
    assert not result.ok and result.first_broken_seq == 3 and result.count == 2
    assert "altered" in result.problem
    with pytest.raises(AuditReadError, match="3"):
        list(AuditJournal(jdir, KEY).entries())


def test_recomputed_hash_still_breaks_the_chain(jdir: Path) -> None:
    """Rewriting a record and its hash shows as a broken link at the next record."""
    from sjtui.audit.chain import ChainRecord

    _fill(AuditJournal(jdir, KEY), 4)
    lines = _lines(jdir)
    rec = ChainRecord.from_line(lines[1].rstrip(b"\n"))
    forged = ChainRecord.make(
        rec.seq, rec.entry_id, rec.prev, rec.sealed[:-1] + bytes([rec.sealed[-1] ^ 1])
    )  # (a flipped bit: setting the byte to 0 left it unchanged one time in 256)
    lines[1] = forged.to_line()
    _write_lines(jdir, lines)
    result = verify_journal(jdir)
    assert not result.ok and result.first_broken_seq == 3


def test_truncated_journal_is_detected(jdir: Path) -> None:
    _fill(AuditJournal(jdir, KEY), 4)
    _write_lines(jdir, _lines(jdir)[:-1])
    result = verify_journal(jdir)
    assert not result.ok and result.first_broken_seq == 4 and "truncated" in result.problem
    # and the journal refuses to paper over it by chaining new entries onto the stump
    with pytest.raises(AuditWriteError, match="damaged"):
        AuditJournal(jdir, KEY).append(AuditEntry.opening(_grant()))


def test_emptied_journal_is_detected(jdir: Path) -> None:
    _fill(AuditJournal(jdir, KEY), 2)
    _write_lines(jdir, [])
    assert not verify_journal(jdir).ok


def test_reordered_records_are_detected(jdir: Path) -> None:
    _fill(AuditJournal(jdir, KEY), 5)
    lines = _lines(jdir)
    lines[1], lines[3] = lines[3], lines[1]
    _write_lines(jdir, lines)
    result = verify_journal(jdir)
    assert not result.ok and result.first_broken_seq == 2


def test_deleted_middle_record_is_detected(jdir: Path) -> None:
    _fill(AuditJournal(jdir, KEY), 5)
    lines = _lines(jdir)
    del lines[2]
    _write_lines(jdir, lines)
    result = verify_journal(jdir)
    assert not result.ok and result.first_broken_seq == 3 and "missing" in result.problem


def test_missing_head_is_detected(jdir: Path) -> None:
    _fill(AuditJournal(jdir, KEY), 2)
    (jdir / "head.json").unlink()
    assert not verify_journal(jdir).ok


def test_torn_last_line_is_cut_and_appending_continues(jdir: Path) -> None:
    j = AuditJournal(jdir, KEY)
    entries = _fill(j, 3)
    with open(jdir / "journal.jsonl", "ab") as f:  # a crash in the middle of a write
        f.write(b'{"seq":4,"id":"abc","prev":"00')
    assert verify_journal(jdir).ok  # never acknowledged, so not an error
    j2 = AuditJournal(jdir, KEY)
    assert [e.entry_id for e in j2.entries()] == [e.entry_id for e in entries]
    assert j2.append(AuditEntry.opening(_grant())) == 4
    result = verify_journal(jdir)
    assert result.ok and result.count == 4 and result.problem == ""


def test_record_written_but_head_not_moved_is_kept(jdir: Path) -> None:
    """A crash between the record's fsync and the head's: the record stays, head catches up."""
    j = AuditJournal(jdir, KEY)
    _fill(j, 2)
    head_before = (jdir / "head.json").read_bytes()
    j.append(AuditEntry.opening(_grant()))
    (jdir / "head.json").write_bytes(head_before)
    result = verify_journal(jdir)
    assert result.ok and result.count == 3
    AuditJournal(jdir, KEY).append(AuditEntry.opening(_grant()))
    assert verify_journal(jdir).count == 4


@pytest.mark.parametrize("call", ["fsync", "write"])
def test_fails_closed_when_disk_is_full(jdir: Path, monkeypatch, call: str) -> None:
    j = AuditJournal(jdir, KEY)
    _fill(j, 1)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, call, full)
    with pytest.raises(AuditWriteError) as info:
        j.append(AuditEntry.opening(_grant()))
    assert "not shown" in str(info.value) and CPR not in str(info.value)
    monkeypatch.undo()
    assert j.append(AuditEntry.opening(_grant())) == 2
    assert verify_journal(jdir).ok


def test_fails_closed_when_directory_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    j = AuditJournal(blocker / "audit", KEY)  # parent is a file: even root cannot mkdir
    with pytest.raises(AuditWriteError):
        j.append(AuditEntry.opening(_grant()))


def test_concurrent_appenders_interleave_cleanly(jdir: Path) -> None:
    a, b = AuditJournal(jdir, KEY), AuditJournal(jdir, KEY)

    def work(j: AuditJournal) -> None:
        for _ in range(15):
            j.append(AuditEntry.opening(_grant()))

    threads = [threading.Thread(target=work, args=(x,)) for x in (a, b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result = verify_journal(jdir)
    assert result.ok and result.count == 30


def test_default_location_is_data_dir_not_cache(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SJTUI_HOME", str(tmp_path))
    j = AuditJournal(None, KEY)
    j.append(AuditEntry.opening(_grant()))
    assert j.dir == tmp_path / "data" / "audit"
    assert (tmp_path / "data" / "audit" / "journal.jsonl").exists()


def test_audit_imports_no_ui_or_record_layer() -> None:
    code = (
        "import sys, sjtui.audit, sjtui.audit.fhir_sink;"
        "bad=[m for m in sys.modules if m.split('.')[0]=='textual' or "
        "m.startswith(('sjtui.record','sjtui.ui','sjtui.fhir','sjtui.demo'))];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    proc = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
