"""Build the sjtui app the way `python -m sjtui` does (sjtui/commands/app.py), for headless runs.

The CLI: `key_manager(settings)` and `unlock_interactively(settings, manager)`; then either
`build_services` + `configure_lock(services, check_passphrase=manager.check_passphrase)` and
`SjtuiApp(service=, settings=, clinician=, start_cpr=, lang=, services=)`, or (when the app
accepts `services_factory`) the same calls, the key manager's too, in a factory the app runs in
a thread after its first frame. We do the same; `deferred=False` forces the first form.

`unlock=True` unlocks the data key as the CLI does (keyring probe, else SJTUI_PASSPHRASE with
scrypt); `unlock=False` uses an in-memory key, which isolates the app's own start-up cost.
`server=None` means the embedded demo backend (in-process, no network).

The idle lock: with a passphrase the passphrase is the lock secret; otherwise the CLI asks
for a PIN at the first start (a modal before the search screen). A benchmark measures a
returning clinician, so call `preset_pin()` for the throwaway SJTUI_HOME first (outside the
timed part: it is one scrypt hash); `lock=False` leaves the lock off altogether.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

BENCH_PIN = "246813"


def preset_pin(home: str | Path) -> None:
    """Store a lock PIN under `home` (an SJTUI_HOME) as a returning clinician has one."""
    from sjtui.access.lock_secret import LockSecret

    data = Path(home) / "data"
    data.mkdir(parents=True, exist_ok=True, mode=0o700)
    LockSecret(data / "lock.json").set(BENCH_PIN)


def make_app(
    *,
    unlock: bool = False,
    server: str | None = None,
    start_cpr: str | None = None,
    use_cache: bool = True,
    lock: bool = True,
    deferred: bool = True,
) -> Any:
    from sjtui.clinician import current_clinician
    from sjtui.config import load_settings, resolve_lang
    from sjtui.ui.app import SjtuiApp

    settings = load_settings(None, server=server)
    key: Any = None
    manager: Any = None
    if not unlock:
        from sjtui.crypto.key import UnlockedKey

        key = UnlockedKey.ephemeral()
    elif not deferred or settings.passphrase_command:
        # As the CLI: the key manager is made and the key unlocked with the services, in their
        # thread after the first frame (sjtui/commands/app.py), except with a
        # passphrase_command or without a deferred start.
        from sjtui.commands.keys import key_manager, unlock_interactively

        manager = key_manager(settings)
        key = unlock_interactively(settings, manager)

    def services_factory() -> Any:
        from sjtui.backend import build_services, configure_lock

        check_passphrase = None
        unlocked = key
        if unlock:
            from sjtui.commands.keys import key_manager

            keys = manager or key_manager(settings)
            check_passphrase = keys.check_passphrase
            if unlocked is None:
                unlocked = keys.unlock()  # keyring or SJTUI_PASSPHRASE: no prompt
        services = build_services(settings, unlocked, use_cache=use_cache)
        if lock:
            configure_lock(services, check_passphrase=check_passphrase)
            if services.needs_pin:
                # A first start would show the PIN window; benchmarks measure a returning user.
                raise RuntimeError("no lock PIN set: call bench.sjtui_app.preset_pin(SJTUI_HOME) first")
        return services

    kwargs: dict[str, Any] = {
        "settings": settings,
        "clinician": current_clinician(settings),
        "start_cpr": start_cpr,
        "lang": resolve_lang(settings),
    }
    # Follow the app's constructor and the CLI as they evolve: when the app can build the
    # services itself after the first frame (`services_factory`), the CLI lets it.
    accepted = inspect.signature(SjtuiApp.__init__).parameters
    if "services_factory" in accepted and deferred:
        kwargs["services_factory"] = services_factory
        return SjtuiApp(**kwargs)
    services = services_factory()
    kwargs["service"] = services.service
    if "services" in accepted:
        kwargs["services"] = services
    elif "recent_reasons" in accepted:
        kwargs["recent_reasons"] = services.recent_reasons
    return SjtuiApp(**kwargs)
