"""Check a journal's hash chain and head record without the key (`sjtui audit verify`).

Detects: an altered record (hash mismatch), a record removed from the middle or records out
of order (sequence gap or jump, chain link mismatch), an entry id recorded twice, whole
records cut off the end (head record names a later record than the journal holds), and an
altered last record (head hash mismatch). An incomplete final line is the remnant of an
append cut short by a crash; it was never acknowledged, so it is reported but not an error.

What it cannot detect on its own: someone who rewrites the journal *and* the head
consistently (the chain is unkeyed so that no key is needed to check it). The copies
delivered to the server are the external check for that.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .chain import GENESIS_HASH, JOURNAL_FILE, ChainRecord, read_base, read_head, stream_records


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """`count`: records checked intact (up to the first break). `problem`: plain English."""

    ok: bool
    count: int
    first_broken_seq: int | None
    problem: str
    pruned: int = 0  # records before the journal's start, removed by retention pruning


def _broken(count: int, seq: int, problem: str) -> VerifyResult:
    return VerifyResult(False, count, seq, problem)


@dataclass(slots=True)
class _Walk:
    """What walking the chain found: records intact, the last two hashes, a torn tail."""

    count: int = 0
    prev_hash: str = GENESIS_HASH
    before_last: str = GENESIS_HASH
    torn: bool = False
    pruned: int = 0


def verify_journal(directory: Path) -> VerifyResult:
    """Verify the journal in `directory` (no key needed, read-only)."""
    directory = Path(directory)
    walk = _Walk()
    broken = _walk_chain(directory, walk)
    if broken is not None:
        return broken
    return _check_head(directory, walk)


def _walk_chain(directory: Path, walk: _Walk) -> VerifyResult | None:
    """Check every complete record in order; the first break, or None (state in `walk`)."""
    seen: set[str] = set()
    base = read_base(directory)
    for line, complete in stream_records(directory / JOURNAL_FILE):
        expected = walk.count + 1
        if not complete:
            walk.torn = True
            break
        try:
            rec = ChainRecord.from_line(line)
        except ValueError:
            return _broken(walk.count, expected, f"record {expected} cannot be read")
        if (
            walk.count == 0
            and walk.pruned == 0
            and base is not None
            and base.seq > 0
            and rec.seq == base.seq + 1
            and rec.prev == base.hash
        ):
            # the journal starts after its pruned records (their copy is in the anchor)
            walk.count = walk.pruned = base.seq
            walk.prev_hash = walk.before_last = base.hash
            expected = walk.count + 1
        broken = _check_record(rec, expected, walk, seen)
        if broken is not None:
            return broken
        seen.add(rec.entry_id)
        walk.before_last, walk.prev_hash = walk.prev_hash, rec.hash
        walk.count += 1
    return None


def _check_record(rec: ChainRecord, expected: int, walk: _Walk, seen: set[str]) -> VerifyResult | None:
    """One record against its place in the chain: the break it shows, or None."""
    count = walk.count
    if rec.seq != expected:
        if rec.seq > expected:
            why = f"record {expected} is missing (next record found is {rec.seq})"
        else:
            why = f"record {rec.seq} appears again or out of order after record {count}"
        return _broken(count, expected, why)
    if rec.prev != walk.prev_hash:
        return _broken(count, rec.seq, f"record {rec.seq} does not follow the record before it")
    if not rec.hash_ok():
        return _broken(count, rec.seq, f"record {rec.seq} was altered")
    if rec.entry_id in seen:
        return _broken(count, rec.seq, f"record {rec.seq} repeats an earlier entry id")
    return None


def _check_head(directory: Path, walk: _Walk) -> VerifyResult:
    """Compare the head record with the end of the intact chain."""
    count, pruned = walk.count, walk.pruned
    try:
        head = read_head(directory)
    except ValueError:
        return _broken(count, count, "the head record cannot be read")
    if head is None:
        if count == 0:
            return VerifyResult(True, 0, None, "empty journal")
        return _broken(count, count, "the head record is missing")
    note = "incomplete final write from a crash ignored (never acknowledged)" if walk.torn else ""
    if head.seq > count:
        return _broken(
            count,
            count + 1,
            f"journal truncated: the head names record {head.seq}, the journal ends at {count}",
        )
    if head.seq == count:
        if head.hash != walk.prev_hash:
            return _broken(count, count, f"record {count} does not match the head record")
        return VerifyResult(True, count, None, note, pruned)
    if head.seq == count - 1:
        # A crash between writing the record and moving the head: the last record was never
        # acknowledged, but it is intact and chained. Check the head against its predecessor.
        if walk.before_last != head.hash:
            return _broken(count, head.seq, f"record {head.seq} does not match the head record")
        extra = "last record written just before a crash (not yet in the head record)"
        return VerifyResult(True, count, None, "; ".join(p for p in (note, extra) if p), pruned)
    return _broken(count, head.seq + 1, f"the head record is behind: it names record {head.seq}")
