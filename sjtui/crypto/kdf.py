"""Passphrase -> key-encryption key (KEK). New slots use scrypt; an Argon2id slot still opens.

The parameters (salt included) are stored with the passphrase slot, so a slot created with
other costs (older defaults, fast test costs) still opens. Only *new* slots use the defaults.
Measured on a 2-core VM: scrypt n=2**17 r=8 p=1 (128 MiB) about 0.5 s, Argon2id t=3
m=64 MiB p=4 about 0.2 s (research/lowbw-crypto-anchors.md, section 1).
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from typing import Any, Literal

from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from sjtui.crypto.errors import KeySlotsDamaged

KdfName = Literal["scrypt", "argon2id"]

SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
ARGON2_ITERATIONS = 3
ARGON2_MEMORY_KIB = 64 * 1024
ARGON2_LANES = 4
SALT_BYTES = 16
KEY_BYTES = 32


@dataclass(frozen=True, slots=True)
class KdfParams:
    """Everything needed to re-derive a KEK from the passphrase (no secret in here)."""

    name: KdfName
    salt: bytes
    n: int = SCRYPT_N  # scrypt cost
    r: int = SCRYPT_R
    p: int = SCRYPT_P
    iterations: int = ARGON2_ITERATIONS  # argon2id
    memory_kib: int = ARGON2_MEMORY_KIB
    lanes: int = ARGON2_LANES

    @classmethod
    def new_scrypt(cls, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> KdfParams:
        return cls(name="scrypt", salt=os.urandom(SALT_BYTES), n=n, r=r, p=p)

    def to_json(self) -> dict[str, Any]:
        salt = base64.b64encode(self.salt).decode("ascii")
        if self.name == "scrypt":
            return {"name": "scrypt", "salt": salt, "n": self.n, "r": self.r, "p": self.p}
        return {
            "name": "argon2id",
            "salt": salt,
            "iterations": self.iterations,
            "memory_kib": self.memory_kib,
            "lanes": self.lanes,
        }

    @classmethod
    def from_json(cls, data: Any) -> KdfParams:
        try:
            name = data["name"]
            salt = base64.b64decode(data["salt"], validate=True)
            if name == "scrypt":
                params = cls(name="scrypt", salt=salt, n=int(data["n"]), r=int(data["r"]), p=int(data["p"]))
            elif name == "argon2id":
                params = cls(
                    name="argon2id",
                    salt=salt,
                    iterations=int(data["iterations"]),
                    memory_kib=int(data["memory_kib"]),
                    lanes=int(data["lanes"]),
                )
            else:
                raise ValueError("unknown kdf")
        except (KeyError, TypeError, ValueError) as exc:
            raise KeySlotsDamaged("the passphrase slot has unreadable key-derivation settings") from exc
        if len(salt) < 8:
            raise KeySlotsDamaged("the passphrase slot has an invalid salt")
        return params


MIN_PASSPHRASE_LENGTH = 8


@dataclass(frozen=True, slots=True)
class KdfFloor:
    """The least key-derivation cost a passphrase slot may have, checked when the slot file is
    read (whatever wrote it) and when a slot is made. Below it the slot is refused as damaged:
    a slot file edited to a cheap cost, or planted with one, never unlocks anything."""

    scrypt_n: int = 2**15
    scrypt_r: int = 8
    argon2_memory_kib: int = 19 * 1024
    argon2_iterations: int = 2

    def check(self, params: KdfParams) -> None:
        if params.name == "scrypt":
            weak = params.n < self.scrypt_n or params.r < self.scrypt_r or params.p < 1
        else:
            weak = (
                params.memory_kib < self.argon2_memory_kib
                or params.iterations < self.argon2_iterations
                or params.lanes < 1
            )
        if weak or len(params.salt) < SALT_BYTES:
            raise KeySlotsDamaged(
                "the passphrase slot's key-derivation cost is below the minimum (damaged or tampered with)"
            )


DEFAULT_FLOOR = KdfFloor()


def check_passphrase_strength(passphrase: str) -> None:
    """Refuse a passphrase too short to protect the data key (from any source: prompt,
    SJTUI_PASSPHRASE, passphrase_command). Raises WeakSecret."""
    from sjtui.crypto.errors import WeakSecret

    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise WeakSecret(f"a passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters")


def derive_kek(passphrase: str, params: KdfParams) -> bytes:
    """Derive the 256-bit KEK. Slow on purpose (see module docstring)."""
    secret = passphrase.encode("utf-8")
    if params.name == "scrypt":
        return Scrypt(salt=params.salt, length=KEY_BYTES, n=params.n, r=params.r, p=params.p).derive(secret)
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    return Argon2id(
        salt=params.salt,
        length=KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    ).derive(secret)
