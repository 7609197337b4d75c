"""On-disk format of the audit journal: chained records, the head record, durable writes.

Layout of the journal directory (file names never contain personal data):

- ``journal.jsonl``: one JSON object per line, ``{"seq", "id", "prev", "sealed", "hash"}``.
  ``sealed`` is the base64 of the entry sealed with the data key (AES-256-GCM); the associated
  data binds it to its ``seq`` and ``id``, so a sealed blob moved to another place fails to
  open. ``hash`` = SHA-256 over ``"sjtui-audit-v1|<seq>|<id>|<prev>|"`` + the sealed bytes, and
  ``prev`` is the previous record's ``hash`` (64 zeros for the first). The chain covers the
  *sealed* bytes, so it can be checked without the key.
- ``head.json``: ``{"seq", "hash"}`` of the last acknowledged record, replaced atomically
  (write temp, fsync, rename, fsync directory) after every append. It exposes truncation of
  whole records at the end, which a chain alone cannot show.
- ``journal.lock``: the `flock` target that serialises appends of several app instances.
- ``base.json``: after retention pruning (`retention.py`), ``{"seq", "hash"}`` of the last
  pruned record: the first record kept chains onto it. Its copy in the sealed anchor is what
  tells a pruned start from a cut one.

Only ``seq``, ``id`` (a random UUID) and hashes are in clear; everything about the clinician
and the citizen is inside ``sealed``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

FORMAT_TAG = b"sjtui-audit-v1"
GENESIS_HASH = "0" * 64
JOURNAL_FILE = "journal.jsonl"
HEAD_FILE = "head.json"
BASE_FILE = "base.json"  # after pruning: seq and hash of the last pruned record
LOCK_FILE = "journal.lock"
_TAIL_BLOCK = 64 * 1024


def record_hash(seq: int, entry_id: str, prev: str, sealed: bytes) -> str:
    h = hashlib.sha256()
    h.update(b"%s|%d|%s|%s|" % (FORMAT_TAG, seq, entry_id.encode(), prev.encode()))
    h.update(sealed)
    return h.hexdigest()


def sealing_aad(seq: int, entry_id: str) -> bytes:
    """Associated data for an entry: binds the ciphertext to its place in the journal."""
    return b"%s|%d|%s" % (FORMAT_TAG, seq, entry_id.encode())


@dataclass(frozen=True, slots=True)
class ChainRecord:
    seq: int
    entry_id: str
    prev: str
    sealed: bytes
    hash: str

    @classmethod
    def make(cls, seq: int, entry_id: str, prev: str, sealed: bytes) -> ChainRecord:
        return cls(seq, entry_id, prev, sealed, record_hash(seq, entry_id, prev, sealed))

    def to_line(self) -> bytes:
        obj = {
            "seq": self.seq,
            "id": self.entry_id,
            "prev": self.prev,
            "sealed": base64.b64encode(self.sealed).decode("ascii"),
            "hash": self.hash,
        }
        return json.dumps(obj, separators=(",", ":")).encode("ascii") + b"\n"

    @classmethod
    def from_line(cls, line: bytes) -> ChainRecord:
        """Parse one line; ValueError if it is not a well-formed record (hash not checked)."""
        try:
            obj = json.loads(line)
            seq, entry_id, prev, digest = (
                obj["seq"],
                obj["id"],
                obj["prev"],
                obj["hash"],
            )
            sealed = base64.b64decode(obj["sealed"], validate=True)
        except (ValueError, KeyError, TypeError, binascii.Error) as exc:
            raise ValueError("malformed audit record") from exc
        shape_ok = isinstance(seq, int) and isinstance(entry_id, str)
        if not (shape_ok and isinstance(prev, str) and isinstance(digest, str)):
            raise ValueError("malformed audit record")
        return cls(seq, entry_id, prev, sealed, digest)

    def hash_ok(self) -> bool:
        return record_hash(self.seq, self.entry_id, self.prev, self.sealed) == self.hash


@dataclass(frozen=True, slots=True)
class Head:
    seq: int
    hash: str


GENESIS_HEAD = Head(0, GENESIS_HASH)


def read_head(directory: Path) -> Head | None:
    """The head record, None if missing. ValueError if present but unreadable."""
    try:
        raw = (directory / HEAD_FILE).read_bytes()
    except FileNotFoundError:
        return None
    try:
        obj = json.loads(raw)
        head = Head(int(obj["seq"]), str(obj["hash"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError("the head record cannot be read") from exc
    return head


def read_base(directory: Path) -> Head | None:
    """Where the journal starts after retention pruning (None: it starts at record 1)."""
    try:
        raw = (directory / BASE_FILE).read_bytes()
    except FileNotFoundError:
        return None
    try:
        obj = json.loads(raw)
        return Head(int(obj["seq"]), str(obj["hash"]))
    except (ValueError, KeyError, TypeError):
        return None


def write_json_atomic(path: Path, data: bytes) -> None:
    """Replace `path` atomically and durably, owner-only (raises OSError)."""
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        write_all(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    fsync_dir(path.parent)


def fsync_dir(directory: Path) -> None:
    """Make a directory entry (create/rename) durable. Not possible on Windows: skipped."""
    if os.name == "nt":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def write_head(directory: Path, head: Head) -> None:
    """Replace head.json atomically and durably (raises OSError on failure)."""
    tmp = directory / (HEAD_FILE + ".tmp")
    data = json.dumps({"seq": head.seq, "hash": head.hash}).encode("ascii")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        write_all(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, directory / HEAD_FILE)
    fsync_dir(directory)


def read_tail(fd: int) -> tuple[bytes | None, int, int]:
    """Last complete line of an open journal, the offset just after it, and the file size.

    A complete line ends with a newline; bytes after the last newline are a torn tail (a write
    cut short by a crash, never acknowledged).
    """
    size = os.fstat(fd).st_size
    end = size
    block = _TAIL_BLOCK
    complete_end = 0
    while True:
        start = max(0, end - block)
        chunk = os.pread(fd, end - start, start)
        nl = chunk.rfind(b"\n")
        if nl >= 0:
            complete_end = start + nl + 1
            break
        if start == 0:
            return None, 0, size
        block *= 2
    # complete_end is just after the last newline; find the newline before it.
    end = complete_end - 1
    block = _TAIL_BLOCK
    while True:
        start = max(0, end - block)
        chunk = os.pread(fd, end - start, start)
        nl = chunk.rfind(b"\n")
        if nl >= 0:
            return chunk[nl + 1 :], complete_end, size
        if start == 0:
            return chunk, complete_end, size
        block *= 2


def stream_records(path: Path) -> Iterator[tuple[bytes, bool]]:
    """Yield (line, complete) pairs; the final item may be an incomplete torn tail."""
    if not path.exists():
        return
    with open(path, "rb") as f:
        for line in f:
            if line.endswith(b"\n"):
                yield line[:-1], True
            else:
                yield line, False
