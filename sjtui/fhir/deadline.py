"""A deadline shared by every request made inside a scope (e.g. one opening of a record).

    with request_deadline(20.0):
        await fetch_everything()      # each request gets at most what is left of the 20 s

The deadline lives in a context variable, so tasks started inside the scope (asyncio.gather,
TaskGroup) inherit it. `HttpCore.send` bounds every attempt, every retry wait and every
Retry-After by what is left; past the deadline a request fails at once with a timeout.
Nested scopes only ever shorten the deadline.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["remaining", "request_deadline"]

_END: ContextVar[float | None] = ContextVar("sjtui_fhir_deadline", default=None)


@contextmanager
def request_deadline(seconds: float | None) -> Iterator[None]:
    """Requests inside the block finish within `seconds` from now (None: no extra limit)."""
    if seconds is None:
        yield
        return
    end = time.monotonic() + max(0.0, seconds)
    outer = _END.get()
    token = _END.set(end if outer is None else min(outer, end))
    try:
        yield
    finally:
        _END.reset(token)


def remaining() -> float | None:
    """Seconds left in the innermost deadline scope, or None outside any scope."""
    end = _END.get()
    return None if end is None else end - time.monotonic()
