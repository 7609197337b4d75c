"""`sjtui doctor`'s sign-in line: the mode, who is signed in and when the access token runs
out. Never prints a token. The key is unlocked only without asking (keyring, SJTUI_PASSPHRASE,
passphrase_command) and only when a token file exists (no key is ever made here)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from sjtui.auth.settings import sign_in_settings

if TYPE_CHECKING:
    from sjtui.config import Settings

__all__ = ["sign_in_probe"]


def sign_in_probe(settings: Settings) -> str:
    sign_in = sign_in_settings(settings)
    if sign_in.mode == "none":
        return "none configured (auth = none)"
    if sign_in.mode in ("backend", "static"):
        return f"{sign_in.mode}: the workstation gets its own token; the identity is asserted, not proven"
    from sjtui import locations
    from sjtui.auth.store import TOKENS_FILE, TokenStore

    path = locations.data_dir() / TOKENS_FILE
    if not path.exists():
        return "not signed in (run `sjtui login`)"
    from sjtui.commands.keys import key_manager
    from sjtui.crypto.errors import KeyUnavailable, WrongPassphrase

    try:
        key = key_manager(settings).unlock(lambda _new: None)
    except (KeyUnavailable, WrongPassphrase):
        return "tokens are stored sealed; not read here without the key"
    server = (settings.server or "").rstrip("/")
    tokens = TokenStore(path, key.sealer).load(server)
    if tokens is None or tokens.identity is None:
        return "not signed in (run `sjtui login`)"
    left = tokens.expires_at - time.time()
    expiry = f"access token expires in {int(left // 60)} min" if left > 0 else "access token expired"
    renew = "; renewed with the refresh token" if tokens.refresh_token else ""
    return f"signed in as {tokens.identity.name} ({tokens.identity.user_id}); {expiry}{renew}"
