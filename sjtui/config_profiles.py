"""Named servers ("profiles") with their sign-in settings, from the config file's tables:

    profile = "region"                 # the profile used when no --profile / SJTUI_PROFILE

    [profiles.region]
    server = "https://fhir.region.example/r4"
    auth = "device"                    # none | device | launch | backend | token
    client_id = "sjtui"
    scope = "openid fhirUser offline_access user/*.rs"
    issuer = ""                        # "" = discover from SERVER/.well-known/smart-configuration
    private_key_file = ""              # backend services: the client's private key (PEM/JWK)
    ca_bundle = ""                     # PEM file of extra CA certificates for this server
    role = "home-care"                 # function profile: acute | home-care | addiction

The selected profile's `server` and `ca_bundle` become the effective settings (unless a flag or
environment variable gives them); its auth settings are `Settings.auth`. No secrets here: tokens
live in the OS keyring or the encrypted store, a private key only as a file path.
"""

from __future__ import annotations

from dataclasses import dataclass

from sjtui.function_profiles import ROLES

#: Sign-in modes: no sign-in (demo, open test servers), OAuth device authorization (RFC 8628),
#: SMART EHR launch (authorization code + PKCE), SMART backend services (client credentials
#: with a private_key_jwt assertion), a static bearer token (testing; read from SJTUI_TOKEN).
AUTH_MODES = ("none", "device", "launch", "backend", "token")

PROFILE_DOCS: dict[str, str] = {
    "server": "FHIR R4 base URL (https; plain http only to localhost).",
    "auth": "Sign-in: 'none', 'device' (code on a phone/browser), 'launch' (SMART EHR launch), "
    "'backend' (SMART backend services, a workstation key), 'token' (static bearer token "
    "from SJTUI_TOKEN, testing only).",
    "client_id": "OAuth client id registered for sjtui at the authorisation server.",
    "scope": "OAuth scopes asked for; empty: the sign-in mode's default.",
    "issuer": "Authorisation server; empty: discovered from the server's .well-known/smart-configuration.",
    "private_key_file": "backend: file with the client's private key (PEM or JWK), owner-only.",
    "ca_bundle": "PEM file of extra CA certificates to trust for this server (regional networks).",
    "role": "Function profile for this server: 'acute', 'home-care' or 'addiction' (see `role`).",
}


class ProfileError(ValueError):
    """A profile table is invalid; the message names the key (`profiles.NAME.key`)."""


@dataclass(frozen=True)
class AuthSettings:
    """One named server and how to sign in to it (the active one is `Settings.auth`)."""

    name: str = ""  # the profile's name; "" when no profile is selected
    server: str = ""
    auth: str = "none"
    client_id: str = ""
    scope: str = ""
    issuer: str = ""
    private_key_file: str = ""
    ca_bundle: str = ""
    role: str = ""  # function profile (sjtui.function_profiles.ROLES), "" for none


def parse_profiles(value: object) -> dict[str, AuthSettings]:
    """The `[profiles.*]` tables. Raises ProfileError naming the key and the problem."""
    if not isinstance(value, dict):
        raise ProfileError("invalid setting 'profiles': must be a table of named tables")
    known = set(PROFILE_DOCS)
    out: dict[str, AuthSettings] = {}
    for name, table in value.items():
        if isinstance(table, AuthSettings):
            out[name] = table
            continue
        if not isinstance(table, dict):
            raise ProfileError(f"invalid setting 'profiles.{name}': must be a table")
        for key, item in table.items():
            if key not in known:
                raise ProfileError(f"invalid setting 'profiles.{name}.{key}': unknown setting")
            if not isinstance(item, str):
                raise ProfileError(f"invalid setting 'profiles.{name}.{key}': must be text")
        auth = table.get("auth", "none")
        if auth not in AUTH_MODES:
            raise ProfileError(
                f"invalid setting 'profiles.{name}.auth': must be one of " + ", ".join(repr(a) for a in AUTH_MODES)
            )
        if auth != "none" and not table.get("client_id") and auth != "token":
            raise ProfileError(f"invalid setting 'profiles.{name}.client_id': needed for auth = {auth!r}")
        if table.get("role", "") not in ("", *ROLES):
            raise ProfileError(
                f"invalid setting 'profiles.{name}.role': must be one of " + ", ".join(repr(r) for r in ROLES)
            )
        if auth == "backend" and not table.get("private_key_file"):
            raise ProfileError(f"invalid setting 'profiles.{name}.private_key_file': needed for auth = 'backend'")
        out[name] = AuthSettings(name=name, **table)
    return out


__all__ = ["AUTH_MODES", "PROFILE_DOCS", "AuthSettings", "ProfileError", "parse_profiles"]
