"""The idle-lock secret: a PIN the clinician chooses at first start (keyring mode; in
passphrase mode the lock asks for the passphrase itself).

Kept only as a salted slow hash (scrypt) in the data directory, checked in constant time. Two
things keep a short PIN from falling to a search:

- a pepper: the PIN is run through an HMAC with a key derived from the data key before it is
  hashed (`pepper`, the key's blind index), so a copied `lock.json` alone cannot be searched
  offline at all: the data key is in the keyring or behind the passphrase;
- an attempt limit that survives a restart: failed tries are counted in the file itself;
  after `MAX_ATTEMPTS` the PIN no longer unlocks anything (the session must be quit, and a new
  PIN chosen at the next start; every record then needs a new, audited opening).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

MIN_LENGTH = 6
MAX_ATTEMPTS = 5
_N, _R, _P = 2**15, 8, 1


class LockSecretError(Exception):
    """The lock secret cannot be stored or is too short. Plain message."""


class LockSecret:
    def __init__(self, path: Path, *, n: int = _N, pepper: Callable[[str], str] | None = None) -> None:
        self._path = path
        self._n = n
        self._pepper = pepper

    def is_set(self) -> bool:
        """A usable PIN exists (not one blocked by too many wrong tries)."""
        record = self._read()
        return record is not None and not self._blocked(record)

    def blocked(self) -> bool:
        record = self._read()
        return record is not None and self._blocked(record)

    def set(self, secret: str) -> None:
        if len(secret) < MIN_LENGTH:
            raise LockSecretError(f"the PIN must have at least {MIN_LENGTH} characters")
        salt = secrets.token_bytes(16)
        digest = self._hash(self._peppered(secret), salt, self._n, _R, _P)
        record = {
            "v": 2,
            "salt": salt.hex(),
            "n": self._n,
            "r": _R,
            "p": _P,
            "hash": digest.hex(),
            "peppered": self._pepper is not None,
            "failures": 0,
        }
        try:
            self._write(record)
        except OSError as exc:
            raise LockSecretError(f"the PIN could not be saved: {exc.strerror}") from exc

    def verify(self, secret: str) -> bool:
        record = self._read()
        if record is None or self._blocked(record):
            return False
        try:
            salt = bytes.fromhex(record["salt"])
            expected = bytes.fromhex(record["hash"])
            candidate = self._peppered(secret) if record.get("peppered") else secret
            digest = self._hash(candidate, salt, int(record["n"]), int(record["r"]), int(record["p"]))
        except (ValueError, KeyError, TypeError):
            return False
        ok = hmac.compare_digest(digest, expected)
        failures = 0 if ok else int(record.get("failures", 0)) + 1
        if failures != int(record.get("failures", 0)):
            record["failures"] = failures
            try:
                self._write(record)
            except OSError:
                return False  # a try that cannot be counted does not unlock either
        return ok

    def attempts_left(self) -> int:
        record = self._read()
        if record is None:
            return 0
        return max(0, MAX_ATTEMPTS - int(record.get("failures", 0)))

    # --- internals -----------------------------------------------------------------------
    @staticmethod
    def _blocked(record: dict[str, Any]) -> bool:
        try:
            return int(record.get("failures", 0)) >= MAX_ATTEMPTS
        except (TypeError, ValueError):
            return True

    def _peppered(self, secret: str) -> str:
        return self._pepper("sjtui-lock-pin|" + secret) if self._pepper is not None else secret

    def _read(self) -> dict[str, Any] | None:
        try:
            record = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return {"failures": MAX_ATTEMPTS}  # unreadable: never unlocks
        return record if isinstance(record, dict) else {"failures": MAX_ATTEMPTS}

    def _write(self, record: dict[str, Any]) -> None:
        tmp = self._path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(record, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self._path)

    @staticmethod
    def _hash(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
        return hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=32)
