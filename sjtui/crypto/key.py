"""The unlocked data key, as the cache and the audit journal see it.

Holders get a `Sealer` (AES-256-GCM with associated data) and a blind index (HMAC-SHA256),
never raw key bytes. Both keys are derived from the DEK with HKDF, one per purpose, so the
sealing key and the index key are independent:
- seal key  = HKDF-SHA256(DEK, info=b"sjtui-seal-v1")
- index key = HKDF-SHA256(DEK, info=b"sjtui-index-v1")

Both are derived on first use (by the cache and the journal, which are built after the app's
first frame), so holding a key imports no `cryptography` by itself (cold start, issue 6).
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from sjtui.crypto.errors import KeyUnavailable

if TYPE_CHECKING:
    from sjtui.crypto.aead import Sealer

SEAL_INFO = b"sjtui-seal-v1"
INDEX_INFO = b"sjtui-index-v1"


def _hkdf(dek: bytes, info: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(dek)


@dataclass(eq=False)
class UnlockedKey:
    """The data key in memory, for this process only. `mode`/`detail` feed `sjtui doctor`."""

    mode: str  # "keyring" | "passphrase" | "ephemeral"
    detail: str  # e.g. "SecretService", "scrypt"
    _dek: bytes = field(repr=False)
    # What happened to the key slots while unlocking (plain English, e.g. the key file was
    # restored from its copy): the app records each as a security event and shows it.
    events: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if len(self._dek) != 32:
            raise ValueError("the data key must be 32 bytes")

    @cached_property
    def sealer(self) -> Sealer:
        from sjtui.crypto.aead import Sealer

        return Sealer(_hkdf(self._dek, SEAL_INFO))

    @cached_property
    def _index_key(self) -> bytes:
        return _hkdf(self._dek, INDEX_INFO)

    @classmethod
    def ephemeral(cls) -> UnlockedKey:
        """A random key that lives only in memory (tests, demo runs without slots)."""
        return cls(mode="ephemeral", detail="memory", _dek=os.urandom(32))

    def blind_index(self, value: str) -> str:
        """Keyed hash for lookup columns: equal inputs match, the input cannot be recovered
        without the key (a plain hash of a CPR is trivially brute-forced: 10^10 values)."""
        if not self._index_key:
            raise KeyUnavailable("the key is locked")
        mac = self._index_mac.copy()  # keyed once: a cache load hashes every row (rollback digest)
        mac.update(value.encode("utf-8"))
        return mac.hexdigest()

    @cached_property
    def _index_mac(self) -> hmac.HMAC:
        return hmac.new(self._index_key, digestmod=hashlib.sha256)

    def describe(self) -> str:
        return f"{self.mode} ({self.detail})"

    def forget(self) -> None:
        """Drop references to key material (idle lock, quit). Python cannot wipe memory."""
        from sjtui.crypto.aead import ForgottenSealer

        self._dek = b""
        self._index_key = b""
        self.__dict__.pop("_index_mac", None)
        self.sealer = ForgottenSealer()
        self.mode = "locked"
