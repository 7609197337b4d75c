"""`sjtui doctor`: settings, directories, key mode, audit chain, then the configured server
checked end to end (`doctor_server`). No personal data. Exit status 1 when a check fails."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from sjtui import __version__, locations
from sjtui.config import DOCS, load_settings_with_sources, resolve_lang
from sjtui.crypto.errors import KeyUnavailable

if TYPE_CHECKING:
    from sjtui.crypto.unlock import KeyManager


def run_doctor(args: argparse.Namespace) -> int:
    settings, sources = load_settings_with_sources(
        Path(args.config) if args.config else None, server=args.server, profile=getattr(args, "profile", None)
    )
    print(f"sjtui {__version__}")
    print(f"config file:  {locations.config_file()}")
    print(f"data dir:     {locations.data_dir()}  (audit journal, key slots)")
    print(f"cache dir:    {locations.cache_dir()}")
    print(f"language:     {resolve_lang(settings)}")
    print("settings:     (where each came from: `sjtui config show`)")
    for name in DOCS:
        value: object = getattr(settings, name)
        if name == "passphrase_command" and value:
            value = "(set)"
        if name == "profiles":
            value = sorted(settings.profiles)
        print(f"  {name} = {value!r}    [{sources.get(name, 'default')}]")

    from sjtui.commands.keys import key_manager

    manager = key_manager(settings)
    probe = manager.probe()
    print(f"keyring:      {'usable' if probe.usable else 'not usable'} ({probe.backend}: {probe.reason})")
    print(f"key mode:     {manager.plan().value} (slots: {manager.describe_mode()})")
    if _keyring_only(manager):
        print(
            "              no recovery passphrase: if the keyring entry is lost, so are the cache "
            "and the audit journal; add one with 'sjtui key passphrase'"
        )

    from sjtui.audit.journal import default_journal_dir
    from sjtui.audit.verify import verify_journal

    result = verify_journal(default_journal_dir())
    print(f"audit chain:  {'intact' if result.ok else 'BROKEN: ' + result.problem} ({result.count} entries)")
    if not result.ok:
        print("              'sjtui audit repair' keeps it as evidence and starts a new chain")

    from sjtui.commands.doctor_server import check_server

    report = asyncio.run(check_server(settings))
    failed = report.failed
    if not result.ok:
        failed.insert(0, "audit chain: broken")
    if failed:
        print("NOT OK: " + "; ".join(failed))
        return 1
    print("all checks passed")
    return 0


def _keyring_only(manager: KeyManager) -> bool:
    try:
        return manager.has_keyring_slot() and not manager.has_passphrase_slot()
    except (KeyUnavailable, OSError):  # damaged slots are reported by the key mode line
        return False
