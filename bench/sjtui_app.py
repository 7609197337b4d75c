"""Build the sjtui app the way `python -m sjtui` does (sjtui/commands/app.py), for headless runs.

`unlock=True` unlocks the data key as the CLI does (keyring probe, else SJTUI_PASSPHRASE with
scrypt); `unlock=False` uses an in-memory key, which isolates the app's own start-up cost.
`server=None` means the embedded demo backend (in-process, no network).
"""

from __future__ import annotations

import inspect
from typing import Any


def make_app(*, unlock: bool = False, server: str | None = None, start_cpr: str | None = None,
             use_cache: bool = True) -> Any:
    from sjtui.backend import build_services
    from sjtui.clinician import current_clinician
    from sjtui.config import load_settings, resolve_lang
    from sjtui.crypto.key import UnlockedKey
    from sjtui.ui.app import SjtuiApp

    settings = load_settings(None, server=server)
    if unlock:
        from sjtui.commands.keys import unlock_interactively

        key = unlock_interactively(settings)
    else:
        key = UnlockedKey.ephemeral()
    services = build_services(settings, key, use_cache=use_cache)
    kwargs: dict[str, Any] = dict(
        service=services.service,
        settings=settings,
        clinician=current_clinician(settings),
        start_cpr=start_cpr,
        lang=resolve_lang(settings),
    )
    # Follow the app's constructor as it evolves (the CLI passes these when it accepts them).
    accepted = inspect.signature(SjtuiApp.__init__).parameters
    if "services" in accepted:
        kwargs["services"] = services
    elif "recent_reasons" in accepted:
        kwargs["recent_reasons"] = services.recent_reasons
    return SjtuiApp(**kwargs)
