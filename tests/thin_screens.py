"""Every screen and dialog of the app as a thin client sees it (80x24), for the monochrome
snapshot tests and the thin-client assertions: an app factory and the keys that bring each
screen up. Build the app after NO_COLOR is set (Textual reads it when the app is made)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sjtui.access.grant import Clinician
from sjtui.config import Settings
from sjtui.record.entries import CaveItem
from sjtui.record.model import PaneData, Source

from ui_fakes import (
    TODAY,
    FakeService,
    make_app,
    open_poul,
    poul_record,
    settle_active_pane,
    wait_for,
)

THIN = (80, 24)
NOW = datetime(2026, 11, 20, 13, 5, tzinfo=UTC)

RunBefore = Callable[[Any], Awaitable[None]]


def demo_app(lang: str = "da", *, settings: Settings | None = None, deliver_audit: bool = False) -> Any:
    """The app over the embedded demo backend (journal and review store included), with "now"
    pinned to NOW and no cache. Audit delivery is held back unless `deliver_audit` (so screens
    that show the audit state stay the same from run to run); `settings` default to Settings()."""
    from sjtui.backend import build_services
    from sjtui.crypto.key import UnlockedKey
    from sjtui.ui.app import SjtuiApp

    if settings is None:
        settings = Settings()
    services = build_services(
        settings, UnlockedKey.ephemeral(), use_cache=False, deliver_audit=deliver_audit, clock=lambda: NOW
    )
    return SjtuiApp(
        service=services.service,
        settings=settings,
        lang=lang,
        today=TODAY,
        clinician=Clinician("n1", "Sygeplejerske Test"),
        services=services,
    )


def long_cave_app() -> Any:
    """Poul with three CAVE entries: the banner has to wrap at 80 columns."""
    record = poul_record()
    when = NOW
    gp = Source("Lægerne Vestergade, Vejen", "", "gp")
    extra = (
        CaveItem(
            resource_key="AllergyIntolerance/c2",
            date=when,
            source=gp,
            private=False,
            course_key="",
            kind="allergy",
            title="Theophyllin",
            detail="Hjertebanken og kvalme",
            criticality="low",
            active=True,
        ),
        CaveItem(
            resource_key="Flag/f1",
            date=when,
            source=gp,
            private=False,
            course_key="",
            kind="warning",
            title="Iltbehandling – brandfare ved rygning og åben ild",
            detail="Sikkerhed",
            criticality="",
            active=True,
        ),
    )
    from dataclasses import replace

    record = replace(record, cave=PaneData(record.cave.items + extra, loaded=True))
    return make_app(FakeService(records={"poul": record}))


def keys(*presses: str) -> RunBefore:
    """Open Poul, then press each key and let the screen settle."""

    async def run_before(pilot: Any) -> None:
        await open_poul(pilot)
        await settle_active_pane(pilot)
        for key in presses:
            await pilot.press(key)
            await pilot.pause()
            await settle_active_pane(pilot)

    return run_before


async def search_hits(pilot: Any) -> None:
    from textual.widgets import Input

    pilot.app.screen.query_one("#search-input", Input).value = "Bach"
    await pilot.press("enter")
    await wait_for(pilot, lambda: pilot.app.screen.query_one("#search-results").row_count == 1)
    await pilot.pause()


async def consent(pilot: Any) -> None:
    from textual.widgets import Input

    from sjtui.ui.screens.consent import ConsentScreen

    pilot.app.screen.query_one("#search-input", Input).value = "1203541237"
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConsentScreen))
    await pilot.pause()


def push(factory: Callable[[], Any], *, opened: bool = True) -> RunBefore:
    """Open Poul (or not), then show the screen `factory` makes, on top."""

    async def run_before(pilot: Any) -> None:
        if opened:
            await open_poul(pilot)
            await settle_active_pane(pilot)
        screen = factory()
        pilot.app.push_screen(screen)
        await wait_for(pilot, lambda: pilot.app.screen is screen)
        await pilot.pause()
        await settle_active_pane(pilot)

    return run_before


def break_glass() -> Any:
    from sjtui.ui.screens.break_glass import BreakGlassScreen

    return BreakGlassScreen("Poul Erik Madsen", 2)


def lock() -> Any:
    from sjtui.ui.screens.lock import LockScreen

    return LockScreen(lambda pin: False, wrong_delay=0)


def passphrase() -> Any:
    from sjtui.ui.screens.passphrase import PassphraseScreen

    return PassphraseScreen(True)


async def error_details(pilot: Any) -> None:
    await open_poul(pilot)
    await settle_active_pane(pilot)
    pilot.app.last_error = (
        "Serveren svarede med en fejl",
        "HTTP 502 Bad Gateway fra GET /Observation?patient=... efter 3 forsøg",
    )
    await pilot.press("f8")
    await pilot.pause()


def audit_review() -> Any:
    """The review screen over a sealed journal with four look-ups in 2026-W47 (in SJTUI_HOME,
    which the `ui_home` fixture points at a fresh folder)."""
    import os
    from datetime import date
    from pathlib import Path

    from sjtui.access.grant import Basis, Grant
    from sjtui.audit.entry import AuditEntry
    from sjtui.audit.journal import AuditJournal
    from sjtui.audit.review import ReviewStore
    from sjtui.crypto.aead import Sealer
    from sjtui.ui.screens.audit_review import AuditReviewScreen

    home = Path(os.environ["SJTUI_HOME"])
    journal = AuditJournal(home / "audit", Sealer(bytes(32)))
    nurse = Clinician("n1", "Hanne Sygeplejerske", "Vejen Kommune", "ws-7")
    doctor = Clinician("d2", "Jens Læge", "Vejen Kommune", "ws-9")
    utc = UTC
    poul = Grant(
        patient_id="poul",
        cpr="1203541237",
        basis=Basis.CONSENT,
        reason="Hjemmebesøg, KOL-forværring og iltbehandling",
        clinician=nurse,
    )
    lars = Grant(
        patient_id="lars",
        cpr="0408572349",
        basis=Basis.CURRENT_TREATMENT,
        reason="Tilsyn efter udskrivelse",
        clinician=doctor,
    )
    journal.append(AuditEntry.opening(poul, at=datetime(2026, 11, 17, 9, 0, tzinfo=utc)))
    journal.append(AuditEntry.pane_view(poul, "labs", at=datetime(2026, 11, 17, 9, 1, tzinfo=utc)))
    journal.append(AuditEntry.opening(lars, at=datetime(2026, 11, 18, 13, 30, tzinfo=utc)))
    store = ReviewStore(home / "review" / "marks.jsonl", Sealer(bytes(32)))
    return AuditReviewScreen(journal, store, "Revisor Test", date(2026, 11, 25), "da", save_dir=home)


@dataclass(frozen=True)
class Scenario:
    app: Callable[[], Any]
    run_before: RunBefore


SCENARIOS: dict[str, Scenario] = {
    "search": Scenario(demo_app, search_hits),
    "consent": Scenario(lambda: make_app(recent_reasons=["Hjemmebesøg, KOL-forværring", "Akut tilkald"]), consent),
    "overview": Scenario(make_app, keys("1")),
    "overview_demo": Scenario(demo_app, keys("1")),
    "cave_banner": Scenario(long_cave_app, keys("1")),
    "notes": Scenario(demo_app, keys("2")),
    "labs": Scenario(make_app, keys("3")),
    "labs_demo": Scenario(demo_app, keys("3")),
    "medication_demo": Scenario(demo_app, keys("5")),
    "home_demo": Scenario(demo_app, keys("7")),
    "basic": Scenario(make_app, keys("9")),
    "help": Scenario(make_app, keys("3", "f1")),
    "break_glass": Scenario(make_app, push(break_glass)),
    "lock": Scenario(make_app, push(lock)),
    "passphrase": Scenario(make_app, push(passphrase, opened=False)),
    "audit_review": Scenario(make_app, push(audit_review, opened=False)),
    "error_details": Scenario(make_app, error_details),
}
