"""Retry policy: which failures are worth another try, and how long to wait before it.

Why our own and not httpx's `retries=`: httpx only retries failed connects. On a mobile link the
usual failures are others: a stale HTTP/2 connection after idle (`RemoteProtocolError` at once on
the next request, normal, not a fault), dropped reads, 429/502/503/504 from proxies and
overloaded servers, a 500 from a server that is restarting. Only idempotent requests are
retried (GET, a batch of GETs, PUT, and a POST create that carries `If-None-Exist`): repeating
anything else could store a resource twice.

Every request has a time budget (`budget`, default 20 s) covering all its attempts and waits:
a server that never answers costs the clinician that long, not four read timeouts. A
`Retry-After` longer than `max_retry_after` or than what is left of the budget is not waited
for: the request fails at once as "busy, try later".

Waiting is exponential backoff with full jitter (a random delay between 0 and the cap, so many
clients do not retry in step), except when the server says how long with `Retry-After`.
`sleep` is injectable so tests run instantly and can assert the delays.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from sjtui.fhir.tls import certificate_problem

__all__ = ["RETRY_STATUSES", "RetryPolicy", "is_retryable_exception", "parse_retry_after"]

#: Statuses worth another try: internal error (often a restart), rate limited, bad gateway,
#: unavailable, gateway timeout.
RETRY_STATUSES: frozenset[int] = frozenset({429, 500, 502, 503, 504})

#: Transport failures worth another try (for idempotent requests).
_RETRYABLE_EXCEPTIONS: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.PoolTimeout,
    httpx.RemoteProtocolError,
)


def is_retryable_exception(exc: BaseException) -> bool:
    # A certificate that failed verification will fail again: no retry.
    return isinstance(exc, _RETRYABLE_EXCEPTIONS) and certificate_problem(exc) is None


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry an idempotent request.

    `attempts` counts all tries (4 = the first plus three retries).
    """

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0
    jitter: bool = True
    #: Longest wait honoured from a `Retry-After` header (a hostile server could say a day);
    #: a longer one fails the request at once ("busy, try later").
    max_retry_after: float = 10.0
    #: Seconds one request may take in all (attempts, body transfer and waits); None = no limit.
    budget: float | None = 20.0
    sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, compare=False)
    rand: Callable[[], float] = field(default=random.random, compare=False)
    #: The clock the budget is measured on (tests advance a fake one from their fake sleep).
    clock: Callable[[], float] = field(default=time.monotonic, compare=False)

    def backoff(self, retry_number: int) -> float:
        """Delay before retry number `retry_number` (1 = the first retry), without Retry-After."""
        cap = min(self.max_delay, self.base_delay * (2 ** max(0, retry_number - 1)))
        return float(self.rand() * cap) if self.jitter else cap

    def delay(self, retry_number: int, retry_after: float | None = None) -> float:
        """The wait before a retry: the server's Retry-After (capped) if it gave one."""
        if retry_after is not None:
            return max(0.0, min(retry_after, self.max_retry_after))
        return self.backoff(retry_number)

    def waits_for(self, retry_after: float, left: float | None) -> bool:
        """Whether a server's Retry-After is worth waiting for (within the cap and the budget)."""
        return retry_after <= self.max_retry_after and (left is None or retry_after < left)

    @classmethod
    def none(cls) -> RetryPolicy:
        """A policy that never retries."""
        return cls(attempts=1)


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds from a `Retry-After` header (delta-seconds or an HTTP date); None if unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        seconds = float(value)
    except ValueError:
        seconds = None
    if seconds is not None:
        return seconds if seconds >= 0 else None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now or datetime.now(UTC)
    return max(0.0, (when - current).total_seconds())
