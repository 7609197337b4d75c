"""Without sign-in, opening a record needs no JOSE library: the auth session (and joserfc
under it, ~2.5 MB of the process) is imported only when sign-in is on (issue 14, memory)."""

from __future__ import annotations

import subprocess
import sys

_CHILD = """
import sys
from sjtui.auth.wiring import make_auth_session
from sjtui.auth.settings import SignInSettings
from sjtui.config import Settings
settings = Settings()
off = make_auth_session(settings, "https://fhir.example", sealer=None, sign_in=SignInSettings(mode="none"))
print(off is None, "joserfc" in sys.modules)
on = make_auth_session(settings, "https://fhir.example", sealer=None, sign_in=SignInSettings(mode="static"))
print(type(on).__name__, "joserfc" in sys.modules)
"""


def test_the_session_and_joserfc_are_imported_only_when_sign_in_is_on() -> None:
    out = subprocess.run([sys.executable, "-c", _CHILD], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.split("\n")[:2] == ["True False", "AuthSession True"]
