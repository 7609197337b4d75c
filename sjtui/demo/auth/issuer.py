"""The demo authorisation server's state: signing key, tokens, refresh, revocation.

Access tokens and ID tokens are JWTs signed (ES256) by a key made when the server starts;
joserfc does all signing and verification. Refresh tokens are opaque and kept here, with the
session they belong to, so signing out a user (or revoking a token) ends the whole session.

Tokens say how the identity was established in the claim `sjtui_assurance`: `proven` (the user
signed in: device flow, authorization code) or `workstation` (SMART Backend Services or a static
token: the workstation asserts whom it acts for). The demo has two test levers a real server
has not: `expire_all()` (every access token issued so far is treated as expired, so a client's
refresh can be exercised without waiting) and `revoke_user()` (an administrator ends a user's
sessions).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, KeySet

from .users import DemoUser, user_by_id

__all__ = ["ACCESS_LIFETIME", "Issuer", "Principal", "TokenRefused"]

ACCESS_LIFETIME = 900
ID_LIFETIME = 900
_ALG = "ES256"


class TokenRefused(Exception):
    """The token cannot be used; `error` is the OAuth error code, the message says why."""

    def __init__(self, error: str, message: str) -> None:
        super().__init__(message)
        self.error = error


@dataclass(frozen=True, slots=True)
class Principal:
    """Who a valid access token speaks for."""

    user_id: str
    name: str
    organisation: str
    sor_code: str
    role: str
    scopes: frozenset[str]
    assurance: str  # "proven" or "workstation"
    client_id: str
    session: str


@dataclass
class _Session:
    user_id: str
    client_id: str
    scopes: frozenset[str]
    assurance: str
    refresh_token: str | None
    patient: str | None = None
    revoked: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class Issuer:
    def __init__(self, *, clock: Callable[[], float] = time.time, access_lifetime: int = ACCESS_LIFETIME) -> None:
        self.clock = clock
        self.access_lifetime = access_lifetime
        self.key = ECKey.generate_key("P-256", parameters={"use": "sig", "alg": _ALG})
        self._keyset = KeySet([self.key])
        self._sessions: dict[str, _Session] = {}
        self._by_refresh: dict[str, str] = {}
        self._revoked_jti: set[str] = set()
        self._issued_jti: set[str] = set()
        self._expired_jti: set[str] = set()

    # -- keys --------------------------------------------------------------------------------
    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.key.as_dict(private=False)]}

    def _sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode({"alg": _ALG, "kid": self.key.kid, "typ": "JWT"}, claims, self.key)

    # -- issuing -----------------------------------------------------------------------------
    def issue(
        self,
        user: DemoUser,
        *,
        client_id: str,
        scopes: frozenset[str],
        issuer: str,
        assurance: str = "proven",
        patient: str | None = None,
        nonce: str | None = None,
    ) -> dict[str, Any]:
        """A token response (RFC 6749 §5.1) for a new session."""
        granted = frozenset(s for s in scopes if s in user.allowed_scopes or _v2_of(s) in user.allowed_scopes)
        session_id = secrets.token_urlsafe(16)
        refresh = secrets.token_urlsafe(32) if "offline_access" in granted and assurance == "proven" else None
        self._sessions[session_id] = _Session(user.user_id, client_id, granted, assurance, refresh, patient)
        if refresh:
            self._by_refresh[refresh] = session_id
        return self._response(session_id, issuer, nonce=nonce)

    def _response(self, session_id: str, issuer: str, *, nonce: str | None = None) -> dict[str, Any]:
        session = self._sessions[session_id]
        user = user_by_id(session.user_id)
        assert user is not None  # noqa: S101 - narrows the type (checked by the caller)
        now = int(self.clock())
        claims = {
            "iss": issuer.rstrip("/"),
            "sub": user.user_id,
            "aud": issuer.rstrip("/"),
            "client_id": session.client_id,
            "scope": " ".join(sorted(session.scopes)),
            "iat": now,
            "exp": now + self.access_lifetime,
            "jti": secrets.token_urlsafe(12),
            "sid": session_id,
            "name": user.name,
            "organisation": user.organisation,
            "sor_code": user.sor_code,
            "role": user.role,
            "sjtui_assurance": session.assurance,
            "fhirUser": user.fhir_user,
        }
        self._issued_jti.add(str(claims["jti"]))
        body: dict[str, Any] = {
            "access_token": self._sign(claims),
            "token_type": "Bearer",
            "expires_in": self.access_lifetime,
            "scope": claims["scope"],
        }
        if session.refresh_token:
            body["refresh_token"] = session.refresh_token
        if "openid" in session.scopes:
            id_claims: dict[str, Any] = {
                "iss": issuer.rstrip("/"),
                "sub": user.user_id,
                "aud": session.client_id,
                "iat": now,
                "exp": now + ID_LIFETIME,
                "name": user.name,
                "fhirUser": user.fhir_user,
                "organisation": user.organisation,
                "sor_code": user.sor_code,
                "role": user.role,
                "roles": [user.role, user.function] if user.function else [user.role],
                "sjtui_assurance": session.assurance,
            }
            if nonce:
                id_claims["nonce"] = nonce
            body["id_token"] = self._sign(id_claims)
        if session.patient:
            body["patient"] = session.patient
        return body

    def refresh(self, refresh_token: str, client_id: str, issuer: str) -> dict[str, Any]:
        """A new access token for the session; the refresh token rotates."""
        session_id = self._by_refresh.pop(refresh_token, None)
        session = self._sessions.get(session_id or "")
        if session is None or session.revoked or session.client_id != client_id:
            raise TokenRefused("invalid_grant", "the refresh token is not valid")
        session.refresh_token = secrets.token_urlsafe(32)
        self._by_refresh[session.refresh_token] = session_id or ""
        return self._response(session_id or "", issuer)

    # -- checking ----------------------------------------------------------------------------
    def verify(self, token: str) -> Principal:
        """The principal of a valid access token, or TokenRefused."""
        try:
            claims = jwt.decode(token, self._keyset, algorithms=[_ALG]).claims
        except (JoseError, ValueError):
            raise TokenRefused("invalid_token", "the access token is not valid") from None
        session = self._sessions.get(str(claims.get("sid", "")))
        exp = claims.get("exp")
        if not isinstance(exp, int) or session is None:
            raise TokenRefused("invalid_token", "the access token is not valid")
        if session.revoked or claims.get("jti") in self._revoked_jti:
            raise TokenRefused("invalid_token", "the access token was revoked")
        if exp <= self.clock() or claims.get("jti") in self._expired_jti:
            raise TokenRefused("invalid_token", "the access token expired")
        user = user_by_id(session.user_id)
        if user is None:
            raise TokenRefused("invalid_token", "the access token is not valid")
        return Principal(
            user.user_id,
            user.name,
            user.organisation,
            user.sor_code,
            user.role,
            session.scopes,
            session.assurance,
            session.client_id,
            str(claims["sid"]),
        )

    # -- ending ------------------------------------------------------------------------------
    def revoke(self, token: str) -> None:
        """RFC 7009: a refresh token ends its session; an access token only itself."""
        session_id = self._by_refresh.pop(token, None)
        if session_id and session_id in self._sessions:
            self._sessions[session_id].revoked = True
            return
        try:
            claims = jwt.decode(token, self._keyset, algorithms=[_ALG]).claims
        except (JoseError, ValueError):
            return
        self._revoked_jti.add(str(claims.get("jti", "")))

    def revoke_user(self, user_id: str) -> int:
        """End every session of `user_id` (an administrator's action); returns how many."""
        ended = 0
        for session in self._sessions.values():
            if session.user_id == user_id and not session.revoked:
                session.revoked = True
                ended += 1
        return ended

    def expire_all(self) -> None:
        """Treat every access token issued until now as expired (refresh tokens stay valid)."""
        self._expired_jti |= self._issued_jti
        self._issued_jti = set()


def _v2_of(scope: str) -> str:
    """SMART v2 permissions in the v1 spelling the user table uses (`.rs` -> `.read`)."""
    head, dot, perms = scope.rpartition(".")
    if not dot or "/" not in head:
        return scope
    if perms and set(perms) <= set("rs"):
        return f"{head}.read"
    if perms and set(perms) <= set("cu"):
        return f"{head}.write"
    return scope
