"""A meter of what the client costs on the wire: round trips, bytes, time, per operation.

Why: on a 64 kbit/s link bytes are seconds, and the status bar shows "bytes used for this
citizen"; the benchmark compares our bytes and round trips with a peer client. So every HTTP
exchange (retries and 304s included) is counted under a label.

Labels: `with meter.operation("overview"):` sets the label for everything the block does, also
in tasks it starts (a context variable, so concurrent record openings do not mix). Without a
label, a request counts under its kind ("read", "search", "batch", ...). A `label=` argument on
a client call wins over both.

`bytes_received` is the body as it crossed the wire (still compressed) plus an estimate of the
header bytes; `decoded_bytes` is the body after decompression. `elapsed` sums the duration of
requests, so concurrent requests add up (it is cost, not wall-clock time).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = ["Exchange", "Meter", "MeterSnapshot", "OperationStats"]

_current_label: contextvars.ContextVar[str | None] = contextvars.ContextVar("sjtui_fhir_meter_label", default=None)


@dataclass(frozen=True)
class Exchange:
    """One HTTP request and its answer, as the meter sees it."""

    bytes_sent: int
    bytes_received: int
    decoded_bytes: int
    elapsed: float
    status: int | None = None  # None: no answer (connect error, timeout, ...)


@dataclass(frozen=True)
class OperationStats:
    round_trips: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    decoded_bytes: int = 0
    elapsed: float = 0.0
    not_modified: int = 0  # 304 answers (and 304 batch entries do not count here)
    failures: int = 0  # exchanges without an answer or with a 5xx/429 status

    def add(self, ex: Exchange) -> OperationStats:
        failed = ex.status is None or ex.status == 429 or ex.status >= 500
        return OperationStats(
            round_trips=self.round_trips + 1,
            bytes_sent=self.bytes_sent + ex.bytes_sent,
            bytes_received=self.bytes_received + ex.bytes_received,
            decoded_bytes=self.decoded_bytes + ex.decoded_bytes,
            elapsed=self.elapsed + ex.elapsed,
            not_modified=self.not_modified + (1 if ex.status == 304 else 0),
            failures=self.failures + (1 if failed else 0),
        )


@dataclass(frozen=True)
class MeterSnapshot:
    total: OperationStats = OperationStats()
    by_label: Mapping[str, OperationStats] = field(default_factory=lambda: MappingProxyType({}))

    def label(self, name: str) -> OperationStats:
        return self.by_label.get(name, OperationStats())

    # Shorthands for the totals, for status bars.
    @property
    def round_trips(self) -> int:
        return self.total.round_trips

    @property
    def bytes_received(self) -> int:
        return self.total.bytes_received

    @property
    def bytes_sent(self) -> int:
        return self.total.bytes_sent

    @property
    def decoded_bytes(self) -> int:
        return self.total.decoded_bytes


class Meter:
    """Counts exchanges. Safe for asyncio (updates are synchronous and never await)."""

    def __init__(self) -> None:
        self._total = OperationStats()
        self._by_label: dict[str, OperationStats] = {}
        self._listeners: list[Callable[[MeterSnapshot], None]] = []

    @contextmanager
    def operation(self, label: str) -> Iterator[None]:
        """Count everything done inside the block (and in tasks it starts) under `label`."""
        token = _current_label.set(label)
        try:
            yield
        finally:
            _current_label.reset(token)

    @staticmethod
    def current_label() -> str | None:
        return _current_label.get()

    def record(self, label: str, exchange: Exchange) -> None:
        self._total = self._total.add(exchange)
        self._by_label[label] = self._by_label.get(label, OperationStats()).add(exchange)
        if self._listeners:
            snap = self.snapshot()
            for listener in list(self._listeners):
                listener(snap)

    def snapshot(self) -> MeterSnapshot:
        return MeterSnapshot(self._total, MappingProxyType(dict(self._by_label)))

    def reset(self) -> None:
        self._total = OperationStats()
        self._by_label = {}

    def add_listener(self, listener: Callable[[MeterSnapshot], None]) -> Callable[[], None]:
        """Call `listener` after each exchange (e.g. to update a status bar); returns a remover.

        Listeners run synchronously in the event loop: keep them cheap and non-raising.
        """
        self._listeners.append(listener)

        def remove() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return remove
