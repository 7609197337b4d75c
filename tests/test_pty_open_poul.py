"""End to end in a real pseudo-terminal: start sjtui, type Poul's CPR, give consent, see him.

Runs the installed `sjtui` command when there is one, else `python -m sjtui`, in a 120x40
pty with its own SJTUI_HOME and a passphrase from the environment (no prompt, no keyring).
"""

from __future__ import annotations

from pathlib import Path

import pexpect
import pytest

from pty_helpers import Screen, command, environment

pytestmark = pytest.mark.pty


def test_open_poul_in_a_real_terminal(tmp_path: Path) -> None:
    program, args = command()
    env = environment(tmp_path)
    child = pexpect.spawn(
        program, args, env=env, dimensions=(40, 120), encoding="utf-8", codec_errors="replace", cwd=str(tmp_path)
    )
    screen = Screen(child)
    try:
        screen.wait_for("Find borger")
        child.send("1203541237")
        child.send("\r")
        screen.wait_for("Adgang til journal")
        child.send("\r")  # first basis: the citizen has consented
        screen.wait_for("Begrundelse")
        child.send("Hjemmebesøg, KOL")
        child.send("\r")
        screen.wait_for("Poul Erik Madsen")
        screen.wait_for("Laboratoriesvar")
        screen.wait_for("Data pr.")
        child.send("\x11")  # ctrl+q
        child.expect(pexpect.EOF, timeout=20)
    finally:
        if child.isalive():
            child.terminate(force=True)
