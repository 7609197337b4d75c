"""A keyring backend for benchmarks: the OS keyring stand-in of a returning clinician.

Selected with `PYTHON_KEYRING_BACKEND=bench.env_keyring.EnvKeyring` (keyring's documented
way to force a backend). It holds its entries in memory, seeded from the environment variable
`BENCH_KEYRING` (JSON); `dump()` prints what was stored so a parent can hand it to the next
child. Nothing is written to disk. The real OS keyring's own latency (a D-Bus call to the
Secret Service) is not included; that is said beside every figure that uses this backend.
"""

from __future__ import annotations

import json
import os

from keyring.backend import KeyringBackend

_STORE: dict[str, str] = json.loads(os.environ.get("BENCH_KEYRING") or "{}")


class EnvKeyring(KeyringBackend):
    priority = 1

    def get_password(self, service: str, username: str) -> str | None:
        return _STORE.get(f"{service}\x1f{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        _STORE[f"{service}\x1f{username}"] = password

    def delete_password(self, service: str, username: str) -> None:
        _STORE.pop(f"{service}\x1f{username}", None)


def dump() -> str:
    return json.dumps(_STORE)
