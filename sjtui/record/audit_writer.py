"""The record service's durable journal appends, off the event loop (issue 14).

An append fsyncs a few times and takes a file lock: on a slow or network home directory, or
with a second instance holding the lock, it can take long. Every append therefore runs in a
thread, and the UI keeps answering keys meanwhile; the status says the log is being written.

Two kinds of callers:
- `append_off_loop`: a step that must be durable before it goes on (a search's hits, an
  opening's data, a body, break-the-glass) awaits its own entry;
- `enqueue`: a pane view (a tab shown). The tab's data is already on screen under the
  opening's entry, so the view is written right after it is shown rather than before. The
  views are appended one after another in the order they were handed over (the journal reads
  in the order the tabs were shown), by one task this writer owns: an entry handed over is
  written even if its caller goes away (the screen closes), and `idle()` waits for every one
  of them (the app waits for it before quitting, so none is lost).
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections import deque
from collections.abc import Callable

from sjtui.audit.entry import AuditEntry
from sjtui.audit.journal import AuditJournal, AuditJournalDamaged, AuditWriteError
from sjtui.record.errors import AuditDamaged, AuditFailed

log = logging.getLogger(__name__)


class AuditWriter:
    def __init__(self, journal: AuditJournal, on_status_change: Callable[[], None]) -> None:
        self._journal = journal
        self._on_status_change = on_status_change
        self._writing = 0  # appends under way (in threads)
        self._queue: deque[tuple[AuditEntry, Callable[[], None], asyncio.Future[None]]] = deque()
        self._drain: asyncio.Task[None] | None = None

    @property
    def writing(self) -> bool:
        return self._writing > 0 or bool(self._queue)

    def append(self, entry: AuditEntry) -> None:
        """Append and fsync the entry (blocking: a few fsyncs) or fail closed."""
        try:
            self._journal.append(entry)
        except AuditJournalDamaged as exc:
            raise AuditDamaged("the audit journal is damaged", detail=str(exc)) from exc
        except AuditWriteError as exc:
            raise AuditFailed("the audit journal cannot be written", detail=str(exc)) from exc

    async def append_off_loop(self, entry: AuditEntry) -> None:
        """`append` in a thread; the status says the log is being written until it is durable."""
        self._writing += 1
        self._on_status_change()
        try:
            await asyncio.to_thread(self.append, entry)
        finally:
            self._writing -= 1
            self._on_status_change()

    def enqueue(self, entry: AuditEntry, *, written: Callable[[], None]) -> asyncio.Future[None]:
        """Hand the entry over to be appended after those handed over before it. The future
        ends when it is durable (`written` has been called) or holds the `ServiceError`."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.add_done_callback(_retrieve)  # a caller that went away never logs "not retrieved"
        self._queue.append((entry, written, done))
        if self._drain is None or self._drain.done():
            # A context of its own: the caller's (the record screen's) would keep that screen,
            # and the record it shows, alive for as long as this writer holds the task.
            self._drain = asyncio.create_task(self._write_queued(), context=contextvars.Context())
        self._on_status_change()
        return done

    async def _write_queued(self) -> None:
        while self._queue:
            entry, written, done = self._queue[0]
            try:
                await self.append_off_loop(entry)
            except (AuditDamaged, AuditFailed) as exc:
                if not done.done():
                    done.set_exception(exc)
            else:
                written()
                if not done.done():
                    done.set_result(None)
            finally:
                self._queue.popleft()
                self._on_status_change()

    async def idle(self) -> None:
        """Wait until every entry handed over so far is durable (or has failed)."""
        while self._drain is not None and not self._drain.done():
            await asyncio.shield(self._drain)


def _retrieve(future: asyncio.Future[None]) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.debug("a queued audit append failed (reported to its caller, if still there)")


__all__ = ["AuditWriter"]
