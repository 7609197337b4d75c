"""The full texts of notes and reports (fetched on demand), kept with the citizen's cached
record: one row per text in the `bodies` table under a blind index of citizen + URL, sealed
like the rest. A body past the retention or one that fails to open is deleted and fetched
again (`notice` says the cache was repaired)."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from sjtui.cache import codec
from sjtui.cache.db import NOTICE_REPAIRED, SealedDb
from sjtui.crypto.aead import TamperedData


class NoteBodies(SealedDb):
    """The body half of `RecordCache` (which supplies `_citizen` and `_cutoff`)."""

    def _citizen(self, cpr: str) -> str:  # pragma: no cover - RecordCache overrides it
        raise NotImplementedError

    def _cutoff(self, now: datetime | None = None) -> datetime:  # pragma: no cover - as above
        raise NotImplementedError

    def _url_hash(self, citizen: str, url: str) -> str:
        return self._key.blind_index(f"body:{citizen}|{url}")

    def load_body(self, cpr: str, url: str) -> str | None:
        citizen = self._citizen(cpr)
        url_hash = self._url_hash(citizen, url)

        def op(conn: sqlite3.Connection) -> str | None:
            row = conn.execute(
                "SELECT blob, stored_at FROM bodies WHERE citizen = ? AND url_hash = ?", (citizen, url_hash)
            ).fetchone()
            if row is None:
                return None
            if row[1] < self._cutoff().timestamp():
                with self._tx(conn):
                    conn.execute("DELETE FROM bodies WHERE citizen = ? AND url_hash = ?", (citizen, url_hash))
                return None
            try:
                text = codec.unseal(self._key.sealer, row[0], citizen, "body:" + url_hash)
                if not isinstance(text, str):
                    raise TamperedData("bad body payload")
            except TamperedData:
                with self._tx(conn):
                    conn.execute("DELETE FROM bodies WHERE citizen = ? AND url_hash = ?", (citizen, url_hash))
                self.notice = NOTICE_REPAIRED
                return None
            return text

        return self._run(op, on_reset=None)

    def store_body(self, cpr: str, url: str, text: str) -> None:
        citizen = self._citizen(cpr)
        url_hash = self._url_hash(citizen, url)
        blob = self._seal(text, citizen, "body:" + url_hash)
        now = self._clock().timestamp()

        def op(conn: sqlite3.Connection) -> None:
            with self._tx(conn):
                conn.execute(
                    "INSERT OR REPLACE INTO bodies (citizen, url_hash, blob, stored_at) VALUES (?, ?, ?, ?)",
                    (citizen, url_hash, blob, now),
                )

        self._run(op, on_reset=None)
