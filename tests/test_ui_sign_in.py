"""The sign-in screen alone in a tiny host app, against the in-process demo authorisation
server: it shows the address and the code; approving dismisses it signed in; a refusal says
so and Enter starts again; Escape cancels. And the audit names how the identity is known."""

from __future__ import annotations

import re

import httpx
from textual.app import App
from textual.widgets import Static

from sjtui.access.grant import Basis, Clinician, make_grant
from sjtui.audit.entry import AuditEntry
from sjtui.audit.events import to_audit_event
from sjtui.auth.session import AuthSession
from sjtui.auth.settings import SignInSettings
from sjtui.demo import create_app
from sjtui.demo.auth import AuthServer
from sjtui.ui.app import css_paths
from sjtui.ui.screens.signin import SignInScreen

from auth_helpers import approve_device

BASE = "http://demo.test"
CODE = re.compile(r"[B-DF-HJ-NP-TV-XZ]{4}-[B-DF-HJ-NP-TV-XZ]{4}")


class Host(App[None]):
    CSS_PATH = css_paths()

    def __init__(self, session: AuthSession) -> None:
        super().__init__()
        self.session = session
        self.result: bool | None = None

    def on_mount(self) -> None:
        self.push_screen(SignInScreen(self.session), self._done)

    def _done(self, value: bool | None) -> None:
        self.result = value


def _text(app: App[None], selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def _wait_for_code(app: App[None], pilot) -> str:
    for _ in range(200):
        await pilot.pause(0.02)
        found = CODE.search(_text(app, "#signin-code"))
        if found:
            return found.group(0)
    raise AssertionError("no code shown")


async def test_sign_in_screen_shows_the_code_and_signs_in() -> None:
    demo = create_app(auth=AuthServer(device_interval=0))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=demo), base_url=BASE) as http:
        session = AuthSession(http, BASE, SignInSettings(mode="device"))
        app = Host(session)
        async with app.run_test(size=(120, 60)) as pilot:
            code = await _wait_for_code(app, pilot)
            assert f"{BASE}/auth/verify" in _text(app, "#signin-url")
            assert app.screen.query_one("#signin-qr", Static).display  # room for the QR code
            await approve_device(http, code, "misbrug01")
            for _ in range(200):
                if app.result is not None:
                    break
                await pilot.pause(0.02)
            assert app.result is True
            assert session.identity is not None and session.identity.name == "Behandler Sofie Lund"


async def test_refusal_then_retry_and_cancel() -> None:
    demo = create_app(auth=AuthServer(device_interval=0))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=demo), base_url=BASE) as http:
        session = AuthSession(http, BASE, SignInSettings(mode="device"))
        app = Host(session)
        async with app.run_test(size=(80, 24)) as pilot:
            code = await _wait_for_code(app, pilot)
            assert not app.screen.query_one("#signin-qr", Static).display  # no room: no QR code
            await http.post("/auth/verify", data={"user_code": code, "action": "deny"})
            for _ in range(200):
                if "afvist" in _text(app, "#signin-status"):
                    break
                await pilot.pause(0.02)
            assert "afvist" in _text(app, "#signin-status")
            await pilot.press("enter")
            new_code = await _wait_for_code_other_than(app, pilot, code)
            assert new_code != code
            await pilot.press("escape")
            await pilot.pause()
            assert app.result is False and session.identity is None


async def _wait_for_code_other_than(app: App[None], pilot, old: str) -> str:
    for _ in range(200):
        await pilot.pause(0.02)
        found = CODE.search(_text(app, "#signin-code"))
        if found and found.group(0) != old:
            return found.group(0)
    raise AssertionError("no new code")


def test_audit_event_says_how_the_identity_is_known() -> None:
    for assurance in ("workstation", "proven"):
        clinician = Clinician("akut01", "Sygeplejerske Mads Brink", "Vejen Kommune", "ws1", assurance)
        grant = make_grant(
            patient_id="poul", cpr="1203541237", basis=Basis.CONSENT, reason="Hjemmebesøg", clinician=clinician
        )
        event = to_audit_event(AuditEntry.opening(grant))
        details = {d["type"]: d["valueString"] for d in event["entity"][0]["detail"]}
        assert details["sjtui-identity"] == assurance
