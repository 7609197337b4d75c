"""End to end in a real pseudo-terminal against `sjtui demo-server --auth` on a port: sign in
with the device flow (the test approves on the verification page as the user would on a
phone), find Poul, consent, see his record; every access token expires (refreshed unseen);
the session is revoked (the sign-in screen comes back, the search below it continues)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from auth_helpers import (
    USER_CODE,
    PtyScreen,
    approve_on_port,
    child_env,
    demo_server_process,
    spawn_sjtui,
    write_config,
)

pexpect = pytest.importorskip("pexpect")
pytestmark = pytest.mark.pty
CPR = "1203541237"


def _open_poul(child: object, screen: PtyScreen) -> None:
    child.send(CPR)
    child.send("\r")
    screen.wait_for("Adgang til journal")
    child.send("\r")  # the citizen has consented
    screen.wait_for("Begrundelse")
    child.send("Hjemmebesøg, KOL")
    child.send("\r")
    screen.wait_for("Poul Erik Madsen")
    screen.wait_for("Data pr.")


def test_device_sign_in_refresh_and_revocation_in_a_real_terminal(tmp_path: Path) -> None:
    with demo_server_process(tmp_path) as base:
        config = write_config(tmp_path, base)
        child = spawn_sjtui(tmp_path, [], {"SJTUI_CONFIG": str(config)})
        screen = PtyScreen(child)
        try:
            screen.wait_for("Log ind")
            code = screen.wait_for(USER_CODE)
            assert f"{base}/auth/verify" in screen.seen
            approve_on_port(base, code, "hjemmesyg01")
            screen.wait_for("Sygeplejerske Hanne Juul")  # the status bar: who is signed in
            _open_poul(child, screen)
            assert "Laboratoriesvar" in screen.seen

            # Every access token expires; the next request is refreshed without a word.
            httpx.post(f"{base}/auth/demo/expire-all", timeout=10)
            screen.forget()
            child.send("\x1bOQ")  # F2: switch citizen
            screen.wait_for("Find borger")
            _open_poul(child, screen)
            assert "Log ind" not in screen.seen

            # The session is revoked: the sign-in screen comes back over the search, and the
            # search continues once signed in again.
            httpx.post(f"{base}/auth/demo/revoke-user", data={"user": "hjemmesyg01"}, timeout=10)
            screen.forget()
            child.send("\x1bOQ")
            screen.wait_for("Find borger")
            child.send(CPR)
            child.send("\r")
            screen.wait_for("Log ind igen")
            code = screen.wait_for(USER_CODE)
            approve_on_port(base, code, "hjemmesyg01")
            screen.wait_for("Adgang til journal")
            child.send("\x11")  # ctrl+q
            child.expect(pexpect.EOF, timeout=20)
            # Nothing of the audit was lost on the way: the journal's chain is whole.
            verify = subprocess.run(
                [sys.executable, "-m", "sjtui", "audit", "verify"],
                env=child_env(tmp_path),
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert verify.returncode == 0, verify.stdout + verify.stderr
        finally:
            if child.isalive():
                child.terminate(force=True)


def test_in_process_demo_with_sign_in_in_a_real_terminal(tmp_path: Path) -> None:
    """`demo_auth = true`: the embedded demo checks access in-process, and its verification
    page is served on a loopback port a person's browser can open."""
    import re

    config = tmp_path / "config.toml"
    config.write_text("demo_auth = true\n", encoding="utf-8")
    child = spawn_sjtui(tmp_path, [], {"SJTUI_CONFIG": str(config)})
    screen = PtyScreen(child)
    try:
        code = screen.wait_for(USER_CODE)
        base = screen.wait_for(re.compile(r"(http://127\.0\.0\.1:\d+)/auth/verify"))
        approve_on_port(base, code, "akut01")
        screen.wait_for("Sygeplejerske Mads Brink")
        _open_poul(child, screen)
        child.send("\x11")
        child.expect(pexpect.EOF, timeout=20)
    finally:
        if child.isalive():
            child.terminate(force=True)
