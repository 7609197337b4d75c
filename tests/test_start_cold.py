"""Cold start (issue 6): the first frame needs only the search screen, and choosing the
theme before the stylesheet is parsed looks exactly like switching to it later."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sjtui.config import Settings
from sjtui.ui.themes import DEFAULT, HIGH_CONTRAST

from ui_fakes import make_app

REPO = Path(__file__).resolve().parent.parent


pytestmark = pytest.mark.usefixtures("ui_home")


async def _screenshot(theme_setting: str, switch_to: str | None = None) -> str:
    app = make_app(settings=Settings(theme=theme_setting))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        if switch_to is not None:
            app.theme = switch_to  # Textual's own path: the watcher re-parses the CSS
            await pilot.pause()
        # The screen as it settles (a loaded machine may need more than one refresh after the
        # stylesheet changed): two screenshots in a row the same.
        shot = app.export_screenshot()
        for _ in range(20):
            await pilot.pause(0.05)
            again = app.export_screenshot()
            if again == shot:
                break
            shot = again
        return shot


@pytest.mark.parametrize(
    ("setting", "other", "name"),
    [
        ("high-contrast", "default", HIGH_CONTRAST),
        ("default", "high-contrast", DEFAULT),
    ],
)
async def test_a_start_theme_looks_like_switching_to_it(setting: str, other: str, name: str) -> None:
    started = await _screenshot(setting)
    switched = await _screenshot(other, switch_to=name)
    assert started == switched


async def test_the_start_theme_is_the_app_theme_and_its_class() -> None:
    app = make_app(settings=Settings(theme="high-contrast"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == HIGH_CONTRAST
        assert app.has_class(f"-theme-{HIGH_CONTRAST}") and not app.has_class(f"-theme-{DEFAULT}")
        app.theme = DEFAULT  # F9 later still works as usual
        await pilot.pause()
        assert app.has_class(f"-theme-{DEFAULT}") and not app.has_class(f"-theme-{HIGH_CONTRAST}")


_FIRST_FRAME_PROBE = r"""
import json, sys
from bench.sjtui_app import make_app
app = make_app()  # as the CLI builds it: settings, clinician, in-memory key, deferred services
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {"sjtui", "cryptography", "httpx", "pydantic", "keyring"})))
"""

# Shown later or built after the first frame: importing them before it costs cold start.
NOT_BEFORE_FIRST_FRAME = (
    "sjtui.ui.screens.consent",
    "sjtui.ui.screens.lock",
    "sjtui.ui.screens.help",
    "sjtui.ui.screens.record",
    "sjtui.ui.screens.break_glass",
    "sjtui.ui.opening",
    "sjtui.backend",
    "sjtui.crypto.unlock",
    "cryptography",
    "httpx",
    "pydantic",
    "keyring",
)


def test_building_the_app_imports_only_what_the_first_frame_needs(tmp_path: Path) -> None:
    env = {"PYTHONPATH": str(REPO), "SJTUI_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", _FIRST_FRAME_PROBE],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    loaded = set(json.loads(out.splitlines()[-1]))
    assert "sjtui.ui.screens.search" in loaded
    early = sorted(m for m in loaded if any(m == n or m.startswith(n + ".") for n in NOT_BEFORE_FIRST_FRAME))
    assert early == []


# --- The real CLI path (issue 14): `sjtui` up to the app's first frame ----------------------

_CLI_PROBE = r"""
import json, sys
import sjtui.ui.app as ui_app

def first_frame_would_come_now(self, **kw):  # the point where `sjtui` hands over to Textual
    print(json.dumps(sorted(sys.modules)))

ui_app.SjtuiApp.run = first_frame_would_come_now
from sjtui.cli import main
raise SystemExit(main([]))
"""

# Not needed for the search screen: the key unlock (cryptography, the key slots, keyring),
# the audit journal, the record's entry types and model, the other language's texts, the tz
# database. They come with the services, in their thread after the first frame.
NOT_BEFORE_THE_CLI_FIRST_FRAME = (
    *NOT_BEFORE_FIRST_FRAME,
    "sjtui.commands.keys",
    "sjtui.crypto",
    "sjtui.audit",
    "sjtui.record.entries",
    "sjtui.record.model",
    "sjtui.i18n.en",
    "zoneinfo",
)


def test_the_cli_imports_only_what_the_first_frame_needs(tmp_path: Path) -> None:
    env = {
        "PYTHONPATH": str(REPO),
        "SJTUI_HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",  # never the OS keyring
        "LANG": "da_DK.UTF-8",  # a Danish start
    }
    done = subprocess.run(
        [sys.executable, "-c", _CLI_PROBE], env=env, cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-800:]
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert "sjtui.ui.screens.search" in loaded
    early = sorted(m for m in loaded if any(m == n or m.startswith(n + ".") for n in NOT_BEFORE_THE_CLI_FIRST_FRAME))
    assert early == []


async def test_the_key_is_unlocked_after_the_first_frame_and_before_any_citizen_is_shown(monkeypatch) -> None:
    """The CLI's services factory makes the key manager and unlocks the key in its thread:
    the search screen is there first; a search typed meanwhile shows nothing until the key
    is unlocked, then its result."""
    import threading

    from sjtui import locations
    from sjtui.access.grant import Clinician
    from sjtui.access.lock_secret import LockSecret
    from sjtui.commands import keys
    from sjtui.commands.app import make_services_factory
    from sjtui.crypto.unlock import KeyManager
    from sjtui.ui.app import SjtuiApp

    from crypto_fakes import MemoryKeyring
    from ui_fakes import TODAY, screen_text, type_text, wait_for

    LockSecret(locations.data_dir() / "lock.json").set("246813")  # a returning clinician
    ring = MemoryKeyring()
    release = threading.Event()
    events: list[str] = []

    class HeldKeyManager(KeyManager):
        def unlock(self, prompt=None):  # type: ignore[no-untyped-def]
            events.append("unlock asked")
            assert release.wait(10)
            key = super().unlock(prompt)
            events.append("unlocked")
            return key

    def key_manager(settings: Settings) -> KeyManager:
        events.append(f"key manager made in {threading.current_thread().name}")
        return HeldKeyManager(keyring_backend=ring, env={})

    monkeypatch.setattr(keys, "key_manager", key_manager)
    holder: dict[str, SjtuiApp] = {}
    factory = make_services_factory(Settings(), None, None, lambda: holder["app"])
    assert events == []  # building the factory makes no key manager
    app = SjtuiApp(settings=Settings(), clinician=Clinician("n1", "Nurse"), today=TODAY, services_factory=factory)
    holder["app"] = app
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: "unlock asked" in events)
        assert "Find borger" in screen_text(app)  # the first screen, before the key
        assert events[0].startswith("key manager made in") and "MainThread" not in events[0]
        await type_text(pilot, "#search-input", "1203541237")
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert "Poul" not in screen_text(app) and app.services is None  # nothing before the unlock
        release.set()
        await wait_for(pilot, lambda: "Poul" in screen_text(app))
        assert events[-1] == "unlocked" and app.services is not None
