"""The reasons (begrundelser) the consent window offers again: the clinician's own, per citizen.

A reason typed for one citizen often describes that citizen ("Hjemmebesøg alkohol"); offering
it when another citizen is opened would show it to the wrong record and invite copying a
reason that does not apply. So reasons are kept per citizen, under a keyed hash of the CPR
(HMAC with a key derived from the data key: the CPR is never stored, not even hashed
plainly, since a plain hash of 10^10 CPRs is trivially reversed), and the list offered for a
citizen is that citizen's reasons, most recent first, then the clinician's own templates
(`reason_templates` in the config: generic texts without a citizen in them).

The file is sealed with the data key; without a key the history lives in memory only.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from sjtui.crypto.aead import Sealer, TamperedData

KEEP = 5  # per citizen
MAX_CITIZENS = 500  # the oldest citizen's reasons go first beyond this
_AAD = b"sjtui-recent-reasons-v2"


class RecentReasons:
    def __init__(
        self,
        path: Path | None,
        sealer: Sealer | None,
        *,
        keep: int = KEEP,
        index: Callable[[str], str] | None = None,
        templates: Sequence[str] = (),
    ) -> None:
        """`index`: the keyed hash of a CPR (`UnlockedKey.blind_index`); without it the
        history is kept in memory only (nothing about a citizen is written unkeyed)."""
        persist = sealer is not None and index is not None
        self._path = path if persist else None
        self._sealer = sealer
        self._index = index
        self._keep = keep
        self._templates = [t.strip() for t in templates if t.strip()]
        self._by_citizen: dict[str, list[str]] = self._load()

    def _key(self, cpr: str) -> str:
        cpr = cpr.replace("-", "").strip()
        return self._index(cpr) if self._index is not None else cpr

    def _load(self) -> dict[str, list[str]]:
        if self._path is None or self._sealer is None or not self._path.exists():
            return {}
        try:
            data = json.loads(self._sealer.open(self._path.read_bytes(), _AAD))
        except (OSError, ValueError, TamperedData):
            return {}
        table = data.get("by_citizen") if isinstance(data, dict) else None
        if not isinstance(table, dict):
            return {}
        return {
            str(k): [r for r in v if isinstance(r, str)][: self._keep] for k, v in table.items() if isinstance(v, list)
        }

    def list(self, cpr: str = "") -> list[str]:
        """The reasons to offer when opening citizen `cpr`: theirs, then the templates."""
        own = list(self._by_citizen.get(self._key(cpr), [])) if cpr else []
        return own + [t for t in self._templates if t not in own]

    def remember(self, reason: str, cpr: str = "") -> None:
        """Remember `reason` for citizen `cpr` (no citizen: nothing is remembered)."""
        reason = reason.strip()
        if not reason or not cpr:
            return
        key = self._key(cpr)
        current = self._by_citizen.pop(key, [])
        self._by_citizen[key] = ([reason] + [r for r in current if r != reason])[: self._keep]
        while len(self._by_citizen) > MAX_CITIZENS:
            self._by_citizen.pop(next(iter(self._by_citizen)))
        self._save()

    def _save(self) -> None:
        if self._path is None or self._sealer is None:
            return
        payload = json.dumps({"v": 2, "by_citizen": self._by_citizen}, ensure_ascii=False)
        blob = self._sealer.seal(payload.encode("utf-8"), _AAD)
        tmp = self._path.with_suffix(".tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, self._path)
        except OSError:
            pass  # losing a convenience list is harmless
