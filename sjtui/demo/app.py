"""The demo FHIR R4 server as a Starlette ASGI app.

FHIR is served at the ROOT of the app: the base URL is `http://demo` in-process (httpx
`ASGITransport`, any host name works) and `http://127.0.0.1:PORT` on a port; e.g.
`GET {base}/metadata`, `GET {base}/Observation?patient=poul`, `POST {base}/` (batch).

    app = create_app()                       # the shipped synthetic fixtures
    app = create_app(bundles=[my_bundle])    # only these (tests)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://demo") as c:
        r = await c.get("/Patient", params={"given": "Poul"})

`app.state` holds the `store` (see store.Store; `store.upsert(resource)` changes data like a
server-side update), `request_log` (what went over the wire), `faults` (faults.FaultPlan: wire
faults in the middleware, content faults in the handler) and
`load_problems` (fixture files that were skipped, by name).

Layering, outermost first: request log -> fault injection -> compression -> Starlette ->
one catch-all endpoint -> FhirHandler. Any unexpected exception becomes a generic 500
OperationOutcome; no traceback ever reaches a client.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Awaitable, Callable
from datetime import datetime
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .fault_wire import FaultMiddleware
from .faults import FaultPlan
from .handler import FHIR_JSON, FhirHandler, FhirRequest, FhirResult
from .jsonio import dumps, operation_outcome
from .loader import default_fixtures_dir, load_directory, load_objects
from .middleware import CompressionMiddleware, RequestLogEntry, RequestLogMiddleware
from .store import Store

if TYPE_CHECKING:
    from .auth import AuthServer

__all__ = ["MAX_BODY_BYTES", "create_app"]

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1_000_000
_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"]


class _TooLarge(Exception):
    pass


class _BadEncoding(Exception):
    """A request body in a content coding this server does not take (or a broken one)."""


async def _read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise _TooLarge()
    size = 0
    chunks = []
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise _TooLarge()
        chunks.append(chunk)
    body = b"".join(chunks)
    coding = request.headers.get("content-encoding", "identity").strip().lower()
    if coding == "gzip":  # a client may compress what it sends (audit batches do)
        inflater = zlib.decompressobj(wbits=31)
        try:
            body = inflater.decompress(body, MAX_BODY_BYTES + 1)
        except zlib.error:
            raise _BadEncoding() from None
        if len(body) > MAX_BODY_BYTES or inflater.unconsumed_tail:
            raise _TooLarge()
    elif coding != "identity":
        raise _BadEncoding()
    return body


def _response(result: FhirResult) -> Response:
    if result.raw is not None:
        content = result.raw
    elif result.body is None or result.status == 304:
        content = b""
    else:
        content = dumps(result.body)
    media = result.media_type if content or result.raw is not None else None
    # No body (304, `Prefer: return=minimal`): no Content-Type either.
    response = Response(content, status_code=result.status, headers=dict(result.headers), media_type=media)
    return response


def _error(status: int, code: str, message: str) -> Response:
    return Response(dumps(operation_outcome(code, message)), status_code=status, media_type=FHIR_JSON)


def _handler(
    store: Store, software_version: str | None, clock: Callable[[], datetime] | None, auth: AuthServer | bool
) -> tuple[FhirHandler, AuthServer | None]:
    """The FHIR handler, gated by the access checks of `demo.guard` when `auth` is on."""
    if software_version is None:
        try:
            from sjtui import __version__ as software_version
        except ImportError:
            software_version = "0"
    if not auth:
        return FhirHandler(store, software_version=str(software_version), clock=clock), None
    from .auth import AuthServer as _AuthServer
    from .guard import DecisionStore, GatedHandler

    auth_server = auth if isinstance(auth, _AuthServer) else _AuthServer()
    gated = GatedHandler(store, software_version=str(software_version), clock=clock, decisions=DecisionStore())
    return gated, auth_server


def _endpoint(handler: FhirHandler) -> Callable[[Request], Awaitable[Response]]:
    """The one catch-all endpoint: HTTP request in, the handler's answer out."""

    async def endpoint(request: Request) -> Response:
        try:
            body = await _read_body(request) if request.method in ("POST", "PUT") else None
            fhir_request = FhirRequest(
                method=request.method,
                path=request.path_params.get("path", ""),
                query=request.query_params.multi_items(),
                headers={k.lower(): v for k, v in request.headers.items()},
                body=body,
                base_url=str(request.base_url),
            )
            return _response(handler.handle(fhir_request))
        except _TooLarge:
            return _error(413, "too-costly", f"request body larger than {MAX_BODY_BYTES} bytes")
        except _BadEncoding:
            return _error(415, "not-supported", "request bodies may be sent as identity or gzip only")
        except Exception:
            log.exception("demo server: internal error on %s", request.method)
            return _error(500, "exception", "internal server error")

    return endpoint


def create_app(
    fixtures_dir: Path | Traversable | None = None,
    *,
    bundles: list[dict[str, Any]] | None = None,
    software_version: str | None = None,
    clock: Callable[[], datetime] | None = None,
    auth: AuthServer | bool = False,
) -> Starlette:
    """The demo server. Loads `fixtures_dir` (default: the shipped fixtures, unless only
    `bundles` are given) and then `bundles`. Broken files are skipped (see load_problems).
    `clock` pins the server's "now" (Bundle and write timestamps), for reproducible tests.
    `auth` (True or an `AuthServer`) adds the authorisation server and the access checks of
    `demo.guard`; without it the server answers anyone (the zero-config demo)."""
    store = Store(clock=clock)
    problems: list[str] = []
    if fixtures_dir is not None or bundles is None:
        problems += load_directory(store, fixtures_dir if fixtures_dir is not None else default_fixtures_dir())
    if bundles is not None:
        problems += load_objects(store, bundles)
    handler, auth_server = _handler(store, software_version, clock, auth)
    request_log: list[RequestLogEntry] = []
    faults = FaultPlan()
    handler.faults = faults
    routes = [Route("/{path:path}", _endpoint(handler), methods=_METHODS)]
    middleware = [
        Middleware(RequestLogMiddleware, log=request_log),
        Middleware(FaultMiddleware, plan=faults),
        Middleware(CompressionMiddleware, minimum_size=500),
    ]
    if auth_server is not None:
        from .guard import BearerMiddleware

        routes = auth_server.routes() + routes
        middleware.append(Middleware(BearerMiddleware, server=auth_server))
    app = Starlette(routes=routes, middleware=middleware)
    app.state.auth = auth_server
    app.state.store = store
    app.state.handler = handler
    app.state.request_log = request_log
    app.state.faults = faults
    app.state.load_problems = problems
    return app
