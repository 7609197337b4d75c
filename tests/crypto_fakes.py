"""Small fake keyring backends for the key tests (imported by tests/test_crypto_*.py).

They are never picked by keyring's own detection: their `priority` raises, so keyring treats
them as not viable; tests pass them explicitly or via `keyring.set_keyring`.
"""

from __future__ import annotations

import getpass
import threading

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import KeyringLocked


class FakeBackend(KeyringBackend):
    """Never auto-selected by keyring (priority raises -> not viable)."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("test backend")

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


class MemoryKeyring(FakeBackend):
    pass


class LockedKeyring(FakeBackend):
    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")


class HangingKeyring(FakeBackend):
    release = threading.Event()

    def set_password(self, service: str, username: str, password: str) -> None:
        self.release.wait(30)


class PromptingKeyring(FakeBackend):
    def set_password(self, service: str, username: str, password: str) -> None:
        getpass.getpass("Please set a password for your new keyring: ")


class ForgetfulKeyring(FakeBackend):
    def get_password(self, service: str, username: str) -> str | None:
        return None


class PlaintextKeyring(FakeBackend):
    pass


PlaintextKeyring.__module__ = "keyrings.alt.file"


class CryptFileKeyring(FakeBackend):
    pass


CryptFileKeyring.__module__ = "keyrings.cryptfile.cryptfile"
