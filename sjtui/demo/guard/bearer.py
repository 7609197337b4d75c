"""Bearer-token check in front of the FHIR endpoint (RFC 6750)."""

from __future__ import annotations

import contextvars
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from ..jsonio import dumps, operation_outcome

if TYPE_CHECKING:
    from ..auth import AuthServer, Principal

__all__ = ["PUBLIC_PREFIXES", "BearerMiddleware", "current_principal"]

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Paths anyone may call: discovery, the authorisation server, the CapabilityStatement.
PUBLIC_PREFIXES = ("/.well-known/", "/auth/")
PUBLIC_PATHS = ("/metadata",)

_principal: contextvars.ContextVar[Principal | None] = contextvars.ContextVar("sjtui_demo_principal", default=None)


def current_principal() -> Principal | None:
    """The principal of the request being handled (None outside an authenticated request)."""
    return _principal.get()


class BearerMiddleware:
    def __init__(self, app: ASGIApp, server: AuthServer) -> None:
        self.app = app
        self.server = server

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES):
            await self.app(scope, receive, send)
            return
        from ..auth import TokenRefused

        header = ""
        for key, value in scope.get("headers") or []:
            if key.lower() == b"authorization":
                header = value.decode("latin-1")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            await _unauthorised(send, 'Bearer realm="sjtui-demo"', "an access token is required")
            return
        try:
            principal = self.server.issuer.verify(token.strip())
        except TokenRefused as refused:
            challenge = f'Bearer realm="sjtui-demo", error="{refused.error}", error_description="{refused}"'
            await _unauthorised(send, challenge, str(refused))
            return
        reset = _principal.set(principal)
        try:
            await self.app(scope, receive, send)
        finally:
            _principal.reset(reset)


async def _unauthorised(send: Send, challenge: str, message: str) -> None:
    body = dumps(operation_outcome("login", message))
    await send(
        {
            "type": "http.response.start",
            "status": 401,
            "headers": [
                (b"content-type", b"application/fhir+json; charset=utf-8"),
                (b"www-authenticate", challenge.encode("latin-1")),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
