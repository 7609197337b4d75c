"""Errors in the clinician's words, in the UI language: each server fault has its own notice,
and F8 explains it (translated), over the real stack and the demo backend's fault mode."""

from __future__ import annotations

import pytest

from sjtui.access.grant import Clinician
from sjtui.config import Settings
from sjtui.ui.app import SjtuiApp
from sjtui.ui.screens.help import DetailsScreen

from faulty_demo import faulty_client, without_lastn
from ui_fakes import TODAY, screen_text, type_text, wait_for, wait_for_text

pytestmark = pytest.mark.usefixtures("ui_home")


def faulty_app(spec: str, lang: str | None = None, *, lastn: bool = True) -> SjtuiApp:
    from sjtui.backend import build_services
    from sjtui.crypto.key import UnlockedKey

    client, demo = faulty_client(spec)
    if not lastn:
        without_lastn(demo)
    settings = Settings()
    services = build_services(settings, UnlockedKey.ephemeral(), client=client, use_cache=False, deliver_audit=False)
    return SjtuiApp(
        service=services.service,
        settings=settings,
        clinician=Clinician("n1", "Nurse"),
        today=TODAY,
        services=services,
        lang=lang or "da",
    )


async def _search_and_details(spec: str, lang: str | None = None) -> tuple[str, str, str]:
    """The search's on-screen message, and the F8 details (title, text)."""
    app = faulty_app(spec, lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_text(pilot, "#search-input", "Poul")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.last_error is not None)
        await pilot.pause()
        message = screen_text(app)
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailsScreen))
        title, detail = app.last_error
        assert title in screen_text(app)
    return message, title, detail


CASES = {
    "status=401,path=/Patient": ("Log ind igen", "fejlkode 401"),
    "status=403,path=/Patient": ("Ingen adgang", "fejlkode 403"),
    "status=500,path=/Patient": ("Serveren har en fejl", "Forsøg: 4"),
    "html,path=/Patient": ("ikke kan læses", "webside"),
    "gzip-truncated,path=/Patient": ("ikke kan læses", "ikke gyldige data"),
}


@pytest.mark.parametrize("spec", list(CASES))
async def test_each_fault_has_its_own_danish_notice_and_danish_details(spec: str) -> None:
    notice, reason = CASES[spec]
    message, title, detail = await _search_and_details(spec)
    assert notice in title and notice in message
    assert reason in detail
    assert "Serveren svarede med en fejl" not in message
    for english in ("The FHIR server", "answered", "refused", "server capabilities"):
        assert english not in detail


async def test_the_notices_differ_from_one_another() -> None:
    titles = set()
    for spec in CASES:
        _, title, _ = await _search_and_details(spec)
        titles.add(title)
    assert len(titles) == 4  # the HTML page and the truncated answer are both "unreadable"


async def test_english_ui_gets_english_notice_and_details() -> None:
    message, title, detail = await _search_and_details("status=401,path=/Patient", lang="en")
    assert title.startswith("Sign in again") and "Sign in again" in message
    assert "error code 401" in detail and "Look-up: Patient" in detail


async def test_a_refused_paging_link_is_explained_in_danish_in_the_pane() -> None:
    from sjtui.ui.screens.record import RecordScreen

    from ui_fakes import open_poul

    # Without `$lastn` the labs list pages from the first step on (with it, the full list asks
    # 1,000 a page and Poul's fits in one).
    app = faulty_app("behind-proxy=http://internal.invalid:8080/fhir,declared=no", lastn=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        screen = app.screen
        assert isinstance(screen, RecordScreen)
        await wait_for(pilot, lambda: screen.record is not None and screen.record.labs.loaded, tries=100)
        await wait_for(pilot, lambda: "partial" in screen.record.labs.why_unknown(), tries=100)
        await pilot.press("3")  # the labs tab: more than one page, the rest behind the refused link
        text = await wait_for_text(pilot, "Serveren henviste til en anden server")
        assert "different server" not in text
