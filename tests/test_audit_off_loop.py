"""The opening's durable audit append runs off the event loop (issue 14), and still nothing is
shown before it is durable: while the append is held up, the loop keeps serving other tasks,
the status says the log is being written, no Record is yielded and nothing is fetched."""

from __future__ import annotations

import asyncio
import threading

import httpx

from sjtui.access import Basis, Clinician, make_grant
from sjtui.backend import build_services
from sjtui.config import Settings
from sjtui.crypto.key import UnlockedKey
from sjtui.demo.app import create_app
from sjtui.fhir.client import FhirClient
from sjtui.i18n import set_language, t
from sjtui.ui.widgets.status_bar import status_text

NURSE = Clinician(user_id="nurse01", name="Sygeplejerske Test", organisation="Testkommune", workstation="ws1")


class _CountingTransport(httpx.ASGITransport):
    def __init__(self, app) -> None:
        super().__init__(app=app)
        self.requests: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(f"{request.method} {request.url.path}")
        return await super().handle_async_request(request)


async def test_the_opening_append_runs_off_the_loop_and_no_data_comes_before_it(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SJTUI_HOME", str(tmp_path))
    transport = _CountingTransport(create_app())
    client = FhirClient("http://demo", transport=transport, http2=False)
    services = build_services(Settings(), UnlockedKey.ephemeral(), client=client, use_cache=False, deliver_audit=False)
    service, journal = services.service, services.journal
    [poul] = await service.find_citizens("1203541237")
    grant = make_grant(
        patient_id=poul.patient_id,
        cpr=poul.cpr,
        basis=Basis.CURRENT_TREATMENT,
        reason="Akut tilkald, åndenød",
        clinician=NURSE,
    )

    entered, release = threading.Event(), threading.Event()
    loop_thread: list[int] = []
    real_append = journal.append

    def held_append(entry):
        loop_thread.append(threading.get_ident())
        entered.set()
        assert release.wait(10), "the test never released the append"
        return real_append(entry)

    monkeypatch.setattr(journal, "append", held_append)
    status_changes: list[bool] = []
    service.on_status_change = lambda: status_changes.append(service.status().audit_writing)
    requests_before = len(transport.requests)
    yielded: list[object] = []

    async def consume() -> None:
        async for record in service.open(poul, grant):
            yielded.append((record, len(list(journal.entries()))))

    opening = asyncio.create_task(consume())
    while not entered.is_set():  # the append has started ...
        await asyncio.sleep(0.01)
    ticks = 0
    for _ in range(20):  # ... and while it is held, the loop keeps running other tasks
        await asyncio.sleep(0)
        ticks += 1
    assert ticks == 20
    assert loop_thread and loop_thread[0] != threading.get_ident()  # not the loop's thread
    assert yielded == []  # no data before the entry is durable
    assert len(transport.requests) == requests_before  # nothing fetched either
    assert service.status().audit_writing
    set_language("en")
    try:
        assert t("status.audit.writing") in status_text(service.status(), None).plain
    finally:
        set_language("da")

    release.set()
    await asyncio.wait_for(opening, 30)
    assert yielded, "the record was never shown"
    _first_record, entries_then = yielded[0]
    assert entries_then == 2  # the look-up's and the opening's entries existed when the first Record came
    assert [e.kind for e in journal.entries()] == ["search", "open"]
    assert not service.status().audit_writing
    assert status_changes[:2] == [True, False]  # the UI was told both times
    await service.aclose()
