"""Mapping an opening's resources to a `Record` at each step, off the event loop, reusing the
panes the step left unchanged (`mapping/reuse.py`)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from functools import partial

from sjtui.record.mapping import MappingMemo, map_record
from sjtui.record.model import Record
from sjtui.record.refresh import Opening


async def map_opening(
    opening: Opening,
    reveal: bool,
    *,
    full: bool,
    new_keys: frozenset[str] | tuple[()],
    as_of: datetime | None,
    from_cache: bool,
    offline: bool,
) -> tuple[Record, MappingMemo]:
    """The Record of what the opening holds now, mapped in a thread from a snapshot taken
    here, and what the next step may reuse (the caller keeps it if the opening is still on)."""
    mapping = partial(
        map_record,
        list(opening.resources.values()),
        patient_id=opening.citizen.patient_id,
        reveal_private=reveal,
        loaded=None if full else set(opening.loaded),
        new_keys=new_keys,
        as_of=as_of,
        from_cache=from_cache,
        offline=offline,
        previous=opening.mapped,
    )
    return await asyncio.to_thread(mapping)


__all__ = ["map_opening"]
