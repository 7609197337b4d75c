"""`sjtui doctor`: settings, directories, key mode and backend reachability. No personal data."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from sjtui import __version__, locations
from sjtui.config import load_settings, resolve_lang
from sjtui.crypto.errors import KeyUnavailable

if TYPE_CHECKING:
    from sjtui.crypto.unlock import KeyManager


def run_doctor(args: argparse.Namespace) -> int:
    settings = load_settings(Path(args.config) if args.config else None, server=args.server)
    print(f"sjtui {__version__}")
    print(f"config file:  {locations.config_file()}")
    print(f"data dir:     {locations.data_dir()}  (audit journal, key slots)")
    print(f"cache dir:    {locations.cache_dir()}")
    print(f"language:     {resolve_lang(settings)}")
    print(f"backend:      {settings.server or 'embedded demo (in-process)'}")
    from sjtui.config import DOCS

    print("settings:")
    for name, doc in DOCS.items():
        value = getattr(settings, name)
        if name == "passphrase_command" and value:
            value = "(set)"
        print(f"  {name} = {value!r}    # {doc}")

    from sjtui.commands.keys import key_manager

    manager = key_manager(settings)
    probe = manager.probe()
    print(f"keyring:      {'usable' if probe.usable else 'not usable'} ({probe.backend}: {probe.reason})")
    print(f"key mode:     {manager.plan().value} (slots: {manager.describe_mode()})")
    if _keyring_only(manager):
        print("              no recovery passphrase: if the keyring entry is lost, so are the cache "
              "and the audit journal; add one with 'sjtui key passphrase'")

    from sjtui.audit.journal import default_journal_dir
    from sjtui.audit.verify import verify_journal

    result = verify_journal(default_journal_dir())
    print(f"audit chain:  {'intact' if result.ok else 'BROKEN: ' + result.problem} ({result.count} entries)")
    if not result.ok:
        print("              'sjtui audit repair' keeps it as evidence and starts a new chain")
    return asyncio.run(_probe_backend(settings))


def _keyring_only(manager: KeyManager) -> bool:
    try:
        return manager.has_keyring_slot() and not manager.has_passphrase_slot()
    except (KeyUnavailable, OSError):  # damaged slots are reported by the key mode line
        return False


async def _probe_backend(settings) -> int:
    from sjtui.backend import make_client
    from sjtui.fhir.errors import FhirError

    client = make_client(settings)
    try:
        caps = await client.capabilities()
        print(
            f"server:       FHIR {caps.fhir_version or '?'}, {caps.software_name or 'unknown software'}; "
            f"batch searches: {'yes' if caps.batch_search_supported else 'no'}"
        )
        return 0
    except FhirError as exc:
        print(f"server:       unreachable ({exc.message})")
        return 1
    finally:
        await client.aclose()
