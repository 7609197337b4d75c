"""Running sjtui in a real pseudo-terminal (pexpect): the command, its environment and a
screen that answers "has this text appeared yet?"."""

from __future__ import annotations

import os
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-B]|\x1b[=>78]")
F7 = "\x1b[18~"
DOWN = "\x1b[B"
CTRL_Q = "\x11"


def command() -> tuple[str, list[str]]:
    installed = shutil.which("sjtui")
    if installed:
        return installed, []
    return sys.executable, ["-m", "sjtui"]


def environment(home: Path, columns: int = 120, lines: int = 40) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SSH_", "TEXTUAL"))}
    env.update(
        {
            "SJTUI_HOME": str(home),
            "SJTUI_PASSPHRASE": "test-passphrase",
            "TERM": "xterm-256color",
            "PYTHONPATH": str(REPO) + os.pathsep + env.get("PYTHONPATH", ""),
            "LANG": "da_DK.UTF-8",
            "COLUMNS": str(columns),
            "LINES": str(lines),
        }
    )
    return env


class Screen:
    """Collects the app's output and answers "has this text appeared yet?"."""

    def __init__(self, child: Any) -> None:
        self.child = child
        self.seen = ""

    def wait_for(self, needle: str, timeout: float = 30.0) -> None:
        import pexpect

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

    def mark(self) -> None:
        """Forget what was seen so far (the next wait looks at new output only)."""
        self.seen = ""
