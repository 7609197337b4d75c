"""The journal's anchor: its head (seq and hash) kept sealed *outside* the journal folder.

`head.json` lives beside the journal, so whoever deletes, shortens or replaces the journal
can fix the head to match (or delete both, or the whole folder): the chain alone then looks
intact, or empty. The anchor closes that gap: after every append the head is also written,
sealed with the data key (AES-256-GCM, fixed associated data), to `audit-anchor.bin` in the
data directory, beside the key slots. It cannot be forged or edited without the key; it is
compared with the journal at start-up and by `sjtui audit verify`.

What the anchor catches (with the chain check in `verify.py`): a deleted, shortened or
replaced journal, a deleted head or audit folder, a journal and head rolled back to an
earlier copy. What it cannot catch on its own: the journal, head *and* anchor all rolled back
together to an earlier copy. The chain position sent with every AuditEvent (see `outbox.py`)
is the server's check for that.

The anchor may lag the journal by records (a crash between the head's write and the
anchor's); that is not a break: the journal must hold the record the anchor names.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from sjtui.crypto.aead import Sealer, TamperedData

from .chain import GENESIS_HASH, JOURNAL_FILE, ChainRecord, Head, fsync_dir, stream_records, write_all

ANCHOR_FILE = "audit-anchor.bin"
_AAD = b"sjtui-audit-anchor-v1"


class AnchorDamaged(Exception):
    """The anchor exists but cannot be opened (altered, or sealed with another key)."""


@dataclass(frozen=True, slots=True)
class Anchor:
    """The last head written, and the last problem already reported (so it is reported once)."""

    seq: int
    hash: str
    reported: str = ""
    base_seq: int = 0  # where the journal may start (retention pruning), and its chain hash
    base_hash: str = GENESIS_HASH

    @property
    def head(self) -> Head:
        return Head(self.seq, self.hash)


class AnchorStore:
    """Reads and atomically replaces the sealed anchor file at `path`."""

    def __init__(self, path: Path, sealer: Sealer) -> None:
        self.path = Path(path)
        self._sealer = sealer

    def exists(self) -> bool:
        return self.path.exists()

    def read(self) -> Anchor | None:
        try:
            blob = self.path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            obj = json.loads(self._sealer.open(blob, _AAD))
            return Anchor(
                int(obj["seq"]),
                str(obj["hash"]),
                str(obj.get("reported", "")),
                int(obj.get("base_seq", 0)),
                str(obj.get("base_hash", GENESIS_HASH)),
            )
        except TamperedData:
            raise AnchorDamaged("the audit journal's anchor failed authentication") from None
        except (ValueError, KeyError, TypeError):
            raise AnchorDamaged("the audit journal's anchor cannot be read") from None

    def write(self, anchor: Anchor) -> None:
        """Replace the anchor durably (temp file, fsync, rename, fsync dir). Raises OSError."""
        data = json.dumps(
            {
                "seq": anchor.seq,
                "hash": anchor.hash,
                "reported": anchor.reported,
                "base_seq": anchor.base_seq,
                "base_hash": anchor.base_hash,
            }
        )
        blob = self._sealer.seal(data.encode("ascii"), _AAD)
        directory = self.path.parent
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = directory / (self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            write_all(fd, blob)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, self.path)
        fsync_dir(directory)


def anchor_problem(journal_dir: Path, anchor: Anchor | None) -> str:
    """ "" when the journal in `journal_dir` holds the record `anchor` names (or there is no
    anchor and no journal); else what is wrong, in plain English without personal data."""
    journal_dir = Path(journal_dir)
    if anchor is None:
        if _has_records(journal_dir):
            return "the journal's anchor is missing (deleted, or the journal was moved here)"
        return ""
    if anchor.seq == 0:
        return ""
    if not journal_dir.is_dir():
        return f"the audit folder is missing: the anchor names record {anchor.seq}"
    if not (journal_dir / JOURNAL_FILE).exists() or not _has_records(journal_dir):
        return f"the journal is missing or empty: the anchor names record {anchor.seq}"
    first = _first_record(journal_dir)
    if first is not None and first.seq - 1 > anchor.base_seq:
        return (
            f"the journal's start was cut: it begins at record {first.seq}, "
            f"its anchor keeps records from {anchor.base_seq + 1}"
        )
    if first is not None and first.seq - 1 == anchor.base_seq and first.prev != anchor.base_hash:
        return f"record {first.seq} is not the one the anchor names (the journal was replaced)"
    found = _record_at(journal_dir, anchor.seq)
    if found is None:
        count = _last_seq(journal_dir)
        return (
            f"the journal is shorter than its anchor: the anchor names record {anchor.seq}, "
            f"the journal ends at {count} (records deleted or rolled back)"
        )
    if found.hash != anchor.hash:
        return f"record {anchor.seq} is not the one the anchor names (the journal was replaced)"
    return ""


def _has_records(journal_dir: Path) -> bool:
    return any(complete for _line, complete in stream_records(journal_dir / JOURNAL_FILE))


def _records(journal_dir: Path) -> list[ChainRecord]:
    records = []
    for line, complete in stream_records(journal_dir / JOURNAL_FILE):
        if not complete:
            break
        try:
            records.append(ChainRecord.from_line(line))
        except ValueError:
            records.append(ChainRecord(-1, "", "", b"", ""))  # unreadable: matches nothing
    return records


def _first_record(journal_dir: Path) -> ChainRecord | None:
    for line, complete in stream_records(journal_dir / JOURNAL_FILE):
        if not complete:
            return None
        try:
            return ChainRecord.from_line(line)
        except ValueError:
            return None
    return None


def _last_seq(journal_dir: Path) -> int:
    records = _records(journal_dir)
    return records[-1].seq if records else 0


def _record_at(journal_dir: Path, seq: int) -> ChainRecord | None:
    return next((r for r in _records(journal_dir) if r.seq == seq), None)
