"""Delta sync sees deletions: what the server deleted leaves the screen and the cache."""

from __future__ import annotations

import json
from urllib.parse import unquote

import pytest

from sjtui.record.model import Pane
from sjtui.record.queries import PaneQuery, matches

from service_stack import Stack, decoded, find, grant_for, open_all

pytestmark = pytest.mark.usefixtures("stack")


def _keys(record) -> set[str]:
    return {
        item.resource_key for pane in ("labs", "notes", "vaccinations", "cave") for item in getattr(record, pane).items
    }


def _census_requests(entries) -> list[str]:
    """Id listings of whole searches (the access log's delta also asks ids only, but since a mark)."""
    return [
        e.path + "?" + unquote(e.query)
        for e in entries
        if e.method == "GET" and "_elements=id" in unquote(e.query) and "_lastUpdated" not in unquote(e.query)
    ]


async def _open_then_delete_a_note(stack: Stack):
    """Open Poul (the cache fills), then delete his newest note on the server.
    Returns (Poul, the first opening's last Record, the deleted note's key)."""
    poul = await find(stack.service, "1203541237")
    first = (await open_all(stack.service, poul, grant_for(poul)))[-1]
    note = first.notes.items[0].resource_key
    assert stack.app.state.store.delete("DocumentReference", note.partition("/")[2])
    return poul, first, note


def _wrap_search(monkeypatch, wrapper) -> None:
    """Put `wrapper(search, handler, req)` around the demo server's search (`search()` runs it)."""
    from sjtui.demo import handler

    original = handler.FhirHandler.search
    monkeypatch.setattr(
        handler.FhirHandler,
        "search",
        lambda self, req, rtype: wrapper(lambda: original(self, req, rtype), handler, req),
    )


@pytest.mark.parametrize("batch_search", [True, False], ids=["batch", "parallel-gets"])
async def test_what_the_server_deleted_is_gone_after_the_reopen(stack: Stack, monkeypatch, batch_search: bool) -> None:
    if not batch_search:  # a server whose batch cannot search (Google Cloud Healthcare)
        import dataclasses

        from sjtui.fhir.client import FhirClient

        original = FhirClient.capabilities

        async def no_batch_search(self, *args, **kwargs):
            return dataclasses.replace(await original(self, *args, **kwargs), batch_search_supported=False)

        monkeypatch.setattr(FhirClient, "capabilities", no_batch_search)
    poul = await find(stack.service, "1203541237")
    first = (await open_all(stack.service, poul, grant_for(poul)))[-1]
    store = stack.app.state.store
    note = first.notes.items[0].resource_key
    vaccine = first.vaccinations.items[0].resource_key
    for key in (note, vaccine):
        rtype, _, rid = key.partition("/")
        assert store.delete(rtype, rid)
    mark = len(stack.log)

    records = await open_all(stack.service, poul, grant_for(poul))
    assert {note, vaccine} <= _keys(records[0])  # the cached record, shown first
    final = records[-1]
    assert note not in _keys(final) and vaccine not in _keys(final)
    assert len(final.notes.items) == len(first.notes.items) - 1
    assert len(final.labs.items) == len(first.labs.items)  # nothing else went
    # Only the two searches that lost something were listed again (ids only).
    census = _census_requests(stack.log[mark:])
    assert sorted(c.split("?")[0] for c in census) == ["/DocumentReference", "/Immunization"]

    # The cache forgot them too: a third opening, from the cache, does not show them.
    again = await open_all(stack.service, poul, grant_for(poul))
    assert note not in _keys(again[0]) and vaccine not in _keys(again[0])


async def test_a_reopen_with_nothing_deleted_lists_nothing_and_costs_no_round_trip(stack: Stack) -> None:
    poul = await find(stack.service, "1203541237")
    await open_all(stack.service, poul, grant_for(poul))
    await stack.service.deliver_audit()  # the first opening's AuditEvents (one batch) are out
    mark = len(stack.log)
    await open_all(stack.service, poul, grant_for(poul))
    entries = stack.log[mark:]
    assert not _census_requests(entries)
    searches = [
        e
        for e in entries
        if e.method in ("GET", "POST") and e.path in ("/", "") and "searchset" in json.dumps(decoded(e))
    ]  # not the audit delivery's batch
    assert len(searches) == 1  # counts ride in the delta batch


async def test_a_server_without_counts_checks_deletions_by_listing_ids(stack: Stack, monkeypatch) -> None:
    """`_summary=count` unsupported (an error per entry): the sync falls back to listing the
    ids the searches match now, so what the server deleted still goes (issue #10)."""
    poul, _first, note = await _open_then_delete_a_note(stack)

    def no_counts(search, handler, req):
        if any(k == "_summary" and v == "count" for k, v in req.query):
            raise handler.FhirError(400, "not-supported", "no counts here")
        return search()

    _wrap_search(monkeypatch, no_counts)
    final = (await open_all(stack.service, poul, grant_for(poul)))[-1]
    assert not final.offline and not final.from_cache
    assert note not in _keys(final) and _census_requests(stack.log)
    assert final.notes.complete


async def test_without_counts_or_listings_the_saved_copy_is_marked_unverified(stack: Stack, monkeypatch) -> None:
    """Neither a count nor an id listing: the deleted note is kept (unknown), and the pane
    says it is not fully known, with the saved copy's age, never as current."""
    poul, _first, note = await _open_then_delete_a_note(stack)

    def nothing(search, handler, req):
        if any(k == "_summary" for k, _ in req.query) or any(v == "id" for k, v in req.query if k == "_elements"):
            raise handler.FhirError(500, "exception", "no")
        return search()

    _wrap_search(monkeypatch, nothing)
    final = (await open_all(stack.service, poul, grant_for(poul)))[-1]
    assert note in _keys(final)
    assert not final.notes.complete and "unverified" in final.notes.why_unknown()
    assert all(g.as_of is not None for g in final.notes.gaps)


def test_matching_follows_the_category_filter() -> None:
    lab = PaneQuery(Pane.LABS, "Observation", {"patient": "p", "category": "laboratory"})
    home = PaneQuery(Pane.HOME, "Observation", {"patient": "p", "category": "vital-signs"})
    obs = {"resourceType": "Observation", "id": "1", "category": [{"coding": [{"system": "x", "code": "laboratory"}]}]}
    assert matches(obs, lab) and not matches(obs, home)
    assert not matches({"resourceType": "Flag", "id": "1"}, lab)
    assert not matches({"resourceType": "Observation", "category": "junk"}, lab)
    assert matches({"resourceType": "Flag"}, PaneQuery(Pane.CAVE, "Flag", {"patient": "p"}))


async def test_a_listing_cut_short_removes_nothing(stack: Stack, monkeypatch) -> None:
    """A server that stops paging early (a deep-paging cap) must not make data disappear."""
    poul, first, _note = await _open_then_delete_a_note(stack)

    def capped(search, handler, req):
        result = search()
        if any(k == "_elements" and v == "id" for k, v in req.query) and isinstance(result.body, dict):
            result.body["entry"] = (result.body.get("entry") or [])[:2]
            result.body.pop("link", None)
        return result

    _wrap_search(monkeypatch, capped)
    final = (await open_all(stack.service, poul, grant_for(poul)))[-1]
    assert _census_requests(stack.log)  # it did look
    assert len(final.notes.items) == len(first.notes.items)  # and removed nothing
