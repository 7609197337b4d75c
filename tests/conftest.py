"""Test-wide setup.

The package under test is the INSTALLED sjtui (CI installs the wheel), so the repository root
is appended, not prepended, to sys.path: `bench` (the link emulator) becomes importable while
`import sjtui` still finds the installed package with its shipped styles and fixtures.
No test may touch the real home directory or an OS keyring.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.append(str(REPO))

# Never reach a desktop keyring from tests; the key code falls back to passphrase mode.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")


import pytest  # noqa: E402 - after the sys.path and keyring set-up above


@pytest.fixture
def ui_home(tmp_path, monkeypatch):
    """An empty SJTUI_HOME for a UI test; the language is back to Danish afterwards."""
    from sjtui.i18n import set_language

    monkeypatch.setenv("SJTUI_HOME", str(tmp_path))
    # Snapshots must not follow the terminal the tests run in (TERM=linux changes borders).
    monkeypatch.setenv("TERM", "xterm-256color")
    yield tmp_path
    set_language("da")


@pytest.fixture
def stack(tmp_path, monkeypatch):
    """The record service over the embedded demo backend (tests/service_stack.py)."""
    from service_stack import make_stack

    monkeypatch.setenv("SJTUI_HOME", str(tmp_path))
    return make_stack()
