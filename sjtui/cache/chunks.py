"""Sealed chunks: a citizen's resources kept many to a sealed unit (schema 3).

A resource belongs to the chunk named by its type and a bucket: `"<Type>#<n>"`, where `n`
is a keyed hash of citizen + "Type/id" modulo `BUCKETS`. The name is fixed by the key alone,
so a changed or deleted resource rewrites only its own chunk (delta sync), and the bucket
tells nobody without the key which resources share a chunk. In the file a chunk's row key
(`ckey`) is the blind index of citizen + name, so neither the types nor the bucket numbers
are in clear.

Plaintext (inside the seal, `codec` tags it raw or zlib): `{"r": [resource, ...],
"e": {"Type/id": etag}}`, where `e` holds only the ETags that differ from the one the
resource's own `meta.versionId` gives (`etag_of`). The resources are parsed as one JSON
array per chunk: the same work a plain `json.load` of the record does.

Associated data: `codec.aad(citizen, "chunk:" + ckey + "|" + version)`: a chunk opens only as
its own citizen's, in its own position and with the generation it was written in (the
rollback digest in `versions.py` covers every chunk's (ckey, version) pair).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from sjtui.cache import codec
from sjtui.cache.rows import etag_of
from sjtui.cache.versions import Index
from sjtui.crypto.aead import Sealer, TamperedData

#: Buckets per resource type. A changed resource rewrites its whole chunk, so a chunk is kept
#: small for a large record: the large test citizen's 20,000 Observations are ~40 a chunk
#: (2,225 chunks for its 25,106 resources; a delta of 100 changed Observations rewrites ~4,000
#: of them, ~0.1 s, against ~0.5 s with 64 buckets), while opening it costs ~35 ms more than
#: with 64 buckets (one AES-GCM open, hash and parse per chunk). A small record gets about
#: one chunk per resource, which costs it nothing noticeable. Changing this renames every
#: chunk: a new schema.
BUCKETS = 512

#: Chunks from this size are zlib'd (level 1) when that saves at least 10 %: a chunk holds
#: many resources of one type, whose keys, systems and codes repeat, so it shrinks several
#: times over (the large test citizen: 28 MB of JSON in 3.2 MB), and inflating it costs less
#: than reading the raw pages it would take (bench/bench_cache.py, RESULTS.md).
CHUNK_COMPRESS_MIN = codec.COMPRESS_MIN_BYTES

Item = tuple[dict[str, Any], str | None]  # a resource and its explicit ETag (None: from meta)


def chunk_name(index: Index, citizen: str, key: str) -> str:
    """The chunk of resource `key` ("Type/id"): "Type#bucket"."""
    bucket = int(index(f"slot:{citizen}|{key}")[:8], 16) % BUCKETS
    return f"{key.partition('/')[0]}#{bucket}"


def chunk_key(index: Index, citizen: str, name: str) -> str:
    """The chunk's row key in the file (blind index: no type or bucket in clear)."""
    return index(f"chunk:{citizen}|{name}")


def bound(ckey: str, version: int) -> str:
    """The row key bound into the chunk's associated data."""
    return f"chunk:{ckey}|{version}"


def seal_chunk(
    sealer: Sealer,
    citizen: str,
    ckey: str,
    version: int,
    items: Mapping[str, Item],
    *,
    compress_min: int = CHUNK_COMPRESS_MIN,
) -> bytes:
    payload = {
        "r": [resource for resource, _etag in items.values()],
        "e": {key: etag for key, (_resource, etag) in items.items() if etag},
    }
    return codec.seal(sealer, payload, citizen, bound(ckey, version), compress_min=compress_min)


def open_chunk(
    sealer: Sealer, citizen: str, ckey: str, version: int, blob: object
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The chunk's resources and explicit ETags. Raises TamperedData when the blob does not
    open here (altered, moved, rolled back to another version, another key) or is not a
    chunk's payload."""
    if not isinstance(blob, bytes | bytearray | memoryview):
        raise TamperedData("cached chunk has the wrong type")
    plain = sealer.open(bytes(blob), codec.aad(citizen, bound(ckey, version)))
    try:
        data = json.loads(codec.payload_json(plain))
    except ValueError as exc:
        raise TamperedData("cached chunk cannot be decoded") from exc
    resources, etags = (data.get("r"), data.get("e")) if isinstance(data, dict) else (None, None)
    if not isinstance(resources, list) or not isinstance(etags, dict):
        raise TamperedData("cached chunk has the wrong shape")
    for resource in resources:
        if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
            raise TamperedData("cached chunk holds something else than resources")
    return resources, etags


def items_of(resources: list[dict[str, Any]], etags: Mapping[str, str]) -> dict[str, Item]:
    """An opened chunk as "Type/id" -> (resource, explicit ETag), for a rewrite."""
    out: dict[str, Item] = {}
    for resource in resources:
        key = f"{resource['resourceType']}/{resource.get('id')}"
        out[key] = (resource, etags.get(key))
    return out


def explicit_etag(resource: Mapping[str, Any], given: str | None) -> str | None:
    """The ETag worth keeping beside a resource: one given that its meta would not give."""
    return given if given and given != etag_of(resource) else None


class Etags(Mapping[str, str]):
    """A loaded record's ETags: the explicit ones kept, else the one `meta.versionId`
    gives, worked out when asked (no caller reads them for every resource)."""

    __slots__ = ("_explicit", "_resources")

    def __init__(self, resources: Mapping[str, Mapping[str, Any]], explicit: Mapping[str, str]) -> None:
        self._resources = resources
        self._explicit = explicit

    def __getitem__(self, key: str) -> str:
        etag = self._explicit.get(key) or etag_of(self._resources[key])
        if etag is None:
            raise KeyError(key)
        return etag

    def __iter__(self) -> Iterator[str]:
        return (key for key, resource in self._resources.items() if self._explicit.get(key) or etag_of(resource))

    def __len__(self) -> int:
        return sum(1 for _ in self)
