"""JSON decoding with a bound on nesting depth, and per-entry salvage of a too-deep Bundle.

A hostile or broken server can nest a resource thousands of levels deep: `json.loads` then
raises RecursionError, and even a depth it survives breaks any recursive consumer later (the
mapping, the cache's `json.dumps`). So every response is checked against `MAX_DEPTH` (real FHIR
nests a few dozen levels, a Bundle adds four). The check is cheap: strings are removed with one
pass of replace and split, the brackets kept, and their running depth summed in C.

When a response is too deep, only the guilty part is given up: each too-deep subtree is
replaced by a marker, and a Bundle entry whose resource held one (also inside a searchset that
is itself an entry of a batch-response) becomes an *unreadable entry*: `{UNREADABLE_KEY: "too-deep", "_sjtui_type": <type>, "id": <id>}`, without a
`resourceType`, which is how the mapping layer already recognises an entry it cannot read.
The other entries are kept as they are.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate, repeat
from operator import sub
from typing import Any

__all__ = ["MAX_DEPTH", "TOO_DEEP", "TYPE_KEY", "UNREADABLE_KEY", "max_depth", "salvage"]

MAX_DEPTH = 100
UNREADABLE_KEY = "_sjtui_unreadable"
TYPE_KEY = "_sjtui_type"
TOO_DEEP = "too-deep"
#: Stands in for a cut subtree. A server could send this string itself: then only its own entry
#: is marked unreadable, and only when the response was too deep anyway.
_MARK = "\x00sjtui:too-deep\x00"

_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_DEPTH_STEP = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")


def _outside_strings(body: bytes) -> bytes:
    """The text with the contents of every string removed (all in C: a few ms a megabyte).

    Escaped backslashes go first, then escaped quotes; what remains splits on quotes into
    outside/inside/outside/... pieces."""
    plain = body.replace(b"\\\\", b"").replace(b'\\"', b"")
    return b"".join(plain.split(b'"')[::2])


def max_depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects in a JSON text (0 for a scalar)."""
    brackets = _outside_strings(body).translate(None, _NOT_BRACKETS)
    if brackets.count(b"[") + brackets.count(b"{") <= 1:
        return 1 if brackets else 0
    steps = map(sub, brackets.translate(_DEPTH_STEP), repeat(1))  # +1 open, -1 close
    return max(accumulate(steps), default=0)


def _cut_deep(body: bytes, limit: int) -> bytes:
    """The text with every container deeper than `limit` replaced by the marker string."""
    out: list[bytes] = []
    depth = 0
    pos = 0
    cut_from: int | None = None
    for match in _TOKEN.finditer(body):
        token = match.group()
        if token[0:1] == b'"':
            continue
        if token in (b"[", b"{"):
            depth += 1
            if depth == limit + 1 and cut_from is None:
                cut_from = match.start()
        else:
            if depth == limit + 1 and cut_from is not None:
                out.append(body[pos:cut_from])
                out.append(json.dumps(_MARK).encode())
                pos = match.end()
                cut_from = None
            depth -= 1
    out.append(body[pos:])
    return b"".join(out)


def _holds_mark(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if item == _MARK:
            return True
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _unreadable_entry(resource: Any) -> dict[str, Any]:
    out: dict[str, Any] = {UNREADABLE_KEY: TOO_DEEP}
    if isinstance(resource, dict):
        rtype, rid = resource.get("resourceType"), resource.get("id")
        if isinstance(rtype, str) and rtype.isalnum() and len(rtype) <= 64:
            out[TYPE_KEY] = rtype
        if isinstance(rid, str) and len(rid) <= 64:
            out["id"] = rid
    return out


def _mark_entries(bundle: dict[str, Any]) -> None:
    """Mark each entry whose resource holds a cut; a Bundle inside an entry (a search result
    in a batch-response) has its own entries marked instead, so its other entries are kept."""
    entries = bundle.get("entry")
    if not isinstance(entries, list):
        return
    for entry in entries:
        if not isinstance(entry, dict) or not _holds_mark(entry.get("resource")):
            continue
        resource = entry["resource"]
        if isinstance(resource, dict) and resource.get("resourceType") == "Bundle":
            _mark_entries(resource)
        if _holds_mark(resource):
            entry["resource"] = _unreadable_entry(resource)


def salvage(body: bytes, limit: int = MAX_DEPTH) -> Any | None:
    """A too-deep response with only its too-deep parts given up, or None when nothing can be
    kept (a single resource, or a Bundle that is too deep outside its entries' resources)."""
    try:
        data = json.loads(_cut_deep(body, limit))
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        return None
    _mark_entries(data)
    return None if _holds_mark(data) else data
