"""`sjtui` / `sjtui open CPR`: start the Textual app."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from sjtui.config import Settings, check_server_url, load_settings, resolve_lang

if TYPE_CHECKING:
    from sjtui.crypto.key import UnlockedKey
    from sjtui.crypto.unlock import KeyManager


def run_app(args: argparse.Namespace, *, start_cpr: str | None) -> int:
    settings = load_settings(
        Path(args.config) if args.config else None,
        server=args.server,
        lang=args.lang,
        theme=args.theme,
        profile=getattr(args, "profile", None),
    )
    return start_app(settings, start_cpr=start_cpr)


def start_app(settings: Settings, *, start_cpr: str | None, key: UnlockedKey | None = None,
              manager: KeyManager | None = None, lang_flag: str | None = None) -> int:
    """Run the app; `key`/`manager` when the caller unlocked already (`sjtui launch`)."""
    import dataclasses

    if lang_flag:
        settings = dataclasses.replace(settings, lang=lang_flag)
    lang = resolve_lang(settings)
    from sjtui.clinician import current_clinician
    from sjtui.commands.keys import key_manager, unlock_interactively

    if settings.server:
        check_server_url(settings.server)  # a bad URL is said before the screen opens
    manager = manager or key_manager(settings)
    unlocked = key or unlock_interactively(settings, manager)

    def services_factory():  # runs in a thread after the first frame
        from sjtui.backend import build_services, configure_lock  # httpx, demo backend: later

        services = build_services(settings, unlocked, demo_pages=True)
        configure_lock(services, check_passphrase=manager.check_passphrase)
        return services

    from sjtui.ui.app import SjtuiApp
    from sjtui.ui.terminal import wants_mouse

    app = SjtuiApp(
        settings=settings,
        clinician=current_clinician(settings),
        start_cpr=start_cpr,
        lang=lang,
        services_factory=services_factory,
    )
    app.run(mouse=wants_mouse(settings))
    return app.return_code or 0
