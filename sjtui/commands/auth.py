"""`sjtui login`, `sjtui logout`, `sjtui launch --iss URL --launch TOKEN`.

Tokens go only into the sealed token store (the data key protects it); nothing secret is
printed, and the CPR of a launch never appears on the command line: the launch context names
the citizen, the app opens the consent window for them.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import shutil
import sys
import webbrowser
from pathlib import Path

from sjtui.config import Settings, load_settings

__all__ = ["run_launch", "run_login", "run_logout"]

NO_BROWSER_ENV = "SJTUI_NO_BROWSER"


def _settings(args: argparse.Namespace, **overrides: object) -> Settings:
    return load_settings(Path(args.config) if args.config else None, server=args.server, **overrides)


def _print_device(code_url: str, user_code: str, complete: str | None) -> None:
    from sjtui.auth.qr import fits, qr_lines

    print(f"Open {code_url} on your phone or any browser and enter the code: {user_code}")
    size = shutil.get_terminal_size((80, 24))
    if complete:
        lines = qr_lines(complete)
        if fits(lines, size.columns, size.lines - 4):
            print("\n".join(lines))
            print("(or scan the QR code)")
    print("Waiting for the sign-in... (ctrl+c cancels)", flush=True)


def run_login(args: argparse.Namespace) -> int:
    settings = _settings(args)
    from sjtui.auth.settings import sign_in_settings

    if sign_in_settings(settings).mode == "none":
        print(
            "sjtui: sign-in is off for this server (set auth in its profile, see `sjtui config init`).", file=sys.stderr
        )
        return 2
    from sjtui.commands.keys import unlock_interactively

    key = unlock_interactively(settings)
    return asyncio.run(_login(settings, key.sealer))


async def _login(settings: Settings, sealer: object) -> int:
    from sjtui.backend import connect

    client, session = connect(settings, sealer=sealer)
    assert session is not None  # noqa: S101 - narrows the type (checked by the caller)
    try:
        if session.mode in ("backend", "static"):
            if await session.authorization() is None:
                print("sjtui: the workstation could not get a token (see `sjtui doctor`).", file=sys.stderr)
                return 2
        else:
            code = await session.begin_device()
            _print_device(code.verification_uri, code.user_code, code.verification_uri_complete)
            await session.complete_device(code)
        identity = session.identity
        if identity is not None:
            how = "signed in" if identity.proven else "identity asserted by this workstation"
            print(f"{how}: {identity.name} ({identity.organisation_label() or identity.user_id})")
        return 0
    finally:
        await session.http.aclose()
        await client.aclose()


def run_logout(args: argparse.Namespace) -> int:
    settings = _settings(args)
    from sjtui.auth.store import TOKENS_FILE
    from sjtui.commands.keys import unlock_interactively
    from sjtui.crypto.errors import KeyUnavailable, WrongPassphrase

    try:
        key = unlock_interactively(settings)
    except (KeyUnavailable, WrongPassphrase):
        from sjtui import locations

        (locations.data_dir() / TOKENS_FILE).unlink(missing_ok=True)  # forgotten unread
        print("signed out (tokens forgotten on this machine)")
        return 0
    from sjtui.auth.settings import sign_in_settings

    if sign_in_settings(settings).mode != "none":
        asyncio.run(_logout(settings, key.sealer))
    from sjtui.auth.wiring import token_store

    store = token_store(key.sealer)
    if store is not None:
        store.clear()
    print("signed out")
    return 0


async def _logout(settings: Settings, sealer: object) -> None:
    from sjtui.backend import connect

    client, session = connect(settings, sealer=sealer)
    if session is not None:
        await session.sign_out()
        await session.http.aclose()
    await client.aclose()


def _can_open_browser() -> bool:
    """Only a graphical browser: on a text console `webbrowser` may start lynx or w3m in this
    very terminal, and over SSH the browser would open on the wrong machine."""
    import os

    if os.environ.get(NO_BROWSER_ENV) or os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"):
        return False
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _open_browser(url: str) -> bool:
    if not _can_open_browser():
        return False
    try:
        return webbrowser.open(url)
    except webbrowser.Error:
        return False


def run_launch(args: argparse.Namespace) -> int:
    from sjtui.config import check_server_url

    iss = check_server_url(args.iss)
    settings = _launch_settings(_settings(args), iss)
    from sjtui.commands.keys import key_manager, unlock_interactively

    manager = key_manager(settings)
    key = unlock_interactively(settings, manager)
    cpr = asyncio.run(_launch(settings, key.sealer, iss, args.launch))
    from sjtui.commands.app import start_app

    return start_app(settings, key=key, manager=manager, start_cpr=cpr, lang_flag=args.lang)


def _launch_settings(settings: Settings, iss: str) -> Settings:
    """The settings for the server the care system names: its profile when one has that server
    (its client id and scope), signing in with the launch; else an ad-hoc `launch` profile."""
    from sjtui.config_profiles import AuthSettings

    known = next((p for p in settings.profiles.values() if p.server.rstrip("/") == iss.rstrip("/")), None)
    profile = (
        dataclasses.replace(known, auth="launch")
        if known is not None
        else AuthSettings(name="launch", server=iss, auth="launch", client_id="sjtui")
    )
    profiles = {**settings.profiles, profile.name: profile}
    return dataclasses.replace(settings, server=iss, profiles=profiles, profile=profile.name)


async def _launch(settings: Settings, sealer: object, iss: str, launch: str) -> str:
    """Sign in for the launch; the launch citizen's CPR (kept in memory only)."""
    from sjtui.auth.launch import ehr_launch
    from sjtui.auth.models import AuthError
    from sjtui.backend import connect

    client, session = connect(settings, sealer=sealer)
    assert session is not None  # noqa: S101 - narrows the type (checked by the caller)
    try:

        def announce(url: str) -> None:
            print("Sign in to open the citizen from the care system:")
            print(url, flush=True)

        result = await ehr_launch(
            session.http,
            iss,
            launch,
            client_id=session.settings.client_id,
            announce=announce,
            open_browser=_open_browser,
        )
        await session.accept(result.body, mode="device", nonce=result.nonce)
        if result.patient is None:
            raise AuthError("The launch named no citizen.")
        patient = await client.read("Patient", result.patient)
        cpr = _cpr_of(patient.resource)
        if not cpr:
            raise AuthError("The launch citizen has no CPR number on the server.")
        return cpr
    finally:
        await session.http.aclose()
        await client.aclose()


def _cpr_of(patient: object) -> str | None:
    if not isinstance(patient, dict):
        return None
    for ident in patient.get("identifier") or []:
        if isinstance(ident, dict) and ident.get("system") == "urn:oid:1.2.208.176.1.2":
            value = ident.get("value")
            return value if isinstance(value, str) else None
    return None
