"""Tokens, the identity they prove, and the errors of signing in."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["AuthError", "DeviceFlowError", "Identity", "TokenSet"]


class AuthError(Exception):
    """Signing in or using a token failed. The message is plain English, safe to show (never
    a token); `code` is the OAuth error code when the server gave one."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class DeviceFlowError(AuthError):
    """The device sign-in ended without tokens: expired_token, access_denied, cancelled."""


@dataclass(frozen=True, slots=True)
class Identity:
    """Who is signed in. `assurance`: "proven" (the user signed in) or "workstation" (backend
    services or a static token: the workstation asserts whom it acts for)."""

    user_id: str
    name: str
    organisation: str = ""
    sor_code: str = ""
    assurance: str = "proven"
    roles: tuple[str, ...] = ()  # from the ID token's `role`/`roles` claim, e.g. ("auditor",)

    @property
    def proven(self) -> bool:
        return self.assurance == "proven"

    def organisation_label(self) -> str:
        return f"{self.organisation} (SOR {self.sor_code})" if self.sor_code else self.organisation


@dataclass
class TokenSet:
    access_token: str
    expires_at: float
    refresh_token: str | None = None
    scope: str = ""
    mode: str = "device"
    identity: Identity | None = None
    patient: str | None = None

    @classmethod
    def from_response(cls, body: dict[str, Any], *, mode: str, now: float | None = None) -> TokenSet:
        token = body.get("access_token")
        if not isinstance(token, str) or not token:
            raise AuthError("The sign-in server answered without an access token.")
        expires_in = body.get("expires_in")
        lifetime = float(expires_in) if isinstance(expires_in, (int, float)) and expires_in > 0 else 300.0
        refresh = body.get("refresh_token")
        patient = body.get("patient")
        return cls(
            token,
            (now if now is not None else time.time()) + lifetime,
            refresh if isinstance(refresh, str) else None,
            str(body.get("scope", "")),
            mode,
            None,
            patient if isinstance(patient, str) else None,
        )

    def expires_within(self, seconds: float, now: float | None = None) -> bool:
        return self.expires_at - (now if now is not None else time.time()) <= seconds

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TokenSet:
        identity = data.get("identity")
        return cls(
            access_token=str(data["access_token"]),
            expires_at=float(data["expires_at"]),
            refresh_token=data.get("refresh_token"),
            scope=str(data.get("scope", "")),
            mode=str(data.get("mode", "device")),
            identity=_identity_from_json(identity) if isinstance(identity, dict) else None,
            patient=data.get("patient"),
        )


def _identity_from_json(data: dict[str, Any]) -> Identity:
    roles = data.get("roles", ())
    return Identity(
        user_id=str(data["user_id"]),
        name=str(data["name"]),
        organisation=str(data.get("organisation", "")),
        sor_code=str(data.get("sor_code", "")),
        assurance=str(data.get("assurance", "proven")),
        roles=tuple(str(r) for r in roles) if isinstance(roles, list | tuple) else (),
    )


def roles_from_claims(claims: Mapping[str, Any]) -> tuple[str, ...]:
    """The roles an ID token names: `roles` (a list) or `role` (one name)."""
    roles = claims.get("roles", claims.get("role"))
    if isinstance(roles, str):
        return (roles,)
    if isinstance(roles, list):
        return tuple(str(r) for r in roles if isinstance(r, str))
    return ()
