"""The signed-in session: tokens, identity, refresh before expiry, and what a 401 does.

`authorization()` gives the header for the next request, refreshing first when the access
token runs out within `REFRESH_MARGIN` seconds. `unauthorized()` is called when the server
answered 401 anyway (revoked, expired early, server restarted): it refreshes once; if that
fails the tokens are forgotten and the `sign_in_handler` (the app's sign-in screen) is
awaited, so the request that met the 401 continues after the clinician signed in again and
nothing on the screen is lost. Without a handler (command line) the 401 stands.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

import httpx

from .device import DeviceCode, start_device, wait_for_device
from .discovery import SmartConfiguration, discover, form_post
from .models import AuthError, Identity, TokenSet
from .oidc import identity_from_id_token
from .settings import SignInSettings
from .store import TokenStore

__all__ = ["REFRESH_MARGIN", "AuthSession"]

log = logging.getLogger("sjtui.auth")
REFRESH_MARGIN = 60.0
STATIC_LIFETIME = 10 * 365 * 86400.0


class AuthSession:
    def __init__(
        self,
        http: httpx.AsyncClient,
        fhir_base: str,
        settings: SignInSettings,
        *,
        store: TokenStore | None = None,
        asserted: Identity | None = None,
        static_token: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """`asserted`: whom a workstation acts for (backend and static modes, from the config).
        `static_token`: the bearer token of the static mode (from the environment)."""
        self.http = http
        self.fhir_base = fhir_base.rstrip("/")
        self.settings = settings
        self.mode = settings.mode
        self.store = store
        self.clock = clock
        self._asserted = (
            Identity(asserted.user_id, asserted.name, asserted.organisation, asserted.sor_code, "workstation")
            if asserted
            else None
        )
        self._static = static_token
        self._config: SmartConfiguration | None = None
        self._lock = asyncio.Lock()
        self.tokens: TokenSet | None = store.load(self.fhir_base) if store else None
        if self.tokens is not None and self.tokens.mode != self.mode:
            self.tokens = None
        #: Awaited when the clinician must sign in again; True once signed in.
        self.sign_in_handler: Callable[[], Awaitable[bool]] | None = None
        #: Called after the identity changed (signed in, signed out).
        self.listeners: list[Callable[[], None]] = []

    # -- state -------------------------------------------------------------------------------
    @property
    def identity(self) -> Identity | None:
        return self.tokens.identity if self.tokens is not None else None

    @property
    def signed_in(self) -> bool:
        return self.tokens is not None

    def _changed(self) -> None:
        for listener in list(self.listeners):
            listener()

    def _keep(self, tokens: TokenSet) -> None:
        self.tokens = tokens
        if self.store is not None and tokens.mode != "static":
            try:
                self.store.save(self.fhir_base, tokens)
            except OSError as exc:  # tokens then live in memory only: sign in again next time
                log.warning("tokens not stored: %s", type(exc).__name__)

    def _forget(self) -> None:
        self.tokens = None
        if self.store is not None:
            try:
                self.store.clear(self.fhir_base)
            except OSError:
                pass

    async def configuration(self) -> SmartConfiguration:
        if self._config is None:
            self._config = await discover(self.http, self.fhir_base)
        return self._config

    # -- the FHIR client's hooks ---------------------------------------------------------------
    async def authorization(self) -> str | None:
        """The Authorization header for the next request (None: not signed in)."""
        async with self._lock:
            tokens = self.tokens
            if tokens is None and self.mode in ("backend", "static"):
                tokens = await self._acquire_workstation_token()
            elif tokens is not None and tokens.expires_within(REFRESH_MARGIN, self.clock()):
                tokens = await self._renew(tokens) or tokens
        return f"Bearer {tokens.access_token}" if tokens is not None else None

    async def unauthorized(self, sent: str | None) -> bool:
        """The server said 401 to a request sent with `sent`. True: try again (a new token)."""
        async with self._lock:
            current = self.tokens
            if current is not None and f"Bearer {current.access_token}" != sent:
                return True  # renewed meanwhile by another request
            if current is not None and await self._renew(current) is not None:
                return True
            if self.mode == "static":
                return False
            had_identity = current is not None
            self._forget()
        if had_identity:
            self._changed()
        if self.mode == "backend":
            return await self._acquire_workstation_token() is not None
        if self.sign_in_handler is not None:
            return await self.sign_in_handler()
        return False

    async def _renew(self, tokens: TokenSet) -> TokenSet | None:
        """A fresh access token (refresh token, or a new assertion for backend services)."""
        if self.mode == "backend":
            return await self._acquire_workstation_token(force=True)
        if not tokens.refresh_token:
            return None
        config = await self.configuration()
        try:
            body = await form_post(
                self.http,
                config.token_endpoint,
                {
                    "grant_type": "refresh_token",
                    "refresh_token": tokens.refresh_token,
                    "client_id": self.settings.client_id,
                },
            )
            fresh = TokenSet.from_response(body, mode=tokens.mode, now=self.clock())
        except AuthError as err:
            log.info("token refresh refused: %s", err.code or "error")
            return None
        fresh.identity = tokens.identity  # the same session, the same person
        fresh.patient = tokens.patient
        fresh.refresh_token = fresh.refresh_token or tokens.refresh_token
        self._keep(fresh)
        return fresh

    async def _acquire_workstation_token(self, force: bool = False) -> TokenSet | None:
        if self.mode == "static":
            if not self._static:
                return None
            tokens = TokenSet(self._static, self.clock() + STATIC_LIFETIME, mode="static", identity=self._asserted)
            self.tokens = tokens
            return tokens
        from pathlib import Path

        from .backend_services import client_credentials, load_private_key

        try:
            config = await self.configuration()
            key = load_private_key(Path(self.settings.key_file).expanduser())
            body = await client_credentials(self.http, config, self.settings.client_id, key, self.settings.scope)
            tokens = TokenSet.from_response(body, mode="backend", now=self.clock())
        except AuthError as err:
            log.warning("backend services sign-in failed: %s", err.code or err.message)
            return None
        tokens.identity = self._asserted
        self.tokens = tokens  # short-lived and renewable: kept in memory only
        self._changed()
        return tokens

    # -- signing in ----------------------------------------------------------------------------
    async def begin_device(self) -> DeviceCode:
        config = await self.configuration()
        return await start_device(self.http, config, self.settings.client_id, self.settings.scope)

    async def complete_device(
        self, code: DeviceCode, *, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    ) -> Identity:
        config = await self.configuration()
        body = await wait_for_device(self.http, config, self.settings.client_id, code, sleep=sleep)
        return await self.accept(body, mode="device")

    async def accept(self, body: dict[str, object], *, mode: str, nonce: str | None = None) -> Identity:
        """Keep a token response of a sign-in; the identity comes from its ID token."""
        config = await self.configuration()
        tokens = TokenSet.from_response(body, mode=mode, now=self.clock())
        id_token = body.get("id_token")
        if not isinstance(id_token, str):
            raise AuthError("The sign-in gave no ID token: the identity cannot be proven.")
        tokens.identity = await identity_from_id_token(
            self.http, config, id_token, self.settings.client_id, nonce=nonce, now=self.clock()
        )
        async with self._lock:
            self._keep(tokens)
        self._changed()
        return tokens.identity

    async def sign_out(self) -> None:
        """Forget the tokens here and end the session at the server (best effort)."""
        tokens = self.tokens
        self._forget()
        if tokens is not None and tokens.refresh_token:
            try:
                config = await self.configuration()
                if config.revocation_endpoint:
                    await form_post(
                        self.http,
                        config.revocation_endpoint,
                        {
                            "token": tokens.refresh_token,
                            "token_type_hint": "refresh_token",
                            "client_id": self.settings.client_id,
                        },
                    )
            except AuthError:
                pass
        self._changed()
