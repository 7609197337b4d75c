"""The outbox delivers every journal entry exactly once, through drops and offline periods."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path
from typing import Any

from sjtui.access.grant import Basis, Clinician, make_grant
from sjtui.audit import (
    AuditDeliveryRejected,
    AuditEntry,
    AuditJournal,
    AuditOutbox,
    verify_journal,
)
from sjtui.crypto.aead import Sealer

KEY = Sealer(bytes(32))
CLINICIAN = Clinician("sygpl-17", "Test Sygeplejerske", "Vejen Kommune", "ws-vejen-3")


def _grant():
    return make_grant(
        patient_id="lars",
        cpr="0408572349",
        basis=Basis.CONSENT,
        reason="KOL, hjemmebesøg",
        clinician=CLINICIAN,
    )


class FlakyServer:
    """Stores AuditEvents by id (like PUT). Modes: drop after storing, offline, or fine."""

    def __init__(self, seed: int = 7) -> None:
        self.stored: dict[str, dict[str, Any]] = {}
        self.puts: list[str] = []
        self.offline = False
        self.rng = random.Random(seed)
        self.drop_rate = 0.0
        self.fail_rate = 0.0

    async def put_event(self, event: dict[str, Any]) -> None:
        await asyncio.sleep(0)
        if self.offline or self.rng.random() < self.fail_rate:
            raise ConnectionError("no route to host")  # before the server saw anything
        self.puts.append(event["id"])
        self.stored[event["id"]] = event  # PUT by id: a second PUT replaces, never duplicates
        if self.rng.random() < self.drop_rate:
            raise ConnectionError("connection reset after the server stored the event")


def _journal(tmp_path: Path, n: int) -> tuple[AuditJournal, list[str]]:
    j = AuditJournal(tmp_path / "audit", KEY)
    g = _grant()
    ids = []
    for i in range(n):
        e = AuditEntry.opening(g) if i % 3 == 0 else AuditEntry.pane_view(g, f"pane {i}")
        j.append(e)
        ids.append(e.entry_id)
    return j, ids


async def test_exactly_once_through_drops_and_offline_periods(tmp_path: Path) -> None:
    journal, ids = _journal(tmp_path, 30)
    server = FlakyServer()
    outbox = AuditOutbox(journal, server, tmp_path / "audit" / "delivered.ids")
    assert outbox.pending_count() == 30

    server.offline = True
    report = await outbox.deliver_pending()
    assert (report.sent, report.pending) == (0, 30) and report.failed == 1
    assert server.stored == {}

    server.offline = False
    server.drop_rate, server.fail_rate = 0.4, 0.2
    for round_ in range(200):
        if round_ == 5:  # more openings while delivery is going on (some offline)
            g = _grant()
            for _ in range(5):
                e = AuditEntry.opening(g, offline=True)
                journal.append(e)
                ids.append(e.entry_id)
        # a fresh outbox now and then: the delivered state must survive a restart
        if round_ % 7 == 0:
            outbox = AuditOutbox(journal, server, tmp_path / "audit" / "delivered.ids")
        report = await outbox.deliver_pending()
        if report.pending == 0 and round_ > 5:
            break
    assert outbox.pending_count() == 0
    assert sorted(server.stored) == sorted(ids)  # each entry exactly once on the server
    assert len(server.puts) > len(ids)  # drops happened and were retried with the same id
    assert all(outbox.is_delivered(i) for i in ids)
    assert verify_journal(journal.dir).ok
    assert len(list(journal.entries())) == 35  # nothing was deleted locally


async def test_delivered_only_after_confirmation_and_in_order(tmp_path: Path) -> None:
    journal, ids = _journal(tmp_path, 5)
    server = FlakyServer()
    calls = 0

    async def third_fails(event: dict[str, Any]) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise TimeoutError
        await FlakyServer.put_event(server, event)

    server_put = type("S", (), {"put_event": staticmethod(third_fails)})()
    outbox = AuditOutbox(journal, server_put, tmp_path / "d.ids")
    report = await outbox.deliver_pending()
    assert (report.sent, report.failed, report.pending) == (2, 1, 3)
    assert [outbox.is_delivered(i) for i in ids] == [True, True, False, False, False]
    assert "reached" in report.problem
    report = await outbox.deliver_pending()
    assert (report.sent, report.pending) == (3, 0)
    assert server.puts == ids  # oldest first


async def test_rejected_event_stays_pending_but_does_not_block_others(
    tmp_path: Path,
) -> None:
    journal, ids = _journal(tmp_path, 3)
    stored: list[str] = []

    class Picky:
        async def put_event(self, event: dict[str, Any]) -> None:
            if event["id"] == ids[0]:
                raise AuditDeliveryRejected("422")
            stored.append(event["id"])

    outbox = AuditOutbox(journal, Picky(), tmp_path / "d.ids")
    report = await outbox.deliver_pending()
    assert (report.sent, report.failed, report.pending) == (2, 1, 1)
    assert stored == ids[1:] and outbox.pending_ids() == [ids[0]]


async def test_run_forever_delivers_when_woken(tmp_path: Path) -> None:
    journal, ids = _journal(tmp_path, 2)
    server = FlakyServer()
    outbox = AuditOutbox(journal, server, tmp_path / "d.ids")
    task = asyncio.create_task(outbox.run_forever(interval=60))
    try:
        for _ in range(100):
            await asyncio.sleep(0.01)
            if outbox.pending_count() == 0:
                break
        e = AuditEntry.opening(_grant())
        journal.append(e)
        outbox.wake()
        for _ in range(100):
            await asyncio.sleep(0.01)
            if e.entry_id in server.stored:
                break
        assert sorted(server.stored) == sorted([*ids, e.entry_id])
    finally:
        task.cancel()


def test_torn_delivered_line_is_not_counted(tmp_path: Path) -> None:
    journal, ids = _journal(tmp_path, 2)
    state = tmp_path / "d.ids"
    state.write_bytes(ids[0].encode() + b"\n" + ids[1][:10].encode())
    outbox = AuditOutbox(journal, FlakyServer(), state)
    assert outbox.pending_ids() == [ids[1]]
