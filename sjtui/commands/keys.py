"""Unlocking the data key from the command line (before the TUI starts).

The keyring is used when it works; otherwise the passphrase comes from `SJTUI_PASSPHRASE`,
`passphrase_command`, or a masked prompt on the terminal (asked twice the first time).
"""

from __future__ import annotations

import getpass
import sys
import time

from sjtui.config import Settings
from sjtui.crypto.errors import KeyUnavailable, WrongPassphrase
from sjtui.crypto.key import UnlockedKey
from sjtui.crypto.unlock import KeyManager

MAX_TRIES = 3


KEY_COPY_FILE = "keyslots.copy.json"  # beside the audit journal (see sjtui.crypto.slot_recovery)
KEY_RESET_MARKER = "key-reset.json"  # the next start records the reset as a security event


def key_manager(settings: Settings) -> KeyManager:
    from sjtui.audit.journal import default_journal_dir

    return KeyManager(
        keyring_timeout=settings.keyring_timeout_seconds,
        passphrase_command=settings.passphrase_command,
        copy_path=default_journal_dir() / KEY_COPY_FILE,
        sealed_data=sealed_audit_data_exists,
    )


def sealed_audit_data_exists() -> bool:
    """Data sealed with the current key remain: journal records or the journal's anchor."""
    from sjtui import locations
    from sjtui.audit.anchor import ANCHOR_FILE
    from sjtui.audit.journal import default_journal_dir

    journal = default_journal_dir() / "journal.jsonl"
    try:
        has_records = journal.stat().st_size > 0
    except OSError:
        has_records = False
    return has_records or (locations.data_dir() / ANCHOR_FILE).exists()


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


def _drop_typed_ahead() -> None:
    """Discard keys typed ahead on the terminal (a passphrase typed again in a hurry) so they
    never reach the shell after the command ends."""
    try:
        import termios

        if sys.stdin.isatty():
            termios.tcflush(sys.stdin.fileno(), termios.TCIFLUSH)
    except (ImportError, OSError, ValueError):
        pass


def unlock_interactively(settings: Settings, manager: KeyManager | None = None) -> UnlockedKey:
    """Unlock the key or raise KeyUnavailable/WrongPassphrase with a plain message."""
    manager = manager or key_manager(settings)
    for attempt in range(MAX_TRIES):
        try:
            return manager.unlock(_terminal_prompt)
        except WrongPassphrase:
            if attempt == MAX_TRIES - 1 or not sys.stdin.isatty():
                _drop_typed_ahead()
                raise
            print("Wrong passphrase. Try again.", file=sys.stderr)
            time.sleep(2**attempt)  # each wrong try waits longer
    raise KeyUnavailable("no key")  # pragma: no cover


# --- `sjtui key passphrase | reset` ------------------------------------------------------------
ENV_NEW_PASSPHRASE = "SJTUI_NEW_PASSPHRASE"  # non-interactive `key passphrase` (scripts, tests)


def run_key(args, settings: Settings) -> int:
    if args.key_command == "passphrase":
        return _add_passphrase(settings)
    return _reset(settings, confirmed=args.yes)


def _new_passphrase() -> str | None:
    import os

    value = os.environ.get(ENV_NEW_PASSPHRASE)
    if value:
        return value
    return _terminal_prompt(True)


def _add_passphrase(settings: Settings) -> int:
    """A (recovery) passphrase beside the keyring: if the keyring entry is ever lost, the
    cache and the audit journal can still be opened with it."""
    manager = key_manager(settings)
    key = unlock_interactively(settings, manager)
    passphrase = _new_passphrase()
    if not passphrase:
        print("sjtui: no new passphrase was given; nothing changed", file=sys.stderr)
        return 2
    if len(passphrase) < 8:
        print("sjtui: a passphrase needs at least 8 characters; nothing changed", file=sys.stderr)
        return 2
    manager.set_passphrase(key, passphrase)
    print("passphrase set: it unlocks the cache and the audit journal, also if the keyring entry is lost")
    return 0


def _reset(settings: Settings, *, confirmed: bool) -> int:
    """Start afresh with a new key when the old one is lost for good: the cache is wiped, the
    audit journal is kept as evidence (its chain still verifies) and a new one begins."""
    from sjtui import locations
    from sjtui.audit.journal import default_journal_dir
    from sjtui.audit.repair import set_journal_aside
    from sjtui.backend import SEALED_DATA_FILES
    from sjtui.cache import default_path as default_cache_path
    from sjtui.cache.purge import wipe

    if not confirmed:
        print(
            "sjtui key reset deletes the key: cached records are wiped and audit entries sealed "
            "with the old key can no longer be read (they are kept as evidence).\n"
            "Run 'sjtui key reset --yes' to go ahead.",
            file=sys.stderr,
        )
        return 2
    import json
    import os
    from datetime import UTC, datetime

    from sjtui.audit.anchor import ANCHOR_FILE

    aside = set_journal_aside(default_journal_dir())
    # sealed with the old key: kept with its journal, so that the old journal can still be
    # exported with the old passphrase or keyring entry (`sjtui audit export --journal DIR`)
    for kept in (
        locations.data_dir() / ANCHOR_FILE,
        default_journal_dir() / KEY_COPY_FILE,
        locations.data_dir() / "keyslots.json",
    ):
        if kept.exists():
            if aside.evidence is not None:
                kept.replace(aside.evidence / kept.name)
            elif kept.name != "keyslots.json":
                kept.unlink()
    marker = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "entries": aside.entries,
        "undelivered": aside.undelivered,
        "evidence": aside.evidence.name if aside.evidence is not None else "",
    }
    default_journal_dir().mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(default_journal_dir() / KEY_RESET_MARKER, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(marker, fh)
    wipe(default_cache_path())
    for name in SEALED_DATA_FILES:  # sealed with the old key
        (locations.data_dir() / name).unlink(missing_ok=True)
    key_manager(settings).reset()
    print("key reset: a new key is made at the next start; the cache was wiped")
    if aside.evidence is not None:
        print(f"audit journal ({aside.entries} entries) kept as evidence: {aside.evidence}")
        if aside.undelivered:
            print(
                f"{aside.undelivered} of them never reached the server; report this to the "
                "municipality's audit contact",
                file=sys.stderr,
            )
    return 0
