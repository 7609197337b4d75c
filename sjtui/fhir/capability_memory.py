"""Remembers servers' CapabilityStatements between starts: one round trip less per start.

A CapabilityStatement is public server metadata (no personal data), so it is kept as plain
JSON, one small file per server, named by a hash of the base URL, with a time-to-live, and
the server's validators (`ETag`, `Last-Modified`) so that an expired copy can be revalidated
with a conditional GET (a `304` costs a few hundred bytes instead of the whole statement).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_TTL_SECONDS = 24 * 3600
MAX_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Remembered:
    """A remembered statement, its validators, and whether it is within its time-to-live."""

    statement: dict[str, Any]
    etag: str | None = None
    last_modified: str | None = None
    fresh: bool = True


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value and len(value) < 200 else None


class CapabilityMemory:
    def __init__(self, directory: Path, *, ttl_seconds: float = DEFAULT_TTL_SECONDS) -> None:
        self._dir = directory
        self._ttl = ttl_seconds

    def _path(self, base_url: str) -> Path:
        digest = hashlib.sha256(base_url.encode("utf-8")).hexdigest()[:24]
        return self._dir / f"capabilities-{digest}.json"

    def load(self, base_url: str) -> dict[str, Any] | None:
        """The statement while within its time-to-live, else None."""
        found = self.remembered(base_url)
        return found.statement if found is not None and found.fresh else None

    def remembered(self, base_url: str) -> Remembered | None:
        """The statement however old (`fresh` says whether it is within its time-to-live)."""
        path = self._path(base_url)
        try:
            stat = path.stat()
            if stat.st_size > MAX_BYTES:
                return None
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict):
            return None
        fresh = time.time() - stat.st_mtime <= self._ttl
        if "resourceType" in data:  # as written before validators were kept
            return Remembered(data, fresh=fresh)
        statement = data.get("statement")
        if not isinstance(statement, dict):
            return None
        return Remembered(statement, _text(data.get("etag")), _text(data.get("lastModified")), fresh)

    def save(
        self, base_url: str, statement: dict[str, Any], *, etag: str | None = None, last_modified: str | None = None
    ) -> None:
        """Remember the statement (and its validators) from now on for the time-to-live."""
        path = self._path(base_url)
        tmp = path.with_suffix(".tmp")
        record: dict[str, Any] = {"statement": statement, "etag": etag, "lastModified": last_modified}
        try:
            self._dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # owner-only, as all app files
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(json.dumps(record, separators=(",", ":")))
            os.replace(tmp, path)
        except OSError:
            pass  # only a round trip is lost


class RejectedParamsMemory:
    """Search parameters a server rejected ("Observation" -> {"_sort", ...}), per server, so
    the next start leaves them out at once. Public server behaviour, no personal data; kept
    beside the CapabilityStatement with the same time-to-live (a server may learn them)."""

    def __init__(self, directory: Path, *, ttl_seconds: float = DEFAULT_TTL_SECONDS) -> None:
        self._dir = directory
        self._ttl = ttl_seconds

    def _path(self, base_url: str) -> Path:
        digest = hashlib.sha256(base_url.encode("utf-8")).hexdigest()[:24]
        return self._dir / f"rejected-params-{digest}.json"

    def load(self, base_url: str) -> dict[str, set[str]]:
        path = self._path(base_url)
        try:
            if time.time() - path.stat().st_mtime > self._ttl or path.stat().st_size > 65536:
                return {}
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {str(k): {str(p) for p in v if isinstance(p, str)} for k, v in data.items() if isinstance(v, list)}

    def save(self, base_url: str, rejected: dict[str, set[str]]) -> None:
        path = self._path(base_url)
        tmp = path.with_suffix(".tmp")
        try:
            self._dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            text = json.dumps({k: sorted(v) for k, v in rejected.items()}, separators=(",", ":"))
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(tmp, path)
        except OSError:
            pass  # only a retry is lost next time
