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
