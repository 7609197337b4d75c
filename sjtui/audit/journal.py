"""The local audit journal: append-only, hash-chained, sealed, fsynced before `append` returns.

Why JSON lines and not SQLite (WAL, synchronous=FULL)? Both are durable; the line file wins
on what this journal must be *evidence* of:

- the format is trivially inspectable and the chain is checkable without any library or key
  (`verify` reads lines, recomputes hashes);
- an append is one `write` of one line plus `fsync`: the only torn state a crash can leave
  is an incomplete last line, recognisable because it lacks its newline, and it can only
  belong to an append that never returned (the fsync had not completed);
- deletion, reordering or editing of a record shows directly as a sequence gap or a hash
  mismatch, while in SQLite row-level tampering hides inside pages and freelists.

Durability guarantee (honest version): when `append()` returns, the record and the head
record naming it are on stable storage (file fsync + directory fsync), so a crash at any
later instant cannot lose it. A crash *during* `append` leaves either nothing, a torn line
(cut off on the next open/append), or a complete record the head does not name yet (kept:
the opening was attempted; the head is moved forward). Tamper evidence: a changed, removed,
reordered or inserted record breaks the chain; removing whole records at the end is caught
by the head record. The hash chain is unkeyed: someone able to rewrite *both* files
consistently (and who deletes records rather than forges them; forging needs the data key
because every entry is AEAD-sealed with its seq and id as associated data) can truncate
undetected locally. Delivery of every entry to the server is the external anchor for that.

Concurrency: appends hold an exclusive `flock` on `journal.lock` (plus a thread lock), and
re-read the tail under it, so two app instances of one user interleave cleanly.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from sjtui.crypto.aead import Sealer, TamperedData

from .anchor import Anchor, AnchorDamaged, AnchorStore
from .chain import (
    GENESIS_HEAD,
    HEAD_FILE,
    JOURNAL_FILE,
    LOCK_FILE,
    ChainRecord,
    Head,
    fsync_dir,
    read_head,
    read_tail,
    sealing_aad,
    stream_records,
    write_all,
    write_head,
)
from .entry import AuditEntry
from .verify import VerifyResult, verify_journal

try:  # POSIX
    import fcntl

    def _lock_fd(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)

    def _unlock_fd(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

except ImportError:  # pragma: no cover - Windows
    import msvcrt

    def _lock_fd(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined]  # Windows only: typeshed has it on win32

    def _unlock_fd(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]  # as above


class AuditWriteError(Exception):
    """The journal could not be written durably. The record must not be shown."""


class AuditJournalDamaged(AuditWriteError):
    """The journal's end or head is damaged: appending would hide it. `sjtui audit repair`."""


class AuditReadError(Exception):
    """The journal could not be read (damaged record, wrong key). Message names only a seq."""


_WRITE_FAILED = "The audit log could not be written (disk full, read-only or no permission). The record is not shown."
_DAMAGED = (
    "The audit log is damaged ({why}). Records cannot be opened until it is repaired: "
    "run 'sjtui audit repair' (the damaged log is kept as evidence)."
)


@contextmanager
def journal_lock(directory: Path) -> Iterator[None]:
    """The journal's inter-process lock (no key needed: also for tools that only move files)."""
    fd = os.open(Path(directory) / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        _lock_fd(fd)
        try:
            yield
        finally:
            _unlock_fd(fd)
    finally:
        os.close(fd)


def default_journal_dir() -> Path:
    from sjtui import locations

    return locations.data_dir() / "audit"


class AuditJournal:
    """Append-only journal of `AuditEntry`s in `path_dir` (default: data dir / "audit")."""

    def __init__(self, path_dir: Path | None, sealer: Sealer, *, anchor_path: Path | None = None) -> None:
        """`anchor_path`: where the sealed copy of the head is kept outside the journal
        folder (`anchor.py`); None: no anchor (tools and tests that look at one folder)."""
        self.dir = Path(path_dir) if path_dir is not None else default_journal_dir()
        self._sealer = sealer
        self._thread_lock = threading.Lock()
        self.path = self.dir / JOURNAL_FILE
        self.anchor = AnchorStore(anchor_path, sealer) if anchor_path is not None else None
        self._kept: Anchor | None = None  # what the anchor keeps besides the head, read once
        try:
            self._recover()
        except OSError:
            # Read-only media: reading, verifying and exporting still work; append will
            # raise AuditWriteError when it is tried.
            pass

    # ------------------------------------------------------------------ locking
    @contextmanager
    def _locked(self) -> Iterator[None]:
        with self._thread_lock:
            self._ensure_dir()
            with journal_lock(self.dir):
                yield

    def _ensure_dir(self) -> None:
        if not self.dir.is_dir():
            self.dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            fsync_dir(self.dir.parent)

    def _ensure_files(self) -> None:
        """Under the lock: create head and journal file durably (idempotent)."""
        if not (self.dir / HEAD_FILE).exists() and not self.path.exists():
            write_head(self.dir, GENESIS_HEAD)
        if not self.path.exists():
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            fsync_dir(self.dir)

    def _recover(self) -> None:
        """On open: create if new, cut a torn last line, move a lagging head forward."""
        with self._locked():
            self._ensure_files()
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND)
            try:
                self._prepare_tail(fd, strict=False)
            finally:
                os.close(fd)

    def _prepare_tail(self, fd: int, *, strict: bool) -> ChainRecord | None:
        """Under the lock: repair the torn tail, check the head; return the last record.

        `strict` (append): refuse (AuditWriteError) when the tail and the head disagree, since
        chaining onto a damaged journal would paper over the damage.
        """
        line, complete_end, size = read_tail(fd)
        if size > complete_end:  # a torn, never-acknowledged final write
            os.ftruncate(fd, complete_end)
            os.fsync(fd)
        last: ChainRecord | None = None
        if line is not None:
            try:
                last = ChainRecord.from_line(line)
            except ValueError:
                if strict:
                    raise AuditJournalDamaged(_DAMAGED.format(why="unreadable last record")) from None
                return None
        try:
            head = read_head(self.dir)
        except ValueError:
            if strict:
                raise AuditJournalDamaged(_DAMAGED.format(why="unreadable head record")) from None
            return last
        last_seq, last_hash = (last.seq, last.hash) if last else (0, GENESIS_HEAD.hash)
        if head is not None and head == Head(last_seq, last_hash):
            return last
        if last is not None and head is not None and head == Head(last.seq - 1, last.prev):
            # a crash between the record's fsync and the head's: the head catches up
            write_head(self.dir, Head(last.seq, last.hash))
            return last
        if strict:
            raise AuditJournalDamaged(_DAMAGED.format(why="truncated or altered at the end"))
        return last

    # ------------------------------------------------------------------- append
    def append(self, entry: AuditEntry) -> int:
        """Write `entry` durably and return its seq. Raises AuditWriteError (fail closed)."""
        try:
            with self._locked():
                self._ensure_files()
                return self._append_locked(entry)
        except AuditWriteError:
            raise
        except OSError as exc:
            raise AuditWriteError(_WRITE_FAILED) from exc

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the journal's lock (threads and processes) for a multi-step change (repair)."""
        with self._locked():
            yield

    def append_locked(self, entry: AuditEntry) -> int:
        """`append` for a caller already inside `exclusive()`."""
        self._ensure_files()
        try:
            return self._append_locked(entry)
        except OSError as exc:
            raise AuditWriteError(_WRITE_FAILED) from exc

    def _append_locked(self, entry: AuditEntry) -> int:
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND)
        try:
            last = self._prepare_tail(fd, strict=True)
            if last is not None and last.entry_id == entry.entry_id:
                # a retry of an append that raised after its write: make sure it is durable
                os.fsync(fd)
                self._write_anchor(Head(last.seq, last.hash))
                return last.seq
            seq = last.seq + 1 if last else 1
            prev = last.hash if last else GENESIS_HEAD.hash
            sealed = self._sealer.seal(entry.to_json_bytes(), sealing_aad(seq, entry.entry_id))
            record = ChainRecord.make(seq, entry.entry_id, prev, sealed)
            before = os.fstat(fd).st_size
            try:
                write_all(fd, record.to_line())
                os.fsync(fd)
            except OSError:
                _try_truncate(fd, before)
                raise
            write_head(self.dir, Head(record.seq, record.hash))
            self._write_anchor(Head(record.seq, record.hash))
            return seq
        finally:
            os.close(fd)

    # ------------------------------------------------------------------ anchor
    def _write_anchor(self, head: Head, reported: str | None = None) -> None:
        """Under the lock: seal the new head outside the journal folder (raises OSError)."""
        if self.anchor is None:
            return
        if self._kept is None:
            try:
                current = self.anchor.read()
            except AnchorDamaged:
                current = None
            self._kept = current if current is not None else Anchor(0, GENESIS_HEAD.hash)
        if reported is not None:
            self._kept = replace(self._kept, reported=reported)
        self.anchor.write(replace(self._kept, seq=head.seq, hash=head.hash))

    def set_anchor_base(self, base: Head) -> None:
        """Under the lock (retention pruning): the journal may now start after `base`."""
        if self.anchor is None:
            return
        self._write_anchor(self._last_head())  # loads what the anchor keeps
        assert self._kept is not None  # noqa: S101 - narrows the type: _write_anchor just loaded it
        self._kept = replace(self._kept, base_seq=base.seq, base_hash=base.hash)
        self._write_anchor(self._last_head())

    def _last_head(self) -> Head:
        fd = os.open(self.path, os.O_RDONLY)
        try:
            line, _end, _size = read_tail(fd)
        finally:
            os.close(fd)
        if line is None:
            return GENESIS_HEAD
        last = ChainRecord.from_line(line)
        return Head(last.seq, last.hash)

    def note_reported(self, problem: str) -> None:
        """Remember in the anchor that `problem` was reported (so it is reported once)."""
        if self.anchor is None:
            return
        with self._locked():
            self._ensure_files()
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND)
            try:
                last = self._prepare_tail(fd, strict=False)
            finally:
                os.close(fd)
            head = Head(last.seq, last.hash) if last is not None else GENESIS_HEAD
            self._write_anchor(head, reported=problem)

    def read_anchor(self) -> Anchor | None:
        """The anchor (None: none kept or none written yet). Raises AnchorDamaged."""
        return self.anchor.read() if self.anchor is not None else None

    # -------------------------------------------------------------------- read
    def records(self, from_seq: int = 0) -> Iterator[ChainRecord]:
        """Chained records without decrypting (no key needed). Stops at a torn tail."""
        for line, complete in stream_records(self.path):
            if not complete:
                return
            if from_seq > 1 and _seq_of(line) < from_seq:
                continue  # cheap skip of the delivered prefix; the full parse is below
            try:
                rec = ChainRecord.from_line(line)
            except ValueError:
                raise AuditReadError("an audit record cannot be read; run verify") from None
            if rec.seq >= from_seq:
                yield rec

    def entries(self, from_seq: int = 0) -> Iterator[AuditEntry]:
        """Decrypted entries in journal order, from `from_seq` on. Needs the right key."""
        for rec in self.records(from_seq):
            yield self.open_record(rec)

    def open_record(self, rec: ChainRecord) -> AuditEntry:
        try:
            raw = self._sealer.open(rec.sealed, sealing_aad(rec.seq, rec.entry_id))
            entry = AuditEntry.from_json_bytes(raw)
        except TamperedData:
            raise AuditReadError(f"audit record {rec.seq} failed authentication") from None
        except (ValueError, TypeError, KeyError):
            raise AuditReadError(f"audit record {rec.seq} cannot be decoded") from None
        if entry.entry_id != rec.entry_id:
            raise AuditReadError(f"audit record {rec.seq} does not match its id")
        return entry

    def verify(self) -> VerifyResult:
        return verify_journal(self.dir)


def _try_truncate(fd: int, size: int) -> None:
    """Best effort: drop a partly written record so a retry starts clean."""
    try:
        os.ftruncate(fd, size)
    except OSError:  # pragma: no cover - the torn tail is cut on the next append
        pass


def _seq_of(line: bytes) -> int:
    """The seq of a record line without a full JSON parse (lines start with {"seq":N,)."""
    if line.startswith(b'{"seq":'):
        end = line.find(b",", 7)
        digits = line[7:end]
        if end > 7 and digits.isdigit():
            return int(digits)
    return 1 << 62  # unknown shape: do not skip, let the full parse decide
