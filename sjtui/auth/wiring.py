"""Building the signed-in session for the configured server (used by the composition root
and the `login`/`logout`/`launch` commands)."""

from __future__ import annotations

import os
import ssl
from typing import TYPE_CHECKING

import httpx

from sjtui import locations
from sjtui.config import Settings

from .models import Identity
from .settings import SignInSettings, sign_in_settings
from .store import TOKENS_FILE, SealerLike, TokenStore

if TYPE_CHECKING:  # the session (and joserfc under it) is imported only when sign-in is on
    from .session import AuthSession

__all__ = ["STATIC_TOKEN_ENV", "asserted_identity", "make_auth_session", "token_store"]

STATIC_TOKEN_ENV = "SJTUI_TOKEN"  # as `sjtui.config_profiles` names it


def token_store(sealer: SealerLike | None) -> TokenStore | None:
    return TokenStore(locations.data_dir() / TOKENS_FILE, sealer) if sealer is not None else None


def asserted_identity(settings: Settings) -> Identity | None:
    """Whom a workstation acts for (backend and static modes): the `[clinician]` table, marked
    as asserted. Never used when the clinician signs in."""
    c = settings.clinician
    if not c.user_id:
        return None
    return Identity(c.user_id, c.name or c.user_id, c.organisation, "", "workstation")


def make_auth_session(
    settings: Settings,
    base_url: str,
    *,
    sealer: SealerLike | None,
    transport: httpx.AsyncBaseTransport | None = None,
    verify: ssl.SSLContext | bool = True,
    sign_in: SignInSettings | None = None,
) -> AuthSession | None:
    """The session, or None when sign-in is off. Its own httpx client talks to the
    authorisation server (TLS verified with `verify`, never off; no redirects followed)."""
    sign_in = sign_in or sign_in_settings(settings)
    mode = sign_in.mode
    if mode == "none":
        return None
    options: dict[str, object] = {
        "timeout": httpx.Timeout(settings.request_timeout_seconds, connect=10.0),
        "follow_redirects": False,
        "verify": verify if verify is not False else True,
    }
    if transport is not None:
        options["transport"] = transport
    from .session import AuthSession

    http = httpx.AsyncClient(**options)  # type: ignore[arg-type]  # options checked above
    return AuthSession(
        http,
        base_url,
        sign_in,
        store=token_store(sealer),
        asserted=asserted_identity(settings),
        static_token=os.environ.get(STATIC_TOKEN_ENV) if mode == "static" else None,
    )
