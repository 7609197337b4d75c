"""RecordService over the embedded demo backend: grant first, audit before data, cache and
delta sync, offline, private-marked data, bodies on demand. No terminal involved."""

from __future__ import annotations

import pytest

from sjtui.audit.journal import AuditWriteError
from sjtui.backend import build_services
from sjtui.config import Settings
from sjtui.cpr import InvalidCpr
from sjtui.record.entries import CitizenSummary
from sjtui.record.errors import AuditFailed, NotAuthorised, OfflineError

from service_stack import PANES, Stack, dead_client, decoded, find, grant_for, make_client, open_all


def _resources_sent(entries) -> list[str]:
    """Keys of the clinical resources the server sent in batch responses."""
    keys = []
    for entry in entries:
        if entry.method != "POST" or entry.path not in ("/", ""):
            continue
        for item in decoded(entry).get("entry", []):
            bundle = item.get("resource") or {}
            for e in bundle.get("entry", []):
                r = e["resource"]
                keys.append(f"{r['resourceType']}/{r['id']}")
    return keys


async def test_find_by_cpr_with_or_without_dash_and_by_name(stack: Stack) -> None:
    assert (await find(stack.service, "120354-1237")).patient_id == "poul"
    assert (await find(stack.service, "1203541237")).name == "Poul Erik Madsen"
    assert (await find(stack.service, "Inge Holm")).patient_id == "inge"
    assert await stack.service.find_citizens("0101010000") == []
    with pytest.raises(InvalidCpr):
        await stack.service.find_citizens("310299-1234")


async def test_no_grant_for_this_citizen_means_no_record_data(stack: Stack) -> None:
    poul = await find(stack.service, "1203541237")
    lars = await find(stack.service, "0408572349")
    before = len(stack.log)
    with pytest.raises(NotAuthorised):
        await open_all(stack.service, poul, grant_for(lars))
    with pytest.raises(NotAuthorised):
        await open_all(stack.service, poul, None)
    assert len(stack.log) == before  # nothing was fetched
    # the two look-ups are audited (searches); no opening was
    assert [e.kind for e in stack.services.journal.entries()] == ["search", "search"]


async def test_audit_entry_is_durable_before_the_first_record_is_shown(stack: Stack) -> None:
    poul = await find(stack.service, "1203541237")
    grant = grant_for(poul)
    async for _record in stack.service.open(poul, grant):
        entries = [e for e in stack.services.journal.entries() if e.kind != "search"]
        assert [(e.kind, e.patient_id, e.reason, e.basis) for e in entries] == [
            ("open", "poul", grant.reason, "current-treatment")
        ]
        break


async def test_journal_failure_fails_closed_and_fetches_nothing(stack: Stack, monkeypatch) -> None:
    poul = await find(stack.service, "1203541237")

    def broken(entry):
        raise AuditWriteError("the audit journal cannot be written: disk full")

    monkeypatch.setattr(stack.services.journal, "append", broken)
    before = len(stack.log)
    with pytest.raises(AuditFailed):
        await open_all(stack.service, poul, grant_for(poul))
    assert len(stack.log) == before


async def test_poul_every_pane_filled_with_sources_in_few_round_trips(stack: Stack) -> None:
    poul = await find(stack.service, "1203541237")
    trips_before = stack.service._client.meter.snapshot().round_trips
    records = await open_all(stack.service, poul, grant_for(poul))
    final = records[-1]
    for pane in PANES:
        data = getattr(final, pane)
        assert data.items, pane
        assert data.loaded, pane
        assert not data.unreadable, (pane, data.unreadable[:2])
    assert final.citizen.name == "Poul Erik Madsen"
    assert all(m.name for m in final.medication.items)
    assert any(lab.value for lab in final.labs.items)
    assert all(lab.source.organisation for lab in final.labs.items)
    assert not records[0].from_cache and len(records) >= 2  # progressive: overview first
    assert records[0].cave.loaded and records[0].medication.loaded
    trips = stack.service._client.meter.snapshot().round_trips - trips_before
    # metadata, overview batch, then in parallel (rest + sources batch, next pages of two
    # overview lists), then parent organisations; the audit PUT runs in the background.
    assert trips <= 8, trips


async def test_reopen_shows_cache_first_then_fetches_only_what_changed(stack: Stack) -> None:
    poul = await find(stack.service, "1203541237")
    await open_all(stack.service, poul, grant_for(poul))
    store = stack.app.state.store
    changed = []
    for rtype in ("Observation", "DocumentReference", "MedicationStatement"):
        stored = store.for_patient(rtype, "poul")[0]
        changed.append(store.upsert(store.read(rtype, stored.resource["id"])))
    mark = len(stack.log)

    records = await open_all(stack.service, poul, grant_for(poul))
    assert records[0].from_cache and records[0].as_of is not None
    assert not records[-1].from_cache and not records[-1].offline
    sent = [k for k in _resources_sent(stack.log[mark:]) if not k.startswith("AuditEvent/")]
    assert sorted(sent) == sorted(f"{r['resourceType']}/{r['id']}" for r in changed)
    assert records[-1].notes.items  # the cached data is still all there


async def test_offline_reopen_shows_the_cached_record_and_queues_the_audit(stack: Stack) -> None:
    poul = await find(stack.service, "1203541237")
    await open_all(stack.service, poul, grant_for(poul))
    await stack.service.aclose()

    offline = build_services(Settings(), stack.key, client=dead_client(attempts=2))
    citizen = await find(offline.service, "1203541237")  # found in the cache
    records = await open_all(offline.service, citizen, grant_for(citizen))
    assert records[-1].offline and records[-1].from_cache
    assert records[-1].labs.items
    kinds = [e.kind for e in offline.journal.entries()]
    assert kinds.count("open") == 2
    assert offline.service.status().online is False
    assert offline.outbox.pending_count() >= 1


async def test_offline_without_cache_says_so(stack: Stack, tmp_path, monkeypatch) -> None:
    services = build_services(Settings(), stack.key, client=dead_client(attempts=1))
    citizen = CitizenSummary(
        patient_id="lars", cpr="0408572349", name="Lars", birth_date=None, address="", protected=False
    )
    with pytest.raises(OfflineError):
        await open_all(services.service, citizen, grant_for(citizen))


async def test_private_marked_items_hidden_until_break_the_glass(stack: Stack) -> None:
    mikkel = await find(stack.service, "1405863457")
    grant = grant_for(mikkel)
    hidden = (await open_all(stack.service, mikkel, grant))[-1]
    assert hidden.notes.hidden > 0 and hidden.medication.hidden > 0
    assert not any(n.private for n in hidden.notes.items)

    revealed_grant = await stack.service.break_glass(grant, "Akut forgiftning, behov for medicinliste")
    revealed = (await open_all(stack.service, mikkel, revealed_grant))[-1]
    assert any(n.private for n in revealed.notes.items)
    assert revealed.notes.hidden == 0
    kinds = [e.kind for e in stack.services.journal.entries()]
    assert "break-glass" in kinds
    assert grant.break_glass is None  # the original grant is unchanged


async def test_note_body_fetched_on_demand_then_from_cache(stack: Stack) -> None:
    poul = await find(stack.service, "1203541237")
    grant = grant_for(poul)
    record = (await open_all(stack.service, poul, grant))[-1]
    note = next(n for n in record.notes.items if n.body is None and n.body_url)
    text = await stack.service.load_body(grant, note)
    assert len(text) > 20
    mark = len(stack.log)
    assert await stack.service.load_body(grant, note) == text
    assert not [e for e in stack.log[mark:] if e.path.startswith("/Binary")]
    assert "body-view" in [e.kind for e in stack.services.journal.entries()]


async def test_a_tampered_cache_row_is_dropped_fetched_again_and_noticed(stack: Stack, tmp_path) -> None:
    import sqlite3

    poul = await find(stack.service, "1203541237")
    await open_all(stack.service, poul, grant_for(poul))
    stack.services.cache.close()
    db = sqlite3.connect(tmp_path / "cache" / "records.sqlite")
    ckey, blob = db.execute("SELECT ckey, blob FROM chunks LIMIT 1").fetchone()
    flipped = bytearray(blob)
    flipped[len(flipped) // 2] ^= 0x01
    db.execute("UPDATE chunks SET blob = ? WHERE ckey = ?", (bytes(flipped), ckey))
    db.commit()
    db.close()

    fresh = build_services(Settings(), stack.key, client=make_client(stack.app))
    mark = len(stack.log)
    records = await open_all(fresh.service, poul, grant_for(poul))
    assert any("cache-repaired" in r.notices for r in records)
    final = records[-1]
    assert final.labs.items and final.notes.items and not final.offline
    # Everything was fetched again (not only what changed): the full record went over the wire.
    assert len([k for k in _resources_sent(stack.log[mark:]) if k.startswith("Observation/")]) > 100
