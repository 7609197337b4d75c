"""End to end in a real pseudo-terminal: start sjtui, type Poul's CPR, give consent, see him.

Runs the installed `sjtui` command when there is one, else `python -m sjtui`, in a 120x40
pty with its own SJTUI_HOME and a passphrase from the environment (no prompt, no keyring).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pexpect
import pytest

pytestmark = pytest.mark.pty
REPO = Path(__file__).resolve().parents[1]
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-B]|\x1b[=>78]")


def _command() -> tuple[str, list[str]]:
    installed = shutil.which("sjtui")
    if installed:
        return installed, []
    return sys.executable, ["-m", "sjtui"]


class Screen:
    """Collects the app's output and answers "has this text appeared yet?"."""

    def __init__(self, child: pexpect.spawn) -> None:
        self.child = child
        self.seen = ""

    def wait_for(self, needle: str, timeout: float = 30.0) -> None:
        import time

        deadline = time.monotonic() + timeout
        while needle not in self.seen:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{needle!r} did not appear; last output: {self.seen[-800:]!r}")
            try:
                chunk = self.child.read_nonblocking(65536, timeout=min(1.0, remaining))
            except pexpect.TIMEOUT:
                continue
            # Textual moves the cursor between cells: drop escapes, keep the text in order.
            self.seen += ANSI.sub("", chunk)


def test_open_poul_in_a_real_terminal(tmp_path: Path) -> None:
    program, args = _command()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SSH_", "TEXTUAL"))}
    env.update(
        {
            "SJTUI_HOME": str(tmp_path),
            "SJTUI_PASSPHRASE": "test-passphrase",
            "TERM": "xterm-256color",
            "PYTHONPATH": str(REPO) + os.pathsep + env.get("PYTHONPATH", ""),
            "LANG": "da_DK.UTF-8",
            "COLUMNS": "120",
            "LINES": "40",
        }
    )
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
