"""The ID token (OpenID Connect Core §3.1.3.7), verified with joserfc against the issuer's
JWKS, turned into the `Identity` every audit record names.

Claims used: `sub` (user id), `name`, `fhirUser`, `organisation` and `sor_code` (the
organisation and its SOR code, as the Danish backend issues them; absent claims stay empty).
"""

from __future__ import annotations

import time

import httpx
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from .discovery import SmartConfiguration
from .models import AuthError, Identity, roles_from_claims

__all__ = ["identity_from_id_token"]

_ALGORITHMS = ["ES256", "ES384", "RS256", "RS384", "PS256"]
_LEEWAY = 60


async def _keys(http: httpx.AsyncClient, config: SmartConfiguration) -> KeySet:
    if not config.jwks_uri:
        raise AuthError("The server publishes no keys to check the sign-in with.")
    try:
        response = await http.get(config.jwks_uri, headers={"Accept": "application/json"})
        return KeySet.import_key_set(response.json())
    except (httpx.HTTPError, ValueError, JoseError, KeyError, TypeError):
        raise AuthError("The server's signing keys could not be read.") from None


async def identity_from_id_token(
    http: httpx.AsyncClient,
    config: SmartConfiguration,
    id_token: str,
    client_id: str,
    *,
    nonce: str | None = None,
    now: float | None = None,
) -> Identity:
    keys = await _keys(http, config)
    try:
        claims = jwt.decode(id_token, keys, algorithms=_ALGORITHMS).claims
        registry = jwt.JWTClaimsRegistry(
            now=int(now if now is not None else time.time()),
            leeway=_LEEWAY,
            iss={"essential": True, "value": config.issuer.rstrip("/")},
            aud={"essential": True, "value": client_id},
            exp={"essential": True},
            sub={"essential": True},
        )
        registry.validate(claims)
    except (JoseError, ValueError):
        raise AuthError("The sign-in could not be verified (ID token).") from None
    if nonce is not None and claims.get("nonce") != nonce:
        raise AuthError("The sign-in could not be verified (nonce).")
    name = claims.get("name") or claims.get("preferred_username") or claims["sub"]
    return Identity(
        user_id=str(claims["sub"]),
        name=str(name),
        organisation=str(claims.get("organisation", "")),
        sor_code=str(claims.get("sor_code", "")),
        assurance="proven",
        roles=roles_from_claims(claims),
    )
