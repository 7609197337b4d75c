"""Speed work on the opening (issue 6): what goes over the wire first, and the benchmark's
"overview on screen" measure (bench/bench_overview.py) still seeing a real painted overview."""

from __future__ import annotations

import asyncio
import gzip
import time

import httpx

from sjtui.access import Basis, Clinician, make_grant
from sjtui.backend import build_services
from sjtui.config import Settings
from sjtui.crypto.key import UnlockedKey
from sjtui.demo.app import create_app
from sjtui.fhir.client import FhirClient

NURSE = Clinician(user_id="nurse01", name="Sygeplejerske Test", organisation="Testkommune", workstation="ws1")


class _Watching(httpx.ASGITransport):
    """An ASGI transport that notes, per request, how many journal entries existed then."""

    def __init__(self, app, journal_size) -> None:
        super().__init__(app=app)
        self.journal_size = journal_size
        self.seen: list[tuple[str, str, int]] = []
        self.audit_batches: list[int] = []  # index in `seen` of each batch carrying AuditEvents

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append((request.method, request.url.path, self.journal_size()))
        body = request.content
        if request.headers.get("content-encoding") == "gzip":
            body = gzip.decompress(body)
        if request.method == "POST" and b'"AuditEvent"' in body:
            self.audit_batches.append(len(self.seen) - 1)
        return await super().handle_async_request(request)


async def test_overview_request_leaves_first_after_the_audit_and_the_auditevents_after_it_settled(
    tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("SJTUI_HOME", str(tmp_path))
    holder: dict = {}
    transport = _Watching(create_app(), lambda: len(list(holder["journal"].entries())))
    client = FhirClient("http://demo", transport=transport, http2=False)
    services = build_services(Settings(), UnlockedKey.ephemeral(), client=client)
    holder["journal"] = services.journal
    service = services.service
    try:
        poul = (await service.find_citizens("1203541237"))[0]
        grant = make_grant(
            patient_id=poul.patient_id,
            cpr=poul.cpr,
            basis=Basis.CURRENT_TREATMENT,
            reason="Akut tilkald, åndenød",
            clinician=NURSE,
        )
        before = len(transport.seen)
        first_seen = None
        async for _record in service.open(poul, grant):
            if first_seen is None:
                first_seen = list(transport.seen[before:])
        opening = transport.seen[before:]
        # The overview batch is the opening's first request, sent with the entry already written.
        assert opening[0][0] == "POST" and opening[0][1] in ("", "/")
        assert opening[0][2] == 2  # the look-up (search) and this opening
        # Nothing competes with the record for the uplink: no AuditEvent goes out before the
        # record has settled; then the opening's events go as one batch request.
        assert not any(m == "PUT" for m, p, _ in opening)
        assert transport.audit_batches == []
        for _ in range(50):
            if transport.audit_batches:
                break
            await asyncio.sleep(0.01)
        assert len(transport.audit_batches) == 1 and transport.audit_batches[0] >= len(transport.seen) - 1
        assert not any(m == "PUT" for m, p, _ in transport.seen)
    finally:
        await service.aclose()


async def test_bench_frame_watch_times_a_frame_that_shows_the_overview(tmp_path, monkeypatch) -> None:
    """The bench's measure must not get easier than "overview painted": the frame it times is
    composed after the overview pane drew the record, and that frame shows the overview."""
    from bench import bench_overview as bench
    from bench.sjtui_app import make_app, preset_pin

    from ui_fakes import screen_text

    monkeypatch.setenv("SJTUI_HOME", str(tmp_path))
    preset_pin(tmp_path)
    app = make_app(server=None, use_cache=False)  # the embedded demo backend
    async with app.run_test(size=(120, 40)) as pilot:
        watch = bench._FrameWatch(app)
        await pilot.press(*"1203541237", "enter")
        assert await bench._until(lambda: type(app.screen).__name__ == "ConsentScreen", 15)
        await pilot.press("enter", *"Benchmark af åbning")
        seen: list[str] = []

        def drawn() -> bool:
            if bench._overview_drawn(app, final=False):
                seen.append(screen_text(app))  # the screen as this frame leaves it
                return True
            return False

        watch.expect("overview", drawn)
        t0 = time.perf_counter()
        await pilot.press("enter")
        assert await bench._until(lambda: "overview" in watch.times, 15)
        assert watch.times["overview"] > t0
        assert "Poul Erik Madsen" in seen[0]
        assert "Spiolto Respimat" in seen[0]  # an active medication, shown by the overview only


class _SlowService:
    """A FakeService whose opening waits on an event before the first Record."""

    def __init__(self) -> None:
        from ui_fakes import FakeService

        self.fake = FakeService()
        self.release = asyncio.Event()

    def __getattr__(self, name):
        return getattr(self.fake, name)

    async def open(self, citizen, grant):
        await self.release.wait()
        async for record in self.fake.open(citizen, grant):
            yield record


async def test_opening_a_record_leaves_the_garbage_collector_on(tmp_path, monkeypatch) -> None:
    """No process-wide GC switch (issue 14): the cyclic GC stays on while the first Record
    travels, after the overview is painted, and when the screen goes before any data came."""
    import gc

    from sjtui.ui.screens.record import RecordScreen
    from sjtui.ui.screens.search import SearchScreen

    from ui_fakes import make_app, start_opening, wait_for

    monkeypatch.setenv("SJTUI_HOME", str(tmp_path))
    assert gc.isenabled()
    service = _SlowService()
    app = make_app(service)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            for leave_early in (True, False):
                service.release.clear()
                await start_opening(pilot)
                await wait_for(pilot, lambda: isinstance(app.screen, RecordScreen))
                await pilot.pause()
                assert gc.isenabled()  # waiting for the first Record
                if leave_early:
                    app.screen.action_switch_citizen()
                    await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
                    await pilot.pause()
                    assert gc.isenabled()
                    continue
                service.release.set()
                await wait_for(
                    pilot,
                    lambda: (
                        isinstance(app.screen, RecordScreen)
                        and app.screen.record is not None
                        and app.screen.record.notes.loaded
                    ),
                )
                await pilot.pause()
                assert gc.isenabled()
    finally:
        gc.enable()
