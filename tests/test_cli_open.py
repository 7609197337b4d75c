"""`sjtui open` takes the CPR without putting it in the process list: from standard input
(`sjtui open -`) or SJTUI_CPR; the argument form still works and warns (issue 12)."""

from __future__ import annotations

import io

import pytest

from sjtui.cli import main
from sjtui.commands.app import ENV_CPR, resolve_start_cpr


def test_the_cpr_from_standard_input() -> None:
    warn = io.StringIO()
    assert resolve_start_cpr("-", stdin=io.StringIO("120354-1237\n"), env={}, warn=warn) == "120354-1237"
    assert warn.getvalue() == ""


def test_the_cpr_from_the_environment_is_not_passed_on() -> None:
    env = {ENV_CPR: "1203541237"}
    assert resolve_start_cpr(None, env=env, warn=io.StringIO()) == "1203541237"
    assert ENV_CPR not in env  # programs the app starts do not inherit it


def test_the_argument_form_warns() -> None:
    warn = io.StringIO()
    assert resolve_start_cpr("1203541237", env={}, warn=warn) == "1203541237"
    assert "process list" in warn.getvalue() and "1203541237" not in warn.getvalue()


@pytest.fixture
def started(tmp_path, monkeypatch):
    """`main` runs up to the app; the app records what it was started with instead of running."""
    monkeypatch.setenv("SJTUI_HOME", str(tmp_path))
    monkeypatch.setenv("SJTUI_PASSPHRASE", "correct horse battery")
    monkeypatch.delenv(ENV_CPR, raising=False)
    seen: dict[str, object] = {}

    class StubApp:
        def __init__(self, **kwargs) -> None:
            seen.update(kwargs)
            self.return_code = 0

        def run(self, **_kwargs) -> None:
            return None

    import sjtui.commands.app
    import sjtui.ui.app

    monkeypatch.setattr(sjtui.ui.app, "SjtuiApp", StubApp)
    # (the real one puts the terminal back on fd 0 for the app's keys: not in a test process)
    monkeypatch.setattr(sjtui.commands.app, "_terminal_back_on_stdin", lambda: None)
    return seen


def test_sjtui_open_dash_reads_standard_input(started, monkeypatch, capsys) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("120354-1237\n"))
    assert main(["open", "-"]) == 0
    assert started["start_cpr"] == "120354-1237"
    assert "process list" not in capsys.readouterr().err


def test_sjtui_open_takes_sjtui_cpr(started, monkeypatch, capsys) -> None:
    monkeypatch.setenv(ENV_CPR, "040857-2349")
    assert main(["open"]) == 0
    assert started["start_cpr"] == "040857-2349"


def test_sjtui_open_with_an_argument_warns(started, capsys) -> None:
    assert main(["open", "120354-1237"]) == 0
    assert started["start_cpr"] == "120354-1237"
    assert "process list" in capsys.readouterr().err
