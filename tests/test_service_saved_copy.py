"""The reopen holds the saved copy's resources once (issue 14, the large citizen's memory):
the service keeps no reference to the cache's copy while it refreshes, and the refresh still
finds what was deleted."""

from __future__ import annotations

import gc
import weakref

from service_stack import Stack, find, grant_for, open_all


class _Copy:
    """The cache's copy as the service sees it (a view), and weak-referenceable."""

    def __init__(self, inner: object) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> object:
        return getattr(self._inner, name)


async def test_the_saved_copy_is_let_go_before_the_refresh_and_a_deletion_still_removes_the_entry(
    stack: Stack, monkeypatch
) -> None:
    poul = await find(stack.service, "1203541237")
    await open_all(stack.service, poul, grant_for(poul))
    store = stack.app.state.store
    gone = store.for_patient("DocumentReference", "poul")[0].resource
    store.delete("DocumentReference", gone["id"])

    cache = stack.services.cache
    copies: list[weakref.ref[_Copy]] = []
    real_load = cache.load

    def load(cpr: str, **kw: object) -> _Copy | None:
        found = real_load(cpr, **kw)
        if found is None:
            return None
        copy = _Copy(found)
        copies.append(weakref.ref(copy))
        return copy

    monkeypatch.setattr(cache, "load", load)
    records = []
    async for record in stack.service.open(poul, grant_for(poul)):
        records.append(record)
        gc.collect()
        # From the first record on (the saved copy shown), nothing holds the copy any more.
        assert copies and copies[0]() is None
    assert records[0].from_cache
    first_keys = {n.resource_key for n in records[0].notes.items}
    assert f"DocumentReference/{gone['id']}" in first_keys  # the saved copy had it
    final = records[-1]
    assert not final.from_cache
    assert f"DocumentReference/{gone['id']}" not in {n.resource_key for n in final.notes.items}
    assert len(final.labs.items) == len(records[0].labs.items)  # the rest is all still there
    assert len(final.notes.items) == len(first_keys) - 1
