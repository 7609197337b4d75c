"""`sjtui` / `sjtui open CPR`: start the Textual app."""

from __future__ import annotations

import argparse
from pathlib import Path

from sjtui.config import load_settings, resolve_lang


def run_app(args: argparse.Namespace, *, start_cpr: str | None) -> int:
    settings = load_settings(
        Path(args.config) if args.config else None,
        server=args.server,
        lang=args.lang,
        theme=args.theme,
    )
    lang = resolve_lang(settings)
    from sjtui.backend import build_services, configure_lock
    from sjtui.clinician import current_clinician
    from sjtui.commands.keys import key_manager, unlock_interactively

    manager = key_manager(settings)
    key = unlock_interactively(settings, manager)
    services = build_services(settings, key)
    configure_lock(services, check_passphrase=manager.check_passphrase)

    from sjtui.ui.app import SjtuiApp
    from sjtui.ui.terminal import wants_mouse

    app = SjtuiApp(
        service=services.service,
        settings=settings,
        clinician=current_clinician(settings),
        start_cpr=start_cpr,
        lang=lang,
        services=services,
    )
    app.run(mouse=wants_mouse(settings))
    return app.return_code or 0
