"""Key slots: the one data key (DEK), stored only wrapped, LUKS-style.

Each slot wraps the same DEK with its own key-encryption key (KEK):
- `keyring`: a random KEK kept in the OS keyring;
- `passphrase`: a KEK derived from the clinician's passphrase (salt + costs in the slot).
Changing the passphrase re-wraps the DEK; nothing else is re-encrypted.

The file lives in the *data* directory (`keyslots.json`), not the cache directory: the audit
journal is sealed with the same DEK and must stay readable when the cache is purged.
It holds no secret in clear: only wrapped keys, salts and KDF costs. Writes are atomic
(temp file, fsync, rename, fsync of the directory) with mode 0600, under a lock file so two
app instances starting at once cannot both create a DEK.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from sjtui.crypto.errors import KeySlotsDamaged
from sjtui.crypto.kdf import KdfParams

FORMAT = "sjtui-keyslots-v1"
FILE_NAME = "keyslots.json"
WRAP_AAD_PREFIX = b"sjtui-dek-wrap-v1|"
SLOT_KEYRING = "keyring"
SLOT_PASSPHRASE = "passphrase"
_NONCE = 12


class UnwrapFailed(Exception):
    """The KEK does not open this slot (wrong passphrase, replaced keyring entry, tampering)."""


def wrap_dek(dek: bytes, kek: bytes, slot: str) -> bytes:
    nonce = os.urandom(_NONCE)
    return nonce + AESGCM(kek).encrypt(nonce, dek, WRAP_AAD_PREFIX + slot.encode("ascii"))


def unwrap_dek(wrapped: bytes, kek: bytes, slot: str) -> bytes:
    if len(wrapped) < _NONCE + 16 + 32:
        raise UnwrapFailed("wrapped key has the wrong length")
    try:
        dek = AESGCM(kek).decrypt(wrapped[:_NONCE], wrapped[_NONCE:], WRAP_AAD_PREFIX + slot.encode("ascii"))
    except InvalidTag as exc:
        raise UnwrapFailed("the key does not open this slot") from exc
    if len(dek) != 32:
        raise UnwrapFailed("wrapped key has the wrong length")
    return dek


@dataclass(frozen=True, slots=True)
class Slot:
    name: str
    wrapped: bytes
    kdf: KdfParams | None = None  # passphrase slots only
    created: float = field(default_factory=time.time)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "wrapped": base64.b64encode(self.wrapped).decode("ascii"),
            "created": self.created,
        }
        if self.kdf is not None:
            data["kdf"] = self.kdf.to_json()
        return data

    @classmethod
    def from_json(cls, name: str, data: Any) -> Slot:
        try:
            wrapped = base64.b64decode(data["wrapped"], validate=True)
            created = float(data.get("created", 0.0))
        except (KeyError, TypeError, ValueError) as exc:
            raise KeySlotsDamaged("a key slot is unreadable") from exc
        kdf = KdfParams.from_json(data["kdf"]) if "kdf" in data else None
        if name == SLOT_PASSPHRASE and kdf is None:
            raise KeySlotsDamaged("the passphrase slot has no key-derivation settings")
        return cls(name=name, wrapped=wrapped, kdf=kdf, created=created)


class KeySlotFile:
    """Reads and atomically rewrites `keyslots.json`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._rlock = threading.RLock()
        self._depth = 0

    # --- reading --------------------------------------------------------------------------

    def read(self) -> dict[str, Slot]:
        """All slots; {} when the file does not exist. A damaged file raises, never resets."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise KeySlotsDamaged(f"the key file cannot be read ({exc.strerror or 'I/O error'})") from exc
        try:
            data = json.loads(raw.decode("utf-8"))
            if data.get("format") != FORMAT or not isinstance(data.get("slots"), dict):
                raise ValueError("wrong format")
        except (UnicodeDecodeError, ValueError, AttributeError) as exc:
            raise KeySlotsDamaged("the key file is damaged or of an unknown format") from exc
        return {name: Slot.from_json(name, body) for name, body in data["slots"].items()}

    # --- writing --------------------------------------------------------------------------

    def write(self, slots: dict[str, Slot]) -> None:
        payload = json.dumps(
            {"format": FORMAT, "slots": {name: slot.to_json() for name, slot in sorted(slots.items())}},
            indent=1,
        ).encode("utf-8")
        directory = self.path.parent
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = directory / f".{self.path.name}.{os.getpid()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)
        _fsync_dir(directory)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Serialise read-modify-write between processes (POSIX advisory lock on a side
        file). Re-entrant within one process: only the outermost level takes the flock."""
        with self._rlock:
            self._depth += 1
            try:
                if self._depth > 1:
                    yield
                    return
                with _flock(self.path.with_name(self.path.name + ".lock")):
                    yield
            finally:
                self._depth -= 1


@contextlib.contextmanager
def _flock(lock_path: Path) -> Iterator[None]:
    lock_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if sys.platform == "win32":  # pragma: no cover - Windows: best effort, no lock
            yield
            return
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


@dataclass(frozen=True, slots=True)
class SlotFileState:
    """What `sjtui doctor` says about the key file: `state` is "ok", "absent" (a fresh
    installation), "missing" (gone while data sealed with its key remain), "damaged", or
    "restorable" (missing or damaged, with an intact copy beside the audit journal)."""

    state: str
    detail: str = ""

    def describe(self) -> str:
        return f"{self.state} ({self.detail})" if self.detail else self.state


def slot_file_state(path: Path, copy: Path | None = None, *, sealed_data: bool = False) -> SlotFileState:
    """The state of the key-slot file at `path` (with its copy at `copy`), read-only."""
    try:
        slots = KeySlotFile(path).read()
    except KeySlotsDamaged as exc:
        if copy is not None and _intact(copy):
            return SlotFileState("restorable", f"the key file is damaged: {exc}; an intact copy exists")
        return SlotFileState("damaged", str(exc))
    if slots:
        return SlotFileState("ok", ", ".join(sorted(slots)))
    if copy is not None and _intact(copy):
        return SlotFileState("restorable", "the key file is missing; an intact copy exists")
    if sealed_data:
        return SlotFileState("missing", "the audit journal was sealed with a key that is gone")
    return SlotFileState("absent", "no key yet")


def _intact(path: Path) -> bool:
    try:
        return bool(KeySlotFile(path).read())
    except KeySlotsDamaged:
        return False
