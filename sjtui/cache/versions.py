"""Rollback detection for cached chunks: per-citizen versions and a keyed set digest.

Every store of a citizen's resources is a new *generation* (a counter in the sealed citizen
row). Each chunk row (`chunks.py`) carries the generation it was written in (`version`, also
part of its AEAD associated data, so a blob only opens with its own version), and the sealed
citizen row holds a digest of the set of (chunk, version) pairs: the XOR of a keyed hash of
each pair, updated as chunks are written and removed (one hash per chunk, not per resource).
Putting an older sealed copy of a chunk back (with its older version) changes the set, so
the digest no longer matches when the record is loaded: the citizen's cached copy is then
dropped and fetched again. (Schema 2 kept the same digest over one row per resource;
`migrate.py` checks it when it carries such a file over.)

The keyed hash is the data key's blind index: without the key nobody can fix the digest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Index = Callable[[str], str]


def pair_hash(index: Index, citizen: str, rkey: str, version: int) -> int:
    return int(index(f"ver:{citizen}|{rkey}|{version}"), 16)


def set_digest(index: Index, citizen: str, pairs: Iterable[tuple[str, int]]) -> int:
    digest = 0
    for rkey, version in pairs:
        digest ^= pair_hash(index, citizen, rkey, version)
    return digest
