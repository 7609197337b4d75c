"""The clinician's last few reasons (begrundelser), offered again in the consent window.

Reasons may mention a citizen's situation, so they are sealed with the data key at rest;
without a key they are kept in memory only.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sjtui.crypto.aead import Sealer, TamperedData

KEEP = 5
_AAD = b"sjtui-recent-reasons-v1"


class RecentReasons:
    def __init__(self, path: Path | None, sealer: Sealer | None, *, keep: int = KEEP) -> None:
        self._path = path if sealer is not None else None
        self._sealer = sealer
        self._keep = keep
        self._reasons: list[str] = self._load()

    def _load(self) -> list[str]:
        if self._path is None or self._sealer is None or not self._path.exists():
            return []
        try:
            data = json.loads(self._sealer.open(self._path.read_bytes(), _AAD))
        except (OSError, ValueError, TamperedData):
            return []
        return [r for r in data if isinstance(r, str)][: self._keep] if isinstance(data, list) else []

    def list(self) -> list[str]:
        return list(self._reasons)

    def remember(self, reason: str) -> None:
        reason = reason.strip()
        if not reason:
            return
        self._reasons = [reason] + [r for r in self._reasons if r != reason]
        self._reasons = self._reasons[: self._keep]
        if self._path is None or self._sealer is None:
            return
        blob = self._sealer.seal(json.dumps(self._reasons).encode("utf-8"), _AAD)
        tmp = self._path.with_suffix(".tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, self._path)
        except OSError:
            pass  # losing a convenience list is harmless
