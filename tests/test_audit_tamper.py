"""Tampering with the audit journal is caught: by the chain and head (no key), and by the
anchor kept sealed beside the key. At start-up a break is never papered over: it becomes a
security entry at the head of a new segment, and the clinician sees a plain warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.tamper_cases import CASES, CLINICIAN, ENTRIES, make_journal
from sjtui.audit.anchor import ANCHOR_FILE
from sjtui.audit.events import to_audit_event
from sjtui.audit.integrity import check_integrity, settle_at_start
from sjtui.audit.journal import AuditJournal
from sjtui.audit.verify import verify_journal
from sjtui.crypto.aead import Sealer

KEY = Sealer(bytes(32))


def _setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    jdir, anchor = tmp_path / "audit", tmp_path / ANCHOR_FILE
    snapshot = make_journal(jdir, anchor, KEY)
    return jdir, anchor, snapshot


@pytest.mark.parametrize("case", list(CASES))
def test_every_tamper_case_is_caught(tmp_path: Path, case: str) -> None:
    jdir, anchor, snapshot = _setup(tmp_path)
    assert check_integrity(AuditJournal(jdir, KEY, anchor_path=anchor)).ok
    CASES[case](jdir, snapshot)
    found = check_integrity(AuditJournal(jdir, KEY, anchor_path=anchor))
    assert not found.ok, case
    assert "1203541237" not in found.problem


def test_the_chain_alone_misses_what_the_anchor_catches(tmp_path: Path) -> None:
    """Without the anchor, a journal cut short with its head rewritten looks intact."""
    jdir, _anchor, snapshot = _setup(tmp_path)
    CASES["deleted last line, head rewritten to match"](jdir, snapshot)
    assert verify_journal(jdir).ok


@pytest.mark.parametrize(
    "case",
    [
        "deleted journal",
        "deleted audit folder",
        "deleted journal and head",
        "rolled-back journal and head",
        "replaced journal (another consistent chain)",
        "deleted last line, head rewritten to match",
    ],
)
def test_at_start_a_break_opens_a_new_segment_with_a_security_entry(tmp_path: Path, case: str) -> None:
    jdir, anchor, snapshot = _setup(tmp_path)
    CASES[case](jdir, snapshot)
    journal = AuditJournal(jdir, KEY, anchor_path=anchor)
    report = settle_at_start(journal, CLINICIAN)
    assert report.warning and report.recorded and report.new_segment
    entries = list(journal.entries())
    last = entries[-1]
    assert last.kind == "security" and last.event == "audit-chain-break"
    event = to_audit_event(last)
    assert event["type"]["code"] == "110113" and event["outcome"] == "8"
    # the break is now on record: the journal verifies again, and the next start is quiet
    assert check_integrity(journal).ok
    assert settle_at_start(AuditJournal(jdir, KEY, anchor_path=anchor), CLINICIAN).warning == ""
    if case == "rolled-back journal and head":
        assert len(entries) == 3 + 1  # the rolled-back prefix, then the break
    if case == "replaced journal (another consistent chain)":
        assert report.evidence is not None and (report.evidence / "journal.jsonl").exists()


def test_a_damaged_chain_is_reported_once_and_warned_at_every_start(tmp_path: Path) -> None:
    jdir, anchor, snapshot = _setup(tmp_path)
    CASES["edited byte"](jdir, snapshot)
    first = settle_at_start(AuditJournal(jdir, KEY, anchor_path=anchor), CLINICIAN)
    second = settle_at_start(AuditJournal(jdir, KEY, anchor_path=anchor), CLINICIAN)
    assert first.warning and first.recorded
    assert second.warning and not second.recorded
    lines = (jdir / "journal.jsonl").read_bytes().splitlines()
    assert len(lines) == ENTRIES + 1  # one security entry, not one per start


def test_a_fresh_installation_is_quiet(tmp_path: Path) -> None:
    journal = AuditJournal(tmp_path / "audit", KEY, anchor_path=tmp_path / ANCHOR_FILE)
    assert settle_at_start(journal, CLINICIAN).warning == ""
