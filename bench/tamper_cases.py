"""The ways someone with write access to the data folder may tamper with the audit journal.

Each case changes a journal of `ENTRIES` records (written by `make_journal`, with its head
and its sealed anchor) the way an insider might. Used by `bench/bench_tamper.py` (the table
in bench/RESULTS.md) and by tests/test_audit_tamper.py.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from sjtui.access.grant import Basis, Clinician, make_grant
from sjtui.audit.chain import BASE_FILE, HEAD_FILE, JOURNAL_FILE, Head, write_head
from sjtui.audit.entry import AuditEntry
from sjtui.audit.journal import AuditJournal
from sjtui.crypto.aead import Sealer

ENTRIES = 6
ROLLBACK_AT = 3
CLINICIAN = Clinician("sygpl-17", "Test Sygeplejerske", "Vejen Kommune", "ws-3")


def make_journal(journal_dir: Path, anchor_path: Path, sealer: Sealer) -> Path:
    """Write ENTRIES records; return the folder holding a copy taken after ROLLBACK_AT."""
    journal = AuditJournal(journal_dir, sealer, anchor_path=anchor_path)
    grant = make_grant(
        patient_id="poul", cpr="1203541237", basis=Basis.CONSENT, reason="hjemmebesøg", clinician=CLINICIAN
    )
    snapshot = journal_dir.parent / f"{journal_dir.name}-rollback-copy"
    for n in range(ENTRIES):
        journal.append(AuditEntry.opening(grant) if n % 2 == 0 else AuditEntry.pane_view(grant, "Medicin"))
        if n + 1 == ROLLBACK_AT:
            shutil.copytree(journal_dir, snapshot)
    return snapshot


def _lines(d: Path) -> list[bytes]:
    return (d / JOURNAL_FILE).read_bytes().splitlines(keepends=True)


def _write_lines(d: Path, lines: list[bytes]) -> None:
    (d / JOURNAL_FILE).write_bytes(b"".join(lines))


def _edit_byte(d: Path, _snap: Path) -> None:
    lines = _lines(d)
    line = bytearray(lines[2])
    at = line.index(b'"sealed":"') + 30
    line[at] = ord("A") if line[at] != ord("A") else ord("B")
    lines[2] = bytes(line)
    _write_lines(d, lines)


def _edit_id(d: Path, _snap: Path) -> None:
    lines = _lines(d)
    obj = json.loads(lines[2])
    obj["id"] = "0" * 32
    lines[2] = json.dumps(obj, separators=(",", ":")).encode() + b"\n"
    _write_lines(d, lines)


def _delete(index: int) -> Callable[[Path, Path], None]:
    def tamper(d: Path, _snap: Path) -> None:
        lines = _lines(d)
        del lines[index]
        _write_lines(d, lines)

    return tamper


def _delete_last_and_fix_head(d: Path, _snap: Path) -> None:
    lines = _lines(d)[:-1]
    _write_lines(d, lines)
    last = json.loads(lines[-1])
    write_head(d, Head(last["seq"], last["hash"]))


def _swap(d: Path, _snap: Path) -> None:
    lines = _lines(d)
    lines[1], lines[2] = lines[2], lines[1]
    _write_lines(d, lines)


def _duplicate(d: Path, _snap: Path) -> None:
    lines = _lines(d)
    lines.insert(3, lines[2])
    _write_lines(d, lines)


def _truncate(d: Path, _snap: Path) -> None:
    raw = (d / JOURNAL_FILE).read_bytes()
    (d / JOURNAL_FILE).write_bytes(raw[: len(raw) // 2])


def _delete_file(name: str) -> Callable[[Path, Path], None]:
    def tamper(d: Path, _snap: Path) -> None:
        (d / name).unlink()

    return tamper


def _delete_journal_and_head(d: Path, _snap: Path) -> None:
    (d / JOURNAL_FILE).unlink()
    (d / HEAD_FILE).unlink()


def _delete_folder(d: Path, _snap: Path) -> None:
    shutil.rmtree(d)


def _roll_back(d: Path, snap: Path) -> None:
    for name in (JOURNAL_FILE, HEAD_FILE):
        shutil.copyfile(snap / name, d / name)


def _replace(d: Path, _snap: Path) -> None:
    """A different, self-consistent journal (its own chain and head) put in its place."""
    other = d.parent / "other-journal"
    make_journal(other, d.parent / "other-anchor.bin", Sealer(bytes(range(32))))
    for name in (JOURNAL_FILE, HEAD_FILE):
        shutil.copyfile(other / name, d / name)


def _cut_start_forge_base(d: Path, _snap: Path) -> None:
    """The first lines deleted and a base.json written, as if retention had pruned them."""
    lines = _lines(d)
    cut = json.loads(lines[1])
    _write_lines(d, lines[2:])
    (d / BASE_FILE).write_text(json.dumps({"seq": cut["seq"], "hash": cut["hash"]}))


CASES: dict[str, Callable[[Path, Path], None]] = {
    "edited byte": _edit_byte,
    "edited id": _edit_id,
    "deleted first line": _delete(0),
    "deleted middle line": _delete(ENTRIES // 2),
    "deleted last line": _delete(-1),
    "deleted last line, head rewritten to match": _delete_last_and_fix_head,
    "swapped lines": _swap,
    "duplicated line": _duplicate,
    "truncation": _truncate,
    "deleted head": _delete_file(HEAD_FILE),
    "deleted journal": _delete_file(JOURNAL_FILE),
    "deleted journal and head": _delete_journal_and_head,
    "deleted audit folder": _delete_folder,
    "rolled-back journal and head": _roll_back,
    "replaced journal (another consistent chain)": _replace,
    "first lines deleted, posing as retention (forged base.json)": _cut_start_forge_base,
}
