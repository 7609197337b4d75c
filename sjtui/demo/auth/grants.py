"""Pending grants: device codes (RFC 8628), authorization codes with PKCE (RFC 7636), EHR
launch contexts (SMART App Launch) and backend-services client assertions (RFC 7523).

Pure state, no HTTP; `endpoints.py` maps requests onto it. Every refusal is a `TokenRefused`
with the OAuth error code the RFCs name.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from .issuer import TokenRefused
from .users import DemoUser, user_by_id

__all__ = ["AuthCode", "DeviceGrant", "Grants"]

DEVICE_LIFETIME = 600
CODE_LIFETIME = 120
_USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ"  # no vowels: no words, no 0/O confusion


@dataclass
class DeviceGrant:
    device_code: str
    user_code: str
    client_id: str
    scopes: frozenset[str]
    expires_at: float
    interval: int
    last_poll: float = 0.0
    user_id: str | None = None
    denied: bool = False


@dataclass(frozen=True)
class AuthCode:
    client_id: str
    redirect_uri: str
    scopes: frozenset[str]
    code_challenge: str
    user_id: str
    expires_at: float
    patient: str | None
    nonce: str | None


def _user_code() -> str:
    raw = "".join(secrets.choice(_USER_CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_user_code(code: str) -> str:
    letters = "".join(c for c in code.upper() if c.isalpha())
    return f"{letters[:4]}-{letters[4:]}"


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class Grants:
    def __init__(self, clock: Callable[[], float], *, device_interval: int = 5) -> None:
        self.clock = clock
        self.device_interval = device_interval
        self._devices: dict[str, DeviceGrant] = {}
        self._codes: dict[str, AuthCode] = {}
        self._launches: dict[str, str] = {}
        self._backend_keys: dict[str, KeySet] = {}
        self._seen_assertions: set[str] = set()

    # -- device flow -----------------------------------------------------------------------
    def start_device(self, client_id: str, scopes: frozenset[str]) -> DeviceGrant:
        grant = DeviceGrant(
            secrets.token_urlsafe(32),
            _user_code(),
            client_id,
            scopes,
            self.clock() + DEVICE_LIFETIME,
            self.device_interval,
        )
        self._devices[grant.device_code] = grant
        return grant

    def pending_by_user_code(self, user_code: str) -> DeviceGrant | None:
        wanted = normalise_user_code(user_code)
        for grant in self._devices.values():
            if grant.user_code == wanted and grant.expires_at > self.clock() and grant.user_id is None:
                return grant
        return None

    def decide_device(self, user_code: str, user_id: str | None) -> bool:
        """The user approved (`user_id`) or denied (None) on the verification page."""
        grant = self.pending_by_user_code(user_code)
        if grant is None or grant.denied:
            return False
        if user_id is None:
            grant.denied = True
        elif user_by_id(user_id) is None:
            return False
        else:
            grant.user_id = user_id
        return True

    def poll_device(self, device_code: str, client_id: str) -> DeviceGrant:
        """The approved grant (consumed), or the RFC 8628 §3.5 error to answer."""
        grant = self._devices.get(device_code)
        if grant is None or grant.client_id != client_id:
            raise TokenRefused("invalid_grant", "unknown device code")
        now = self.clock()
        if grant.expires_at <= now:
            self._devices.pop(device_code, None)
            raise TokenRefused("expired_token", "the device code expired")
        if grant.denied:
            self._devices.pop(device_code, None)
            raise TokenRefused("access_denied", "the user refused")
        if grant.user_id is None:
            too_soon = grant.last_poll and now - grant.last_poll < grant.interval - 0.5
            grant.last_poll = now
            if too_soon:
                grant.interval += 5
                raise TokenRefused("slow_down", "polling too often")
            raise TokenRefused("authorization_pending", "waiting for the user")
        self._devices.pop(device_code, None)
        return grant

    # -- EHR launch and authorization code ---------------------------------------------------
    def new_launch(self, patient_id: str) -> str:
        """What the care system does before it starts the app: a launch token for a citizen."""
        token = secrets.token_urlsafe(16)
        self._launches[token] = patient_id
        return token

    def launch_patient(self, launch: str) -> str | None:
        return self._launches.get(launch)

    def new_code(
        self,
        *,
        client_id: str,
        redirect_uri: str,
        scopes: frozenset[str],
        code_challenge: str,
        user: DemoUser,
        patient: str | None,
        nonce: str | None,
    ) -> str:
        code = secrets.token_urlsafe(24)
        self._codes[code] = AuthCode(
            client_id, redirect_uri, scopes, code_challenge, user.user_id, self.clock() + CODE_LIFETIME, patient, nonce
        )
        return code

    def redeem_code(self, code: str, *, client_id: str, redirect_uri: str, verifier: str) -> AuthCode:
        grant = self._codes.pop(code, None)  # one use only
        if grant is None or grant.expires_at <= self.clock():
            raise TokenRefused("invalid_grant", "the code is not valid")
        if grant.client_id != client_id or grant.redirect_uri != redirect_uri:
            raise TokenRefused("invalid_grant", "the code was issued to another client")
        if not verifier or s256(verifier) != grant.code_challenge:
            raise TokenRefused("invalid_grant", "PKCE verification failed")
        return grant

    # -- backend services ------------------------------------------------------------------
    def register_backend_key(self, client_id: str, jwks: dict[str, Any]) -> None:
        self._backend_keys[client_id] = KeySet.import_key_set(jwks)  # type: ignore[arg-type]  # joserfc's TypedDict

    def check_assertion(self, assertion: str, *, client_id: str, token_url: str) -> None:
        """A `private_key_jwt` client assertion (SMART Backend Services): signed by the
        client's registered key, iss = sub = client id, aud = the token endpoint, short-lived,
        used once."""
        keys = self._backend_keys.get(client_id)
        if keys is None:
            raise TokenRefused("invalid_client", "no key is registered for this client")
        try:
            claims = jwt.decode(assertion, keys, algorithms=["ES384", "RS384", "ES256"]).claims
        except (JoseError, ValueError):
            raise TokenRefused("invalid_client", "the client assertion is not valid") from None
        now = self.clock()
        exp = claims.get("exp")
        if claims.get("iss") != client_id or claims.get("sub") != client_id:
            raise TokenRefused("invalid_client", "iss and sub must be the client id")
        if claims.get("aud") != token_url:
            raise TokenRefused("invalid_client", "aud must be the token endpoint")
        if not isinstance(exp, int) or exp <= now or exp > now + 300:
            raise TokenRefused("invalid_client", "the assertion must expire within five minutes")
        jti = claims.get("jti")
        if not isinstance(jti, str) or jti in self._seen_assertions:
            raise TokenRefused("invalid_client", "the assertion was used before")
        self._seen_assertions.add(jti)
