"""Tokens at rest: sealed with the data key (AES-256-GCM, `sjtui.crypto`) in the data
directory, owner-only. Never in clear on disk, never in the config file, never in a log.

One file holds the tokens of every server the clinician signed in to, by server URL. A file
that cannot be opened (another key, damage) is treated as "no tokens": sign in again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Protocol

from .models import TokenSet

__all__ = ["TOKENS_FILE", "TokenStore"]

TOKENS_FILE = "tokens.bin"
_AAD = b"sjtui-tokens-v1"


class SealerLike(Protocol):
    def seal(self, plaintext: bytes, aad: bytes) -> bytes: ...
    def open(self, blob: bytes, aad: bytes) -> bytes: ...


class TokenStore:
    def __init__(self, path: Path, sealer: SealerLike) -> None:
        self.path = path
        self._sealer = sealer

    def _read_all(self) -> dict[str, Any]:
        from sjtui.crypto.aead import TamperedData

        try:
            data = json.loads(self._sealer.open(self.path.read_bytes(), _AAD))
        except (OSError, ValueError, TamperedData):
            return {}
        return data if isinstance(data, dict) else {}

    def load(self, server: str) -> TokenSet | None:
        entry = self._read_all().get(server)
        if not isinstance(entry, dict):
            return None
        try:
            return TokenSet.from_json(entry)
        except (KeyError, TypeError, ValueError):
            return None

    def save(self, server: str, tokens: TokenSet) -> None:
        data = self._read_all()
        data[server] = tokens.to_json()
        self._write(data)

    def clear(self, server: str | None = None) -> None:
        """Forget the tokens of `server`, or of every server."""
        data = {} if server is None else {k: v for k, v in self._read_all().items() if k != server}
        if not data:
            try:
                self.path.unlink()
            except FileNotFoundError:
                pass
            return
        self._write(data)

    def _write(self, data: dict[str, Any]) -> None:
        blob = self._sealer.seal(json.dumps(data).encode("utf-8"), _AAD)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
