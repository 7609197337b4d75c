"""The `[auth]` settings table (read by `sjtui.config`; light: imported at every start).

    [auth]
    mode = "device"        # "none" | "device" | "backend" | "static"
    client_id = "sjtui"
    scope = "openid fhirUser offline_access user/*.read user/AuditEvent.write"
    key_file = "/etc/sjtui/workstation.jwk"   # backend: the workstation's private key (0600)
    demo = true            # the embedded demo backend with its authorisation server on

- `none`: no sign-in (the zero-config demo, or a server that needs none).
- `device`: the clinician signs in on a phone or any browser (OAuth device flow + OpenID
  Connect); the identity in the audit comes from the ID token and cannot be overridden.
- `backend`: SMART Backend Services (client credentials, `private_key_jwt`): a shared
  workstation; the identity in `[clinician]` is asserted by the workstation, not proven.
- `static`: a bearer token from the environment variable `SJTUI_ACCESS_TOKEN`, for testing;
  asserted like `backend`. Tokens are never read from or written to the config file.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["AUTH_DOCS", "DEFAULT_SCOPE", "MODES", "AuthSettings", "parse_auth"]

MODES = ("none", "device", "backend", "static")
DEFAULT_SCOPE = "openid fhirUser offline_access user/*.read user/AuditEvent.write"
AUTH_DOCS = (
    "Table: mode ('none', 'device', 'backend', 'static'), client_id, scope, key_file "
    "(backend: the workstation's private JWK, owner-only), demo (true: the embedded demo "
    "backend asks for sign-in)."
)


class AuthSettingsError(ValueError):
    """An invalid `[auth]` setting; the message names the key."""


@dataclass(frozen=True)
class AuthSettings:
    mode: str = "none"
    client_id: str = "sjtui"
    scope: str = DEFAULT_SCOPE
    key_file: str = ""
    demo: bool = False

    @property
    def effective_mode(self) -> str:
        """`demo = true` without a mode means the device flow."""
        return "device" if self.demo and self.mode == "none" else self.mode

    @property
    def proves_identity(self) -> bool:
        return self.effective_mode == "device"


def parse_auth(value: object) -> AuthSettings:
    if isinstance(value, AuthSettings):
        return value
    if not isinstance(value, dict):
        raise AuthSettingsError("invalid setting 'auth': must be a table")
    known = set(AuthSettings.__dataclass_fields__)
    for key, item in value.items():
        if key not in known:
            raise AuthSettingsError(f"invalid setting 'auth.{key}': unknown setting")
        if key == "demo":
            if not isinstance(item, bool):
                raise AuthSettingsError("invalid setting 'auth.demo': must be true or false")
        elif not isinstance(item, str):
            raise AuthSettingsError(f"invalid setting 'auth.{key}': must be text")
    if value.get("mode", "none") not in MODES:
        raise AuthSettingsError("invalid setting 'auth.mode': must be one of " + ", ".join(repr(m) for m in MODES))
    return AuthSettings(**value)  # type: ignore[arg-type]  # keys and types checked above
