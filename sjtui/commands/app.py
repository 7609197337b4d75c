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
from collections.abc import MutableMapping
from pathlib import Path
from typing import TextIO

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

from sjtui.config import check_server_url, load_settings, resolve_lang


def run_app(args: argparse.Namespace, *, start_cpr: str | None) -> int:
    settings = load_settings(
        Path(args.config) if args.config else None,
        server=args.server,
        lang=args.lang,
        theme=args.theme,
    )
    lang = resolve_lang(settings)
    from_stdin = start_cpr == "-"
    start_cpr = resolve_start_cpr(start_cpr)
    if from_stdin:
        _terminal_back_on_stdin()
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
