"""`sjtui` / `sjtui open CPR`: start the Textual app."""

from __future__ import annotations

import argparse
from pathlib import Path

from sjtui.config import check_server_url, load_settings, resolve_lang


def run_app(args: argparse.Namespace, *, start_cpr: str | None) -> int:
    settings = load_settings(
        Path(args.config) if args.config else None,
        server=args.server,
        lang=args.lang,
        theme=args.theme,
        profile=getattr(args, "profile", None),
    )
    lang = resolve_lang(settings)
    from sjtui.clinician import current_clinician
    from sjtui.commands.keys import key_manager, unlock_interactively

    if settings.server:
        check_server_url(settings.server)  # a bad URL is said before the screen opens
    manager = key_manager(settings)
    key = unlock_interactively(settings, manager)

    def services_factory():  # runs in a thread after the first frame
        from sjtui.backend import build_services, configure_lock  # httpx, demo backend: later

        services = build_services(settings, key)
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
