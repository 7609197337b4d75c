"""The idle-lock secret: a PIN or passphrase the clinician chooses at first start.

Kept only as a salted slow hash (scrypt) in the data directory; checked in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

MIN_LENGTH = 4
_N, _R, _P = 2**15, 8, 1


class LockSecretError(Exception):
    """The lock secret cannot be stored or is too short. Plain message."""


class LockSecret:
    def __init__(self, path: Path, *, n: int = _N) -> None:
        self._path = path
        self._n = n

    def is_set(self) -> bool:
        return self._path.exists()

    def set(self, secret: str) -> None:
        if len(secret) < MIN_LENGTH:
            raise LockSecretError(f"the PIN must have at least {MIN_LENGTH} characters")
        salt = secrets.token_bytes(16)
        digest = self._hash(secret, salt, self._n, _R, _P)
        record = {"v": 1, "salt": salt.hex(), "n": self._n, "r": _R, "p": _P, "hash": digest.hex()}
        tmp = self._path.with_suffix(".tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(record, fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self._path)
        except OSError as exc:
            raise LockSecretError(f"the PIN could not be saved: {exc.strerror}") from exc

    def verify(self, secret: str) -> bool:
        try:
            record = json.loads(self._path.read_text(encoding="utf-8"))
            salt = bytes.fromhex(record["salt"])
            expected = bytes.fromhex(record["hash"])
            digest = self._hash(secret, salt, int(record["n"]), int(record["r"]), int(record["p"]))
        except (OSError, ValueError, KeyError, TypeError):
            return False
        return hmac.compare_digest(digest, expected)

    @staticmethod
    def _hash(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
        return hashlib.scrypt(
            secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=32
        )
