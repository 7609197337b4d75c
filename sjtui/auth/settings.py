"""How to sign in, as the sign-in code needs it, from the config's selected profile.

The config (`sjtui.config`, `sjtui.config_profiles`) names a server's sign-in in a profile:

    profile = "region"
    [profiles.region]
    server = "https://fhir.region.example/r4"
    auth = "device"          # none | device | launch | backend | token
    client_id = "sjtui"
    private_key_file = "/etc/sjtui/ws01.jwk"   # backend

and `demo_auth = true` makes the embedded demo backend ask for sign-in. `sign_in_settings`
turns that into `SignInSettings`:

- `none`: no sign-in (the zero-config demo, or a server that needs none).
- `device`: the clinician signs in on a phone or any browser (OAuth device flow + OpenID
  Connect); the identity in the audit comes from the ID token and cannot be overridden.
  `launch` profiles sign in with `sjtui launch`; the app signs in again with the device flow.
- `backend`: SMART Backend Services (client credentials, `private_key_jwt`): a shared
  workstation; the identity in `[clinician]` is asserted by the workstation, not proven.
- `static` (profile `auth = "token"`): a bearer token from `SJTUI_TOKEN`, for testing; asserted
  like `backend`. Tokens are never read from or written to the config file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sjtui.config import Settings

__all__ = ["DEFAULT_SCOPE", "MODES", "SignInSettings", "sign_in_settings"]

MODES = ("none", "device", "backend", "static")
DEFAULT_SCOPE = "openid fhirUser offline_access user/*.read user/AuditEvent.write"
BACKEND_SCOPE = "system/*.read system/AuditEvent.write"
_FROM_PROFILE = {"none": "none", "device": "device", "launch": "device", "backend": "backend", "token": "static"}


@dataclass(frozen=True)
class SignInSettings:
    mode: str = "none"
    client_id: str = "sjtui"
    scope: str = DEFAULT_SCOPE
    key_file: str = ""
    demo: bool = False  # the embedded demo backend, with sign-in

    @property
    def proves_identity(self) -> bool:
        return self.mode == "device"


def sign_in_settings(settings: Settings) -> SignInSettings:
    """The sign-in of the configured server (the selected profile), or of the embedded demo."""
    if not settings.server:
        return SignInSettings(mode="device", demo=True) if settings.demo_auth else SignInSettings()
    profile = settings.auth
    mode = _FROM_PROFILE.get(profile.auth, "none")
    default_scope = BACKEND_SCOPE if mode == "backend" else DEFAULT_SCOPE
    return SignInSettings(
        mode=mode,
        client_id=profile.client_id or "sjtui",
        scope=profile.scope or default_scope,
        key_file=profile.private_key_file,
    )
