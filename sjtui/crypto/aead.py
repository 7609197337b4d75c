"""Authenticated encryption of payloads (AES-256-GCM) with associated data.

The `Sealer` is the one interface the cache and the audit journal use: they never see keys.
Blob layout: version byte 0x01 | 12-byte random nonce | ciphertext+tag.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sjtui.crypto.errors import KeyUnavailable

_VERSION = b"\x01"
_NONCE_BYTES = 12


class TamperedData(Exception):
    """A sealed blob failed authentication: altered, truncated, moved or wrong key."""


class Sealer:
    """Seals and opens payloads with one 256-bit data key."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("the data key must be 32 bytes")
        self._aead = AESGCM(key)

    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        return _VERSION + nonce + self._aead.encrypt(nonce, plaintext, aad)

    def open(self, blob: bytes, aad: bytes) -> bytes:
        if len(blob) < 1 + _NONCE_BYTES + 16 or blob[:1] != _VERSION:
            raise TamperedData("sealed data has the wrong shape")
        nonce = blob[1 : 1 + _NONCE_BYTES]
        try:
            return self._aead.decrypt(nonce, blob[1 + _NONCE_BYTES :], aad)
        except InvalidTag as exc:
            raise TamperedData("sealed data failed authentication") from exc


class ForgottenSealer(Sealer):
    """Stands in after `UnlockedKey.forget()`: every use fails loudly instead of using a dummy key."""

    def __init__(self) -> None:
        pass

    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        raise KeyUnavailable("the key is locked")

    def open(self, blob: bytes, aad: bytes) -> bytes:
        raise KeyUnavailable("the key is locked")
