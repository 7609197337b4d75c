"""`sjtui audit repair`: a damaged journal is kept as evidence, its authentic entries carried
into a new journal (same ids, so delivery state holds), and look-ups can be audited again."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sjtui.access.grant import Basis, Clinician, make_grant
from sjtui.audit import AuditEntry, AuditJournal, AuditWriteError, verify_journal
from sjtui.audit.repair import repair_journal
from sjtui.crypto.aead import Sealer

KEY = Sealer(bytes(32))
CLINICIAN = Clinician("sygpl-17", "Test Sygeplejerske", "Vejen Kommune", "ws-vejen-3")
NOW = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)


def _entries(journal: AuditJournal, n: int) -> list[AuditEntry]:
    grants = [
        make_grant(
            patient_id="poul", cpr="1203541237", basis=Basis.CONSENT, reason=f"hjemmebesøg {i}", clinician=CLINICIAN
        )
        for i in range(n)
    ]
    entries = [AuditEntry.opening(g) for g in grants]
    for entry in entries:
        journal.append(entry)
    return entries


def _lines(d: Path) -> list[bytes]:
    return (d / "journal.jsonl").read_bytes().splitlines(keepends=True)


@pytest.fixture
def jdir(tmp_path: Path) -> Path:
    return tmp_path / "audit"


def test_intact_journal_is_left_alone(jdir: Path) -> None:
    _entries(AuditJournal(jdir, KEY), 3)
    before = (jdir / "journal.jsonl").read_bytes()
    report = repair_journal(jdir, KEY, now=NOW)
    assert not report.needed and report.carried == 0
    assert (jdir / "journal.jsonl").read_bytes() == before
    assert not list(jdir.glob("damaged-*"))


def test_cut_off_journal_is_kept_as_evidence_and_appending_works_again(jdir: Path) -> None:
    written = _entries(AuditJournal(jdir, KEY), 4)
    damaged = b"".join(_lines(jdir)[:-1])
    (jdir / "journal.jsonl").write_bytes(damaged)
    with pytest.raises(AuditWriteError, match="audit repair"):
        AuditJournal(jdir, KEY).append(written[3])

    report = repair_journal(jdir, KEY, now=NOW)

    assert report.needed and report.carried == 3 and report.lost_seqs == ()
    assert report.evidence == jdir / "damaged-20261125T200000Z"
    assert (report.evidence / "journal.jsonl").read_bytes() == damaged  # untouched
    assert verify_journal(jdir).ok
    journal = AuditJournal(jdir, KEY)
    assert [e.entry_id for e in journal.entries()] == [e.entry_id for e in written[:3]]
    assert [e.reason for e in journal.entries()] == ["hjemmebesøg 0", "hjemmebesøg 1", "hjemmebesøg 2"]
    journal.append(written[3])  # the clinician can open records again
    assert verify_journal(jdir).ok and verify_journal(jdir).count == 4


def test_altered_entry_is_not_carried_and_is_reported_by_seq(jdir: Path) -> None:
    written = _entries(AuditJournal(jdir, KEY), 5)
    lines = _lines(jdir)
    record = json.loads(lines[2])
    sealed = bytearray(base64.b64decode(record["sealed"]))
    sealed[20] ^= 0x01
    record["sealed"] = base64.b64encode(bytes(sealed)).decode()
    lines[2] = json.dumps(record, separators=(",", ":")).encode() + b"\n"
    (jdir / "journal.jsonl").write_bytes(b"".join(lines))

    report = repair_journal(jdir, KEY, now=NOW)

    assert report.carried == 4 and report.lost_seqs == (3,)
    kept = [e.entry_id for e in AuditJournal(jdir, KEY).entries()]
    assert kept == [e.entry_id for i, e in enumerate(written) if i != 2]
    assert verify_journal(jdir).ok


def test_reordered_and_duplicated_records_come_back_in_order_once(jdir: Path) -> None:
    written = _entries(AuditJournal(jdir, KEY), 4)
    lines = _lines(jdir)
    lines[0], lines[2] = lines[2], lines[0]
    lines.append(lines[1])
    (jdir / "journal.jsonl").write_bytes(b"".join(lines))

    report = repair_journal(jdir, KEY, now=NOW)

    assert report.carried == 4
    assert [e.entry_id for e in AuditJournal(jdir, KEY).entries()] == [e.entry_id for e in written]


def test_second_repair_on_the_same_second_gets_its_own_evidence_folder(jdir: Path) -> None:
    _entries(AuditJournal(jdir, KEY), 2)
    (jdir / "head.json").unlink()
    first = repair_journal(jdir, KEY, now=NOW)
    (jdir / "head.json").unlink()
    second = repair_journal(jdir, KEY, now=NOW)
    assert first.evidence != second.evidence and second.evidence is not None
    assert second.evidence.name == "damaged-20261125T200000Z-2"
    assert verify_journal(jdir).ok and verify_journal(jdir).count == 2


async def test_delivered_entries_are_not_resent_and_pending_ones_still_go(jdir: Path) -> None:
    from sjtui.audit import AuditOutbox

    class Server:
        def __init__(self) -> None:
            self.puts: list[str] = []

        async def put_event(self, event: dict) -> None:
            self.puts.append(event["id"])

    journal = AuditJournal(jdir, KEY)
    written = _entries(journal, 2)
    server = Server()
    await AuditOutbox(journal, server).deliver_pending()
    _entries(journal, 1)  # an offline look-up, still pending
    (jdir / "head.json").unlink()

    repair_journal(jdir, KEY, now=NOW)
    report = await AuditOutbox(AuditJournal(jdir, KEY), server).deliver_pending()

    assert report.sent == 1 and report.pending == 0
    assert server.puts[:2] == [e.entry_id for e in written] and len(server.puts) == 3


def test_set_aside_counts_undelivered_entries_without_the_key(jdir: Path) -> None:
    from sjtui.audit.repair import set_journal_aside

    written = _entries(AuditJournal(jdir, KEY), 3)
    (jdir / "delivered.ids").write_text(written[0].entry_id + "\n")
    aside = set_journal_aside(jdir, now=NOW)
    assert aside.entries == 3 and aside.undelivered == 2
    assert aside.evidence == jdir / "unreadable-20261125T200000Z"
    assert {p.name for p in aside.evidence.iterdir()} == {"journal.jsonl", "head.json", "delivered.ids"}
    assert verify_journal(aside.evidence).ok  # the chain still verifies, no key needed
    assert set_journal_aside(jdir, now=NOW).evidence is None  # nothing left to move
