"""Fault injection for tests of the client's retry, timeout and idempotence logic.

`app.state.faults` is a `FaultPlan`. Each rule applies to the next `n` matching requests
(optionally filtered by method and by a path prefix such as "/AuditEvent"):

- `fail_next(n, status=503, retry_after=1)`: answer with that status and an
  OperationOutcome (and `Retry-After` when given), without touching the store.
- `drop_after_handling_next(n, method="POST")`: handle the request fully (a write is stored),
  then drop the response. On a port the client sees the connection close before the body
  (httpx: RemoteProtocolError); in-process over httpx's ASGITransport the app raises
  `SimulatedDrop`, itself an `httpx.RemoteProtocolError`, so the client sees the same error type.
- `delay_next(n, seconds)`: wait before handling (for timeout tests).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from .jsonio import dumps, operation_outcome

__all__ = ["FaultMiddleware", "FaultPlan", "SimulatedDrop"]

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


class SimulatedDrop(httpx.RemoteProtocolError):
    """The demo server dropped the connection on purpose (fault injection)."""

    def __init__(self) -> None:
        super().__init__("server closed the connection without sending a response (simulated)")


@dataclass
class _Rule:
    kind: str  # fail | drop | delay
    remaining: int
    method: str | None
    path: str | None
    status: int = 503
    retry_after: float | None = None
    seconds: float = 0.0

    def applies(self, method: str, path: str) -> bool:
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path is None or path.startswith(self.path)


class FaultPlan:
    """Pending faults; consumed in the order they were added (one rule per request)."""

    def __init__(self) -> None:
        self._rules: list[_Rule] = []
        self._lock = threading.Lock()

    def fail_next(
        self, n: int = 1, *, status: int = 503, retry_after: float | None = 1,
        method: str | None = None, path: str | None = None,
    ) -> None:
        self._add(_Rule("fail", n, method, path, status=status, retry_after=retry_after))

    def drop_after_handling_next(self, n: int = 1, *, method: str | None = "POST", path: str | None = None) -> None:
        self._add(_Rule("drop", n, method, path))

    def delay_next(self, n: int = 1, seconds: float = 1.0, *, method: str | None = None, path: str | None = None) -> None:
        self._add(_Rule("delay", n, method, path, seconds=seconds))

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    @property
    def pending(self) -> int:
        with self._lock:
            return sum(r.remaining for r in self._rules)

    def _add(self, rule: _Rule) -> None:
        if rule.remaining > 0:
            with self._lock:
                self._rules.append(rule)

    def take(self, method: str, path: str) -> _Rule | None:
        """The rule for this request (consuming one use), or None."""
        with self._lock:
            for rule in self._rules:
                if rule.applies(method, path):
                    rule.remaining -= 1
                    if rule.remaining <= 0:
                        self._rules.remove(rule)
                    return rule
        return None


class FaultMiddleware:
    def __init__(self, app: Callable[..., Awaitable[None]], plan: FaultPlan) -> None:
        self.app = app
        self.plan = plan

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rule = self.plan.take(scope["method"], scope["path"])
        if rule is None:
            await self.app(scope, receive, send)
        elif rule.kind == "delay":
            await asyncio.sleep(rule.seconds)
            await self.app(scope, receive, send)
        elif rule.kind == "fail":
            await self._fail(rule, send)
        else:
            await self._drop(scope, receive, send)

    @staticmethod
    async def _fail(rule: _Rule, send: Send) -> None:
        body = dumps(operation_outcome("transient", "simulated failure (fault injection)"))
        headers = [
            (b"content-type", b"application/fhir+json; charset=utf-8"),
            (b"content-length", str(len(body)).encode()),
        ]
        if rule.retry_after is not None:
            value = rule.retry_after
            text = str(int(value)) if float(value).is_integer() else str(value)
            headers.append((b"retry-after", text.encode()))
        await send({"type": "http.response.start", "status": rule.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _drop(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def swallow(message: dict[str, Any]) -> None:
            return None

        await self.app(scope, receive, swallow)  # fully handled: any write is stored
        # Promise a body that never comes, so a real HTTP client sees a truncated response.
        await send({
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-length", b"100000"), (b"content-type", b"application/fhir+json")],
        })
        raise SimulatedDrop()
