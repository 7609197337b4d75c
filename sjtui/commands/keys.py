"""Unlocking the data key from the command line (before the TUI starts).

The keyring is used when it works; otherwise the passphrase comes from `SJTUI_PASSPHRASE`,
`passphrase_command`, or a masked prompt on the terminal (asked twice the first time).
"""

from __future__ import annotations

import getpass
import sys

from sjtui.config import Settings
from sjtui.crypto.errors import KeyUnavailable, WrongPassphrase
from sjtui.crypto.key import UnlockedKey
from sjtui.crypto.unlock import KeyManager

MAX_TRIES = 3


def key_manager(settings: Settings) -> KeyManager:
    return KeyManager(
        keyring_timeout=settings.keyring_timeout_seconds,
        passphrase_command=settings.passphrase_command,
    )


def _terminal_prompt(new: bool) -> str | None:
    if not sys.stdin.isatty():
        return None
    try:
        if new:
            print("sjtui protects its cache and audit journal with a passphrase (no OS keyring here).")
            first = getpass.getpass("Choose a passphrase: ")
            if len(first) < 8:
                print("At least 8 characters, please.")
                return _terminal_prompt(new)
            if getpass.getpass("Repeat the passphrase: ") != first:
                print("The two passphrases differ.")
                return _terminal_prompt(new)
            return first
        return getpass.getpass("sjtui passphrase: ")
    except (EOFError, KeyboardInterrupt):
        return None


def unlock_interactively(settings: Settings, manager: KeyManager | None = None) -> UnlockedKey:
    """Unlock the key or raise KeyUnavailable/WrongPassphrase with a plain message."""
    manager = manager or key_manager(settings)
    for attempt in range(MAX_TRIES):
        try:
            return manager.unlock(_terminal_prompt)
        except WrongPassphrase:
            if attempt == MAX_TRIES - 1 or not sys.stdin.isatty():
                raise
            print("Wrong passphrase. Try again.", file=sys.stderr)
    raise KeyUnavailable("no key")  # pragma: no cover
