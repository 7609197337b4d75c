"""Exception types of the key layer. Messages are plain and never contain secrets or data."""

from __future__ import annotations


class CryptoError(Exception):
    """Base class for key-management errors."""


class WrongPassphrase(CryptoError):
    """The passphrase did not unlock the data key. Nothing was decrypted."""

    def __init__(self, message: str = "the passphrase is not correct") -> None:
        super().__init__(message)


class KeyUnavailable(CryptoError):
    """No usable key: the app runs online-only (no cache). The message says why."""


class KeySlotsDamaged(KeyUnavailable):
    """The key-slot file cannot be read. It is left untouched (it may still be repairable)."""


class WeakSecret(KeyUnavailable):
    """A new passphrase is too short (whatever its source); nothing was created or changed."""


class KeySlotsLost(KeyUnavailable):
    """The key-slot file is gone (or unreadable) while data sealed with its key remain (the
    audit journal): no new key is made in its place without the clinician's explicit reset."""
