"""When each clinician last opened a citizen's record ("new since you last opened").

One marker per clinician and citizen, kept with the citizen's cached record and sealed like
the rest of it: the row sits in the `bodies` table under a blind index of citizen + clinician
(no CPR, no user id, no date in any clear column name or value but the row's storage time,
which the cache's retention needs), and the sealed payload holds the opening time and the
keys of the resources that opening showed. It goes when the citizen's copy goes (retention,
purge, a damaged copy). A marker that fails to open is deleted: that clinician's next opening
is then a first one, which is what the record service says.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sjtui.cache import codec
from sjtui.cache.db import NOTICE_REPAIRED, SealedDb
from sjtui.crypto.aead import TamperedData


@dataclass(frozen=True, slots=True)
class OpeningMark:
    """A clinician's last opening of a record: when, and which resources it showed."""

    at: datetime
    keys: frozenset[str]


class OpeningMarks(SealedDb):
    """The marker half of `RecordCache` (which supplies `_citizen` and `_cutoff`)."""

    def _citizen(self, cpr: str) -> str:  # pragma: no cover - RecordCache overrides it
        raise NotImplementedError

    def _cutoff(self, now: datetime | None = None) -> datetime:  # pragma: no cover - as above
        raise NotImplementedError

    def _mark_row(self, citizen: str, clinician_id: str) -> str:
        return self._key.blind_index(f"mark:{citizen}|{clinician_id}")

    def load_mark(self, cpr: str, clinician_id: str) -> OpeningMark | None:
        """This clinician's last opening of this citizen's record, or None (never opened
        here, expired, or damaged)."""
        citizen = self._citizen(cpr)
        row_key = self._mark_row(citizen, clinician_id)

        def op(conn: sqlite3.Connection) -> OpeningMark | None:
            row = conn.execute(
                "SELECT blob, stored_at FROM bodies WHERE citizen = ? AND url_hash = ?", (citizen, row_key)
            ).fetchone()
            if row is None:
                return None
            if row[1] < self._cutoff().timestamp():
                self._forget_mark(conn, citizen, row_key)
                return None
            try:
                data = codec.unseal(self._key.sealer, row[0], citizen, "mark:" + row_key)
                mark = _mark_of(data)
            except (TamperedData, ValueError, TypeError, KeyError):
                self._forget_mark(conn, citizen, row_key)
                self.notice = NOTICE_REPAIRED
                return None
            return mark

        return self._run(op, on_reset=None)

    def store_mark(self, cpr: str, clinician_id: str, at: datetime, keys: Iterable[str]) -> None:
        """Remember this opening as the clinician's last one of the citizen's record."""
        citizen = self._citizen(cpr)
        row_key = self._mark_row(citizen, clinician_id)
        payload = {"at": at.isoformat(), "keys": sorted(set(keys))}
        blob = codec.seal(self._key.sealer, payload, citizen, "mark:" + row_key)
        now = self._clock().timestamp()

        def op(conn: sqlite3.Connection) -> None:
            with self._tx(conn):
                conn.execute(
                    "INSERT OR REPLACE INTO bodies (citizen, url_hash, blob, stored_at) VALUES (?, ?, ?, ?)",
                    (citizen, row_key, blob, now),
                )

        self._run(op, on_reset=None)

    def _forget_mark(self, conn: sqlite3.Connection, citizen: str, row_key: str) -> None:
        with self._tx(conn):
            conn.execute("DELETE FROM bodies WHERE citizen = ? AND url_hash = ?", (citizen, row_key))


def _mark_of(data: object) -> OpeningMark:
    if not isinstance(data, dict) or not isinstance(data.get("at"), str) or not isinstance(data.get("keys"), list):
        raise ValueError("bad marker payload")
    at = datetime.fromisoformat(data["at"])
    if at.tzinfo is None:
        raise ValueError("marker time without zone")
    return OpeningMark(at=at, keys=frozenset(k for k in data["keys"] if isinstance(k, str)))
