"""The demo backend's authorisation server (SMART on FHIR, OpenID Connect), for demos and tests.

`AuthServer` holds the state (`issuer`: keys, tokens, sessions; `grants`: device codes,
authorization codes, launch contexts, backend keys); `routes()` are its HTTP endpoints (see
`endpoints.py`). `create_app(auth=True)` mounts it and puts the access checks of `demo.guard`
in front of the FHIR endpoint. Users and clients: `users.py`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from joserfc import jws
from joserfc.errors import JoseError
from starlette.routing import Route

from .grants import Grants
from .issuer import Issuer, Principal, TokenRefused
from .users import DEMO_USERS, DemoUser, user_by_id

__all__ = ["DEMO_USERS", "AuthServer", "DemoUser", "Principal", "TokenRefused", "user_by_id"]


class AuthServer:
    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.time,
        device_interval: int = 5,
        access_lifetime: int = 900,
        public_base: str | None = None,
    ) -> None:
        """`public_base`: where a person's browser reaches the verification page (the
        in-process demo serves it on a loopback port; see `pages.py`). None: the request's base."""
        self.public_base = public_base
        self.issuer = Issuer(clock=clock, access_lifetime=access_lifetime)
        self.grants = Grants(clock, device_interval=device_interval)

    def routes(self) -> list[Route]:
        from .endpoints import auth_routes

        return auth_routes(self)

    def register_backend_key(self, client_id: str, jwks: dict[str, Any]) -> None:
        """Register a backend-services client's public key set (as a municipality's IT would)."""
        self.grants.register_backend_key(client_id, jwks)

    @staticmethod
    def assertion_client(assertion: str) -> str:
        """The `iss` an unverified client assertion names (to find the key that must verify it)."""
        try:
            payload = jws.extract_compact(assertion.encode("ascii")).payload
        except (JoseError, ValueError, UnicodeEncodeError):
            return ""
        import json

        try:
            claims = json.loads(payload)
        except (ValueError, UnicodeDecodeError):
            return ""
        return str(claims.get("iss", "")) if isinstance(claims, dict) else ""

    def token_for(
        self,
        user_id: str,
        *,
        issuer: str,
        scopes: str = "openid fhirUser user/*.read user/AuditEvent.write",
        assurance: str = "workstation",
    ) -> str:
        """An access token minted directly (a static bearer token for testing)."""
        user = user_by_id(user_id)
        if user is None:
            raise TokenRefused("invalid_request", "unknown user")
        body = self.issuer.issue(
            user, client_id="sjtui", scopes=frozenset(scopes.split()), issuer=issuer, assurance=assurance
        )
        return str(body["access_token"])
