"""Facts about the terminal the app runs in (the terminal is a link too, DESIGN.md §5)."""

from __future__ import annotations

import os
from collections.abc import Mapping

from sjtui.config import Settings


def in_ssh_session(environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return bool(env.get("SSH_CONNECTION") or env.get("SSH_TTY") or env.get("SSH_CLIENT"))


def wants_mouse(settings: Settings, environ: Mapping[str, str] | None = None) -> bool:
    """Mouse reporting on or off. 'auto' turns it off over SSH: every motion event makes the
    app repaint, which costs kilobytes per move on a weak line."""
    if settings.mouse == "on":
        return True
    if settings.mouse == "off":
        return False
    return not in_ssh_session(environ)


def linux_console(environ: Mapping[str, str] | None = None) -> bool:
    """The Linux text console (TERM=linux): 16 colours and a font without the thin block
    glyphs (▔▁▊▎) Textual draws text fields with; styles/monochrome.tcss avoids them."""
    env = os.environ if environ is None else environ
    return env.get("TERM", "") == "linux"
