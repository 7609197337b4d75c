"""The record screen keeps answering keys while a record is read from the cache and mapped
(both run in threads, issue 14); the next citizen's screen never shows the previous one's
data while it maps; the pane views queued by tab switches are all on disk, in order, after
quitting."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from textual.widgets import TabbedContent

from sjtui.access.grant import Clinician
from sjtui.config import Settings
from sjtui.record import remap as remap_module
from sjtui.record.model import Pane
from sjtui.ui.app import SjtuiApp
from sjtui.ui.keys import TAB_PANES, tab_key
from sjtui.ui.screens.record import RecordScreen
from sjtui.ui.screens.search import SearchScreen

from ui_fakes import TODAY, open_poul, screen_text, start_opening, wait_for

pytestmark = pytest.mark.usefixtures("ui_home")


def stack_app(*, use_cache: bool) -> tuple[SjtuiApp, Any]:
    """The app over the real services on the embedded demo backend."""
    from sjtui.backend import build_services
    from sjtui.crypto.key import UnlockedKey

    settings = Settings()
    services = build_services(settings, UnlockedKey.ephemeral(), use_cache=use_cache, deliver_audit=False)
    app = SjtuiApp(
        service=services.service, settings=settings, clinician=Clinician("n1", "Nurse"), today=TODAY, services=services
    )
    return app, services


class Hold:
    """Wraps a blocking function: while `on`, each call waits (in its thread) until released."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.on = False
        self.entered = threading.Event()
        self.release = threading.Event()
        self.threads: list[int] = []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self.on:
            self.threads.append(threading.get_ident())
            self.entered.set()
            assert self.release.wait(20), "the test never released the call"
        return self.real(*args, **kwargs)


def _complete(app: SjtuiApp) -> bool:
    screen = app.screen
    record = getattr(screen, "record", None)
    return isinstance(screen, RecordScreen) and record is not None and not record.from_cache and record.labs.loaded


async def test_a_slow_cache_load_leaves_the_keys_working_and_the_saved_copy_shows_first() -> None:
    app, services = stack_app(use_cache=True)
    hold = Hold(services.cache.load)
    services.cache.load = hold  # the service reads the saved copy through this
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await wait_for(pilot, lambda: _complete(app))  # the first opening fills the cache
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))

        hold.on = True
        await start_opening(pilot)
        await wait_for(pilot, lambda: hold.entered.is_set())
        screen = app.screen
        assert isinstance(screen, RecordScreen)
        shown: list[bool] = []
        apply = screen.apply
        screen.apply = lambda record: (shown.append(record.from_cache), apply(record))[1]  # type: ignore[method-assign]
        # The saved copy is still being read: the screen answers keys meanwhile.
        assert hold.threads and hold.threads[0] != threading.get_ident()
        labs = tab_key(Pane.LABS)
        await pilot.press(labs)
        await wait_for(pilot, lambda: screen.query_one(TabbedContent).active == Pane.LABS.value)
        assert screen.record is None and shown == []  # nothing shown before the copy is read

        hold.release.set()
        await wait_for(pilot, lambda: _complete(app))
        assert shown[0] is True  # the saved copy came first, then the server's answer
        assert shown[-1] is False
        assert "Poul Erik Madsen" in screen_text(app)


async def test_nothing_of_the_previous_citizen_shows_while_the_next_one_maps(monkeypatch) -> None:
    app, _services = stack_app(use_cache=False)
    hold = Hold(remap_module.map_record)
    monkeypatch.setattr(remap_module, "map_record", hold)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await wait_for(pilot, lambda: _complete(app))
        assert "Poul Erik Madsen" in screen_text(app)
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))

        hold.on = True
        await start_opening(pilot, query="0902792466")  # Ane
        await wait_for(pilot, lambda: hold.entered.is_set())  # her record is being mapped
        await pilot.pause()
        text = screen_text(app)
        assert isinstance(app.screen, RecordScreen) and app.screen.record is None
        assert "Poul" not in text and "120354-1237" not in text
        assert "Ane" in text  # the banner names whom the opening is for

        hold.release.set()
        await wait_for(pilot, lambda: _complete(app))
        text = screen_text(app)
        assert "Ane Kirstine Bach" in text and "Poul" not in text


async def test_every_tab_view_is_on_disk_in_order_after_quitting(monkeypatch) -> None:
    app, services = stack_app(use_cache=False)
    real_append = services.journal.append
    release = threading.Event()

    def slow_append(entry: Any) -> None:
        if entry.kind == "pane-view":  # a slow disk: the views are still being written at the quit
            assert release.wait(20), "the test never released the appends"
        real_append(entry)

    monkeypatch.setattr(services.journal, "append", slow_append)
    tabs = [p for p in TAB_PANES if p is not Pane.OVERVIEW][:4]
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        for pane in tabs:
            await pilot.press(tab_key(pane))
        assert services.service.status().audit_writing  # queued, not yet durable
        assert [e for e in services.journal.entries() if e.kind == "pane-view"] == []
        threading.Timer(0.3, release.set).start()  # the disk answers after the quit key
        await pilot.press("ctrl+q")
        await pilot.pause()
    entries = list(services.journal.entries())
    assert [e.kind for e in entries[:2]] == ["search", "open"]
    views = [e.pane for e in entries if e.kind == "pane-view"]  # (a note's text shown is a body view)
    assert views == [p.value for p in (Pane.OVERVIEW, *tabs)]  # none lost, in the order shown


async def test_leaving_a_record_leaves_none_of_it_in_memory() -> None:
    import gc

    from sjtui.record.model import Record

    gc.collect()
    before = {id(o) for o in gc.get_objects() if isinstance(o, Record)}  # other tests' leftovers
    app, _services = stack_app(use_cache=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await wait_for(pilot, lambda: _complete(app))
        for pane in TAB_PANES:  # every tab built and drawn
            await pilot.press(tab_key(pane))
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, SearchScreen))
        await pilot.pause()
        gc.collect()
        assert not [o for o in gc.get_objects() if isinstance(o, Record) and id(o) not in before]
