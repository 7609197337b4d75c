"""`sjtui` / `sjtui open -`: start the Textual app, optionally with a citizen chosen.

The CPR of the citizen to open should not be a command-line argument: the arguments of every
process are readable by every local user (`ps`, /proc/<pid>/cmdline) for as long as the app
runs, on a shared thin client too. So the CPR comes from standard input (`sjtui open -`:
`printf %s "$CPR" | sjtui open -`), from the environment (`SJTUI_CPR`, removed from the
app's own environment once read, so programs it starts do not inherit it), or from the
launch context of a SMART EHR launch. The argument form still works, with a warning.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from sjtui.config import Settings, check_server_url, load_settings, resolve_lang

if TYPE_CHECKING:
    from sjtui.crypto.key import UnlockedKey
    from sjtui.crypto.unlock import KeyManager

ENV_CPR = "SJTUI_CPR"
ARGV_WARNING = (
    "sjtui: warning: a CPR number given as an argument is visible to every user of this "
    "machine in the process list while sjtui runs; use 'sjtui open -' (the CPR on standard "
    f"input) or {ENV_CPR} instead"
)


def resolve_start_cpr(
    given: str | None,
    *,
    stdin: TextIO | None = None,
    env: MutableMapping[str, str] | None = None,
    warn: TextIO | None = None,
) -> str | None:
    """The CPR to start with: "-" reads it from `stdin` (one line), none given takes
    `SJTUI_CPR` (and removes it), an argument is used with a warning on `warn`."""
    env = os.environ if env is None else env
    if given == "-":
        source = stdin or sys.stdin
        value = source.readline().strip()
        return value or None
    if given:
        print(ARGV_WARNING, file=warn or sys.stderr)
        return given
    value = env.pop(ENV_CPR, "").strip()
    return value or None


def _terminal_back_on_stdin() -> None:
    """After reading the CPR from a pipe, the app reads its keys from the terminal."""
    if os.isatty(0):
        return
    try:
        fd = os.open("/dev/tty", os.O_RDWR)
    except OSError:
        return  # no terminal at all (a test, a script): Textual says what it needs
    os.dup2(fd, 0)
    os.close(fd)
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115 - the process's stdin


def run_app(args: argparse.Namespace, *, start_cpr: str | None) -> int:
    settings = load_settings(
        Path(args.config) if args.config else None,
        server=args.server,
        lang=args.lang,
        theme=args.theme,
        profile=getattr(args, "profile", None),
    )
    return start_app(settings, start_cpr=start_cpr)


def start_app(
    settings: Settings,
    *,
    start_cpr: str | None,
    key: UnlockedKey | None = None,
    manager: KeyManager | None = None,
    lang_flag: str | None = None,
) -> int:
    """Run the app; `key`/`manager` when the caller unlocked already (`sjtui launch`)."""
    import dataclasses

    if lang_flag:
        settings = dataclasses.replace(settings, lang=lang_flag)
    lang = resolve_lang(settings)
    from_stdin = start_cpr == "-"
    start_cpr = resolve_start_cpr(start_cpr)
    if from_stdin:
        _terminal_back_on_stdin()
    from sjtui.clinician import current_clinician

    if settings.server:
        check_server_url(settings.server)  # a bad URL is said before the screen opens
    # The key is unlocked with the services, in their thread after the first frame: the first
    # screen (the search) needs no key, and nothing saved is shown before the unlock (a search
    # waits for the services). The key manager is made there too (it imports the cryptography
    # and audit modules the first screen does not need). A keyring or SJTUI_PASSPHRASE asks
    # nothing; a passphrase to type is asked inside the app (in its language, see
    # `in_app_unlock`); a failure is one plain line on exit. A passphrase_command may use the
    # terminal itself (a pinentry), so it runs now, before the app takes the terminal.
    if key is None and settings.passphrase_command:
        from sjtui.commands.keys import key_manager, unlock_interactively

        manager = manager or key_manager(settings)
        key = unlock_interactively(settings, manager)
    holder: dict[str, object] = {}
    services_factory = make_services_factory(settings, manager, key, lambda: holder["app"])
    from sjtui.ui.app import SjtuiApp
    from sjtui.ui.terminal import wants_mouse

    app = SjtuiApp(
        settings=settings,
        clinician=current_clinician(settings),
        start_cpr=start_cpr,
        lang=lang,
        services_factory=services_factory,
    )
    holder["app"] = app
    app.run(mouse=wants_mouse(settings))
    return app.return_code or 0


def asks_for_passphrase(settings: Settings, manager: KeyManager) -> bool:
    """True when unlocking needs a passphrase typed by the clinician (no keyring, no
    SJTUI_PASSPHRASE, no passphrase_command): then the app asks for it, not the terminal."""
    from sjtui.crypto.errors import KeySlotsDamaged
    from sjtui.crypto.unlock import ENV_PASSPHRASE, UnlockPlan

    if os.environ.get(ENV_PASSPHRASE) or settings.passphrase_command:
        return False
    try:
        plan = manager.plan()
    except KeySlotsDamaged:
        return False  # said plainly by the unlock itself
    return plan in (UnlockPlan.PASSPHRASE, UnlockPlan.NEW_PASSPHRASE)


def make_services_factory(
    settings: Settings, manager: KeyManager | None, key: UnlockedKey | None, get_app: Callable[[], Any]
) -> Callable[[], Any]:
    """The app's services, built in a thread after the first frame. The key manager is made
    there when none is given (`key_manager(settings)`). With no `key` yet the passphrase is
    asked in the app (`in_app_unlock`); a wrong one is said in place and the next try waits a
    little longer: the app never exits over it."""

    def services_factory() -> Any:
        from sjtui.backend import build_services, configure_lock  # httpx, demo backend: later
        from sjtui.commands.keys import key_manager

        keys = manager or key_manager(settings)
        unlocked = key if key is not None else in_app_unlock(keys, get_app())
        services = build_services(settings, unlocked, demo_pages=True)
        configure_lock(services, check_passphrase=keys.check_passphrase)
        return services

    return services_factory


def in_app_unlock(manager: KeyManager, app: Any) -> UnlockedKey:
    """Unlock with a passphrase asked by the app's own dialog (from a worker thread)."""
    from sjtui.ui.screens.passphrase import ask_passphrase

    def prompt(new: bool) -> str | None:
        check = None if new else manager.check_passphrase  # an existing one: checked in place
        answer: str | None = app.call_from_thread(ask_passphrase, app, new, check)
        return answer

    return manager.unlock(prompt)
