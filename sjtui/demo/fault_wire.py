"""Wire-level faults (ASGI middleware): error statuses, HTML pages, resets, truncated gzip,
stalls and trickles. Which request gets which fault is the `FaultPlan`'s business."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import Awaitable, Callable
from typing import Any

from .faults import FaultPlan, FaultRule, SimulatedDrop
from .jsonio import dumps, operation_outcome

__all__ = ["CAPTIVE_PORTAL_PAGE", "FaultMiddleware"]

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
Headers = list[tuple[bytes, bytes]]

CAPTIVE_PORTAL_PAGE = (
    b"<!DOCTYPE html><html><head><title>Guest Wi-Fi</title></head>"
    b"<body><h1>Welcome</h1><p>Please accept the terms to continue.</p></body></html>"
)


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
            await _fail(rule, send)
        elif rule.kind == "drop":
            await self._drop(scope, receive, send)
        else:
            await self._mangle(rule, scope, receive, send)

    async def _drop(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def swallow(message: dict[str, Any]) -> None:
            return None

        await self.app(scope, receive, swallow)  # fully handled: any write is stored
        # Promise a body that never comes, so a real HTTP client sees a truncated response.
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-length", b"100000"), (b"content-type", b"application/fhir+json")],
            }
        )
        raise SimulatedDrop()

    async def _mangle(self, rule: FaultRule, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle the request for real (uncompressed), then deliver the answer badly."""
        plain_scope = {
            **scope,
            "headers": [(k, v) for k, v in scope.get("headers") or [] if k.lower() != b"accept-encoding"],
        }
        status, headers, body = await _capture(self.app, plain_scope, receive)
        headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
        if rule.kind == "gzip":
            packed = gzip.compress(body, mtime=0)
            cut = packed[: max(1, len(packed) // 2)]
            headers += [(b"content-encoding", b"gzip"), (b"content-length", str(len(cut)).encode())]
            await _start(send, status, headers)
            await send({"type": "http.response.body", "body": cut})
            return
        headers.append((b"content-length", str(len(body)).encode()))
        await _start(send, status, headers)
        if rule.kind == "reset":
            await send({"type": "http.response.body", "body": body[: len(body) // 2], "more_body": True})
            raise SimulatedDrop()
        if rule.kind == "stall":
            if rule.mid_body:
                await send({"type": "http.response.body", "body": body[: len(body) // 2], "more_body": True})
            await asyncio.sleep(rule.seconds)
            rest = body[len(body) // 2 :] if rule.mid_body else body
            await send({"type": "http.response.body", "body": rest})
            return
        # trickle
        step = max(1, rule.size)
        for offset in range(0, len(body), step):
            last = offset + step >= len(body)
            await send({"type": "http.response.body", "body": body[offset : offset + step], "more_body": not last})
            if not last:
                await asyncio.sleep(rule.seconds)
        if not body:
            await send({"type": "http.response.body", "body": b""})


async def _start(send: Send, status: int, headers: Headers) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})


async def _capture(app: Callable[..., Awaitable[None]], scope: Scope, receive: Receive) -> tuple[int, Headers, bytes]:
    status = 500
    headers: Headers = []
    chunks: list[bytes] = []

    async def keep(message: dict[str, Any]) -> None:
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status = message["status"]
            headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, keep)
    return status, headers, b"".join(chunks)


async def _fail(rule: FaultRule, send: Send) -> None:
    if rule.body == "html":
        body = CAPTIVE_PORTAL_PAGE
        ctype = b"text/html; charset=utf-8"
    else:
        body = dumps(operation_outcome("transient", "simulated failure (fault injection)"))
        ctype = b"application/fhir+json; charset=utf-8"
    headers = [(b"content-type", ctype), (b"content-length", str(len(body)).encode())]
    if rule.retry_after is not None:
        value = rule.retry_after
        text = str(int(value)) if float(value).is_integer() else str(value)
        headers.append((b"retry-after", text.encode()))
    await _start(send, rule.status, headers)
    await send({"type": "http.response.body", "body": body})
