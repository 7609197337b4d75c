"""ASGI middleware: response compression and the request log.

Compression: the body is buffered (every response here is one JSON document) and encoded
with the best coding the client accepts: brotli (`br`, if the brotli package is present),
zstd (if zstandard is present), gzip. Bodies under `minimum_size` bytes go plain: headers
would eat the saving. Starlette's GZipMiddleware does gzip only, hence this one.

Request log: one `RequestLogEntry` per HTTP request with the bytes *as sent* (after
compression), so tests can assert what crossed the wire.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

try:  # optional codings
    import brotli  # type: ignore[import-untyped]  # ships no type hints
except ImportError:  # pragma: no cover
    brotli = None
try:
    import zstandard
except ImportError:  # pragma: no cover
    zstandard = None  # type: ignore[assignment]  # optional: zstd is then not offered

__all__ = ["CompressionMiddleware", "RequestLogEntry", "RequestLogMiddleware", "available_codings"]

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOGGED_HEADERS = (
    "accept",
    "accept-encoding",
    "content-type",
    "content-length",
    "if-none-match",
    "if-modified-since",
    "if-none-exist",
    "prefer",
    "user-agent",
    "x-request-id",
)


def available_codings() -> list[str]:
    """Codings this server can produce, best first."""
    out = []
    if brotli is not None:
        out.append("br")
    if zstandard is not None:
        out.append("zstd")
    out.append("gzip")
    return out


def _accepted(header: str) -> dict[str, float]:
    result: dict[str, float] = {}
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        q = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                q = float(params[2:])
            except ValueError:
                q = 0.0
        if name.strip():
            result[name.strip().lower()] = q
    return result


def _choose(header: str) -> str | None:
    accepted = _accepted(header)
    for coding in available_codings():
        q = accepted.get(coding, accepted.get("*", 0.0) if coding == "gzip" else 0.0)
        if q > 0:
            return coding
    return None


def _encode(coding: str, body: bytes) -> bytes:
    if coding == "br":
        return brotli.compress(body, quality=5)
    if coding == "zstd":
        return zstandard.ZstdCompressor(level=6).compress(body)
    return gzip.compress(body, compresslevel=6, mtime=0)


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    for k, v in headers:
        if k.lower() == name:
            return v
    return None


class CompressionMiddleware:
    def __init__(self, app: ASGIApp, minimum_size: int = 500) -> None:
        self.app = app
        self.minimum_size = minimum_size

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        req_headers = dict(scope.get("headers") or [])
        coding = _choose(req_headers.get(b"accept-encoding", b"").decode("latin-1"))
        start: dict[str, Any] | None = None
        chunks: list[bytes] = []

        async def buffered(message: dict[str, Any]) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            await self._flush(start, b"".join(chunks), coding, send)

        await self.app(scope, receive, buffered)

    async def _flush(self, start: dict[str, Any], body: bytes, coding: str | None, send: Send) -> None:
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        compressible = (
            coding is not None
            and len(body) >= self.minimum_size
            and start["status"] not in (204, 304)
            and _header(headers, b"content-encoding") is None
        )
        if compressible and coding is not None:
            body = _encode(coding, body)
            headers.append((b"content-encoding", coding.encode()))
        headers.append((b"vary", b"Accept-Encoding"))
        headers.append((b"content-length", str(len(body)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})


@dataclass
class RequestLogEntry:
    method: str
    path: str
    query: str
    status: int = 0
    #: The response body exactly as sent (compressed if it was).
    body: bytes = b""
    request_headers: dict[str, str] = field(default_factory=dict)
    response_headers: dict[str, str] = field(default_factory=dict)
    #: The connection was dropped (fault injection or an internal crash).
    dropped: bool = False
    seconds: float = 0.0

    @property
    def size(self) -> int:
        return len(self.body)


class RequestLogMiddleware:
    def __init__(self, app: ASGIApp, log: list[RequestLogEntry], max_entries: int = 10_000) -> None:
        self.app = app
        self.log = log
        self.max_entries = max_entries

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers") or []}
        entry = RequestLogEntry(
            method=scope["method"],
            path=scope["path"],
            query=(scope.get("query_string") or b"").decode("latin-1"),
            request_headers={k: headers[k] for k in LOGGED_HEADERS if k in headers},
        )
        chunks: list[bytes] = []
        began = time.perf_counter()

        async def logging_send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                entry.status = message["status"]
                entry.response_headers = {
                    k.decode("latin-1").lower(): v.decode("latin-1") for k, v in message.get("headers", [])
                }
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, logging_send)
        except BaseException:
            entry.dropped = True
            raise
        finally:
            entry.body = b"".join(chunks)
            entry.seconds = time.perf_counter() - began
            self.log.append(entry)
            if len(self.log) > self.max_entries:
                del self.log[: len(self.log) - self.max_entries]
