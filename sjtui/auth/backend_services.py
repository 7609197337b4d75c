"""SMART Backend Services: client credentials with a `private_key_jwt` client assertion
(RFC 7523; SMART App Launch "Client Authentication: Asymmetric").

The workstation's private key is a JWK file (owner-only, refused otherwise); joserfc signs the
assertion (ES384 for EC keys, RS384 for RSA, as SMART requires support for both). No refresh
token: a new assertion is made when the access token runs out.
"""

from __future__ import annotations

import json
import secrets
import stat
import time
from pathlib import Path

import httpx
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, RSAKey

from .discovery import SmartConfiguration, form_post
from .models import AuthError

__all__ = ["JWT_BEARER", "client_credentials", "load_private_key"]

JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ASSERTION_LIFETIME = 240


def load_private_key(path: Path) -> ECKey | RSAKey:
    """The workstation's private JWK. Refused when others may read it."""
    try:
        mode = path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise AuthError("The workstation key file must be readable by its owner only (chmod 600).")
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        raise AuthError("The workstation key file cannot be read.") from None
    except ValueError:
        raise AuthError("The workstation key file is not a JSON Web Key.") from None
    try:
        if data.get("kty") == "EC":
            return ECKey.import_key(data)
        if data.get("kty") == "RSA":
            return RSAKey.import_key(data)
    except (JoseError, ValueError, TypeError):
        pass
    raise AuthError("The workstation key file is not a private EC or RSA key.")


def make_assertion(key: ECKey | RSAKey, client_id: str, token_url: str, now: float | None = None) -> str:
    issued = int(now if now is not None else time.time())
    alg = "ES384" if isinstance(key, ECKey) else "RS384"
    header = {"alg": alg, "typ": "JWT"}
    if key.kid:
        header["kid"] = key.kid
    claims = {
        "iss": client_id,
        "sub": client_id,
        "aud": token_url,
        "jti": secrets.token_urlsafe(16),
        "iat": issued,
        "exp": issued + ASSERTION_LIFETIME,
    }
    return jwt.encode(header, claims, key, algorithms=[alg])


async def client_credentials(
    http: httpx.AsyncClient, config: SmartConfiguration, client_id: str, key: ECKey | RSAKey, scope: str
) -> dict[str, object]:
    form = {
        "grant_type": "client_credentials",
        "scope": scope,
        "client_assertion_type": JWT_BEARER,
        "client_assertion": make_assertion(key, client_id, config.token_endpoint),
    }
    return await form_post(http, config.token_endpoint, form)
