"""A demo server that rejects some search parameters, as real servers do for what they do
not support: a GET naming one answers 400 with an OperationOutcome, and so does each batch
entry naming one (the other entries are answered as usual).

    app = RejectParams(create_app(), ["_sort", "_lastUpdated"])
    app = RejectParams(create_app(), ["_lastUpdated=gt"])  # only that date prefix

`entry_hook(url, entry)` may replace any batch entry's answer (tests of other quirks: an
OperationOutcome in place of a searchset, a searchset whose `entry` is not a list).
A rule is a parameter name, or `name=prefix` to reject only values starting with prefix.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Awaitable, Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]
EntryHook = Callable[[str, dict[str, Any]], dict[str, Any]]


def outcome(text: str) -> dict[str, Any]:
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": "not-supported", "diagnostics": text}],
    }


class RejectParams:
    def __init__(self, app: App, rules: Iterable[str], *, entry_hook: EntryHook | None = None) -> None:
        self.app = app
        self.rules = [(r.partition("=")[0], r.partition("=")[2]) for r in rules]
        self.entry_hook = entry_hook
        self.rejected: list[str] = []  # the URLs answered 400 (what the tests look at)

    def _rejects(self, query: str) -> str:
        for name, value in parse_qsl(query, keep_blank_values=True):
            for rule, prefix in self.rules:
                if name == rule and value.startswith(prefix):
                    return name
        return ""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return
        method, path = scope.get("method"), scope.get("path", "")
        if method == "GET":
            name = self._rejects(scope.get("query_string", b"").decode("latin-1"))
            if name:
                self.rejected.append(f"{path}?{scope.get('query_string', b'').decode('latin-1')}")
                await _send_json(send, 400, outcome(f"Unknown or unsupported parameter {name}"))
                return
        if method == "POST" and path in ("", "/"):
            await self._batch(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _batch(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        coding = dict(scope.get("headers", [])).get(b"content-encoding", b"").strip().lower()
        try:
            text = gzip.decompress(body) if coding == b"gzip" else body  # the client may compress
            urls = [str(e.get("request", {}).get("url", "")) for e in json.loads(text).get("entry", [])]
        except (ValueError, AttributeError, OSError, EOFError):
            urls = []
        replayed = False

        async def replay() -> dict[str, Any]:
            nonlocal replayed
            if replayed:
                return {"type": "http.disconnect"}
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"accept-encoding"]
        await self.app({**scope, "headers": headers}, replay, capture)
        answer = b"".join(chunks)
        try:
            bundle = json.loads(answer)
            entries = bundle.get("entry")
        except ValueError:
            bundle, entries = None, None
        if not isinstance(entries, list) or len(entries) != len(urls):
            await _send_raw(send, start, answer)
            return
        for n, url in enumerate(urls):
            name = self._rejects(url.partition("?")[2])
            if name:
                self.rejected.append(url)
                problem = outcome(f"Unknown or unsupported parameter {name}")
                entries[n] = {"resource": problem, "response": {"status": "400 Bad Request", "outcome": problem}}
            elif self.entry_hook is not None:
                entries[n] = self.entry_hook(url, entries[n])
        await _send_json(send, int(start.get("status", 200)), bundle)


async def _send_raw(send: Send, start: dict[str, Any], body: bytes) -> None:
    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": start.get("status", 200), "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _send_json(send: Send, status: int, data: object) -> None:
    body = json.dumps(data).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/fhir+json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
