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
        return app.export_screenshot()


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
