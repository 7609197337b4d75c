"""The idle lock and the first-start PIN dialog alone, in a tiny host app."""

from __future__ import annotations

import threading
from pathlib import Path

from textual.app import App, ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from sjtui.access.lock_secret import LockSecret
from sjtui.i18n import set_language
from sjtui.ui.app import css_paths
from sjtui.ui.screens.lock import LockScreen, SetPinScreen

AUDIT_CSS = Path(__file__).resolve().parents[1] / "styles" / "audit.tcss"
SECRET_RECORD = "Poul Erik Madsen 1203541237"


class Host(App[None]):
    CSS_PATH = [*css_paths(), AUDIT_CSS]

    def __init__(self, screen_factory: object) -> None:
        set_language("da")
        super().__init__()
        self.results: list[object] = []
        self.factory = screen_factory
        self.quits = 0

    def compose(self) -> ComposeResult:
        yield Static(SECRET_RECORD, id="record", markup=False)

    def on_mount(self) -> None:
        self.push_screen(self.factory(), self.results.append)

    async def action_quit(self) -> None:
        self.quits += 1
        self.exit()


class Verifier:
    """A fast stand-in for LockSecret.verify that records the thread it ran on."""

    def __init__(self, pin: str = "246813") -> None:
        self.pin = pin
        self.calls: list[tuple[str, str]] = []

    def __call__(self, value: str) -> bool:
        self.calls.append((value, threading.current_thread().name))
        return value == self.pin


def _message(app: App[None]) -> str:
    return str(app.screen.query_one("#lock-message", Static).render())


async def _settle(app: App[None], pilot: object) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_lock_screen_is_opaque_and_shows_title() -> None:
    verify = Verifier()
    app = Host(lambda: LockScreen(verify, wrong_delay=0))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LockScreen) and not isinstance(app.screen, ModalScreen)
        assert "sjtui er låst" in str(app.screen.query_one("#lock-title", Static).render())
        pin = app.screen.query_one("#lock-pin", Input)
        assert pin.password and not pin.cursor_blink and app.focused is pin
        # nothing of what lies behind is painted
        assert "1203541237" not in app.export_screenshot()
        app.pop_screen()
        await pilot.pause()
        assert "1203541237" in app.export_screenshot()  # (the check can see it)


async def test_wrong_pin_refused_then_correct_pin_unlocks() -> None:
    verify = Verifier()
    app = Host(lambda: LockScreen(verify, wrong_delay=0))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"1111", "enter")
        assert app.screen.query_one("#lock-pin", Input).value == ""  # not kept in the widget
        await _settle(app, pilot)
        assert app.results == []
        assert isinstance(app.screen, LockScreen)
        assert "forkert pin-kode" in _message(app).lower()
        assert app.screen.failures == 1
        await pilot.press(*"246813", "enter")
        await _settle(app, pilot)
        assert app.results == [None]
        assert not isinstance(app.screen, LockScreen)
    assert [v for v, _ in verify.calls] == ["1111", "246813"]
    assert all(name != threading.main_thread().name for _, name in verify.calls)


async def test_empty_pin_and_escape_do_not_unlock() -> None:
    verify = Verifier()
    app = Host(lambda: LockScreen(verify, wrong_delay=0))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "escape")
        await _settle(app, pilot)
        assert app.results == [] and isinstance(app.screen, LockScreen)
        assert "pin-kode" in _message(app).lower()
    assert verify.calls == []


async def test_failing_verifier_never_unlocks() -> None:
    def broken(_: str) -> bool:
        raise OSError("disk gone")

    app = Host(lambda: LockScreen(broken, wrong_delay=0))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"246813", "enter")
        await _settle(app, pilot)
        assert app.results == [] and isinstance(app.screen, LockScreen)
        assert "kunne ikke kontrolleres" in _message(app)


async def test_ctrl_q_quits_from_the_lock_screen() -> None:
    app = Host(lambda: LockScreen(Verifier(), wrong_delay=0))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"12")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.quits == 1 and app.results == []


def test_only_quit_allowed_while_locked() -> None:
    assert LockScreen.allows("quit") and LockScreen.allows("app.quit")
    assert not LockScreen.allows("command_palette")
    assert not LockScreen.allows("app.show_help")


async def test_with_a_real_lock_secret(tmp_path: Path) -> None:
    secret = LockSecret(tmp_path / "lock.json", n=2**8)
    secret.set("975310")
    app = Host(lambda: LockScreen(secret.verify, wrong_delay=0))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"0000", "enter")
        await _settle(app, pilot)
        assert app.results == []
        await pilot.press(*"975310", "enter")
        await _settle(app, pilot)
    assert app.results == [None]


# --- first start: choose a PIN ------------------------------------------------------------------
def _error(app: App[None]) -> str:
    return str(app.screen.query_one("#secret-error", Static).render())


async def test_set_pin_twice() -> None:
    app = Host(SetPinScreen)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.screen.query_one("#secret-first", Input).password
        await pilot.press(*"246813", "enter", *"246813", "enter")
        await pilot.pause()
    assert app.results == ["246813"]


async def test_set_pin_too_short_or_different_refused() -> None:
    app = Host(SetPinScreen)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"1234", "enter")
        await pilot.pause()
        assert app.results == [] and "mindst 6 tegn" in _error(app)
        await pilot.press(*"246813", "enter", *"246914", "enter")
        await pilot.pause()
        assert app.results == [] and "ikke ens" in _error(app)
        assert app.focused is app.screen.query_one("#secret-first", Input)
        await pilot.press(*"135791", "enter", *"135791", "enter")
        await pilot.pause()
    assert app.results == ["135791"]


async def test_set_pin_escape() -> None:
    app = Host(SetPinScreen)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]


async def test_set_pin_required_ignores_escape() -> None:
    app = Host(lambda: SetPinScreen(cancellable=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [] and isinstance(app.screen, SetPinScreen)


# --- the lock asks for what it checks; the PIN's tries are limited (issue 12) -----------------
async def test_in_passphrase_mode_the_lock_asks_for_the_passphrase() -> None:
    verify = Verifier("en lang adgangsfrase")
    app = Host(lambda: LockScreen(verify, wrong_delay=0, kind="passphrase"))
    async with app.run_test(size=(100, 30)) as pilot:
        text = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "adgangsfrase" in text.lower() and "pin" not in text.lower()
        await pilot.press(*"forkert", "enter")
        await _settle(app, pilot)
        assert "forkert adgangsfrase" in _message(app).lower()


async def test_too_many_wrong_pins_block_the_lock(tmp_path: Path) -> None:
    secret = LockSecret(tmp_path / "lock.json", n=2**8)
    secret.set("975310")
    app = Host(lambda: LockScreen(secret.verify, wrong_delay=0))
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(5):
            await pilot.press(*"000000", "enter")
            await _settle(app, pilot)
        assert "spærret" in _message(app)
        await pilot.press(*"975310", "enter")
        await _settle(app, pilot)
        assert app.results == []  # blocked: the right PIN no longer unlocks
    assert LockSecret(tmp_path / "lock.json", n=2**8).blocked()  # and stays so after a restart
