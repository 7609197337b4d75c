"""The demo app for overview tests: Poul, Lars or Inge over the embedded demo backend, "now"
pinned to the fixtures' reference date, with the encrypted cache on (so this clinician's
openings are remembered) or off."""

from __future__ import annotations

from datetime import UTC, datetime

from sjtui.access.grant import Clinician
from sjtui.backend import build_services
from sjtui.config import Settings
from sjtui.crypto.key import UnlockedKey
from sjtui.ui.app import SjtuiApp

from ui_fakes import TODAY, open_poul, settle_active_pane, wait_for

NOW = datetime(2026, 11, 20, 13, 5, tzinfo=UTC)
CPRS = {"poul": "1203541237", "lars": "0408572349", "inge": "2311411128"}
NURSE = Clinician("n1", "Sygeplejerske Test", assurance="proven")


def overview_app(
    lang: str = "da",
    *,
    use_cache: bool = True,
    clinician: Clinician = NURSE,
    key: UnlockedKey | None = None,
    real_clock: bool = False,
) -> SjtuiApp:
    """`real_clock`: for openings that must find the previous one's cached copy (the cache's
    retention runs on the real clock; a pinned "now" would find the copy expired)."""
    settings = Settings()
    services = build_services(
        settings,
        key or UnlockedKey.ephemeral(),
        use_cache=use_cache,
        deliver_audit=False,
        clock=None if real_clock else (lambda: NOW),
        clinician=clinician,
    )
    return SjtuiApp(
        service=services.service, settings=settings, lang=lang, today=TODAY, clinician=clinician, services=services
    )


async def open_overview(pilot, who: str = "poul") -> None:
    """Open the citizen and wait until every pane has settled on the overview."""
    await open_poul(pilot, query=CPRS[who])
    await wait_for(pilot, lambda: pilot.app.screen.record.access_log.loaded)
    await wait_for(
        pilot, lambda: pilot.app.screen.record.news is not None and pilot.app.screen.record.news.state != "checking"
    )
    # the opening is complete (its marker stored) once the sync time is set
    await wait_for(pilot, lambda: pilot.app.service.status().last_sync is not None)
    await pilot.pause()
    await settle_active_pane(pilot)
