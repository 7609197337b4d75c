"""One HTTP exchange done right for weak links: retries, deadline, size guard, meter, errors.

`HttpCore.send` is the only place that talks to httpx. It turns every httpx (or transport)
exception into a `FhirError`, retries idempotent requests per the `RetryPolicy`, reads the body
as a stream and stops at the size limit, and records each attempt in the `Meter`.

Timeouts: httpx's per-phase timeouts apply per socket operation, so a slow but progressing
transfer never trips them (right for a 64 kbit/s link); the optional per-attempt `deadline`
catches a transfer that trickles forever. A stalled attempt is retried once, then reported.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import httpx

from sjtui.fhir.errors import (
    FhirAuthError,
    FhirError,
    FhirHttpError,
    FhirNotFoundError,
    FhirOfflineError,
    FhirProtocolError,
    FhirRateLimitError,
    FhirTimeoutError,
    FhirTooLargeError,
)
from sjtui.fhir.meter import Exchange, Meter
from sjtui.fhir.models import OperationOutcome
from sjtui.fhir.retry import (
    RETRY_STATUSES,
    RetryPolicy,
    is_retryable_exception,
    parse_retry_after,
)
from sjtui.fhir.urls import describe

__all__ = ["DEFAULT_MAX_RESPONSE_BYTES", "HttpCore", "HttpResponse", "Timeouts"]

log = logging.getLogger("sjtui.fhir")

DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024

Params = Mapping[str, str | Sequence[str]]


@dataclass(frozen=True)
class Timeouts:
    """Per-phase httpx timeouts (seconds, per socket operation) and an optional deadline.

    `deadline` bounds one attempt of one request from send to the last body byte; None = none.
    """

    connect: float = 10.0
    read: float = 30.0
    write: float = 30.0
    pool: float = 10.0
    deadline: float | None = None

    def to_httpx(self) -> httpx.Timeout:
        return httpx.Timeout(connect=self.connect, read=self.read, write=self.write, pool=self.pool)


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: httpx.Headers
    body: bytes

    @property
    def content_type(self) -> str:
        content_type: str = self.headers.get("content-type", "")
        return content_type.split(";", 1)[0].strip().lower()

    @property
    def is_json(self) -> bool:
        ct = self.content_type
        return not ct or "json" in ct

    @property
    def etag(self) -> str | None:
        etag: str | None = self.headers.get("etag")
        return etag


class _Stalled(Exception):
    """The per-attempt deadline passed."""


def _headers_size(headers: httpx.Headers) -> int:
    return sum(len(k) + len(v) + 4 for k, v in headers.raw) + 2


def _wire_body_size(response: httpx.Response, decoded: int) -> int:
    """Body bytes as they crossed the wire (compressed). A transport that hands over an
    already-read response (tests' MockTransport) has no raw count: use what it declared."""
    if response.num_bytes_downloaded or not decoded:
        return response.num_bytes_downloaded
    declared = response.headers.get("content-length", "")
    return int(declared) if declared.isdigit() else decoded


def _request_size(request: httpx.Request) -> int:
    line = len(request.method) + len(request.url.raw_path) + 12
    body = request.content if isinstance(request.stream, httpx.ByteStream) else b""
    return line + _headers_size(request.headers) + len(body)


def _reason(status: int) -> str:
    phrase = httpx.codes.get_reason_phrase(status)
    return f"{status} {phrase}" if phrase else str(status)


class HttpCore:
    def __init__(
        self,
        base_url: str,
        client: httpx.AsyncClient,
        *,
        retry: RetryPolicy,
        timeouts: Timeouts,
        meter: Meter,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self.base_url = base_url
        self.client = client
        self.retry = retry
        self.timeouts = timeouts
        self.meter = meter
        self.max_response_bytes = max_response_bytes

    async def send(
        self,
        method: str,
        url: str,
        *,
        kind: str,
        idempotent: bool,
        label: str | None = None,
        params: Params | None = None,
        headers: Mapping[str, str] | None = None,
        content: bytes | None = None,
    ) -> HttpResponse:
        """Send with retries; return a 2xx or 304 answer, raise a FhirError for anything else."""
        label = label or self.meter.current_label() or kind
        what = describe(self.base_url, url)
        if what == "server":
            what = kind
        attempts = max(1, self.retry.attempts)
        backoffs = 0
        stale_retried = False
        stalls = 0
        for attempt in range(1, attempts + 1):
            last = attempt == attempts or not idempotent
            try:
                response = await self._attempt(method, url, label, params, headers, content)
            except _Stalled:
                stalls += 1
                if last or stalls >= 2:
                    raise FhirTimeoutError(
                        f"The FHIR server stopped sending ({what}); the transfer was abandoned."
                    ) from None
                log.info("fhir %s %s: stalled, retrying", method, what)
                continue
            except httpx.RemoteProtocolError as exc:
                # A stale HTTP/2 connection after idle fails at once: normal on mobile links.
                if not last and not stale_retried:
                    stale_retried = True
                    log.info("fhir %s %s: connection closed by server, retrying", method, what)
                    continue
                if last:
                    raise _map_exception(exc, what) from exc
                backoffs += 1
                await self.retry.sleep(self.retry.delay(backoffs))
                continue
            except FhirError:
                raise
            except Exception as exc:
                if last or not is_retryable_exception(exc):
                    raise _map_exception(exc, what) from exc
                backoffs += 1
                log.info("fhir %s %s: %s, retrying", method, what, type(exc).__name__)
                await self.retry.sleep(self.retry.delay(backoffs))
                continue
            status = response.status
            if status in RETRY_STATUSES and not last:
                backoffs += 1
                wait = parse_retry_after(response.headers.get("retry-after"))
                log.info("fhir %s %s: %s, retrying", method, what, status)
                await self.retry.sleep(self.retry.delay(backoffs, wait))
                continue
            if 200 <= status < 300 or status == 304:
                return response
            raise _status_error(response, what)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _attempt(
        self,
        method: str,
        url: str,
        label: str,
        params: Params | None,
        headers: Mapping[str, str] | None,
        content: bytes | None,
    ) -> HttpResponse:
        request = self.client.build_request(
            method, url, params=params, headers=headers, content=content
        )
        sent = _request_size(request)
        started = time.perf_counter()
        response: httpx.Response | None = None
        status: int | None = None
        decoded = 0
        deadline = self.timeouts.deadline
        try:
            async with asyncio.timeout(deadline) as scope:
                try:
                    response = await self.client.send(request, stream=True)
                    status = response.status_code
                    body = await self._read_body(response)
                    decoded = len(body)
                except TimeoutError:
                    if scope.expired():
                        raise
                    raise FhirTimeoutError("The FHIR server did not answer in time.") from None
        except TimeoutError:
            status = None
            raise _Stalled() from None
        finally:
            received = 0
            if response is not None:
                received = _wire_body_size(response, decoded) + _headers_size(response.headers) + 15
                await response.aclose()
            self.meter.record(
                label,
                Exchange(
                    bytes_sent=sent,
                    bytes_received=received,
                    decoded_bytes=decoded,
                    elapsed=time.perf_counter() - started,
                    status=status,
                ),
            )
        assert response is not None  # noqa: S101 - narrows the type: the loop returns or raises
        return HttpResponse(status=response.status_code, headers=response.headers, body=body)

    async def _read_body(self, response: httpx.Response) -> bytes:
        limit = self.max_response_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FhirTooLargeError(_too_large(limit))
        chunks: list[bytes] = []
        total = 0
        try:
            async for chunk in response.aiter_bytes():
                total += len(chunk)
                if total > limit or response.num_bytes_downloaded > limit:
                    raise FhirTooLargeError(_too_large(limit))
                chunks.append(chunk)
        except httpx.DecodingError as exc:
            raise FhirProtocolError(
                "The server sent a compressed response that could not be decoded."
            ) from exc
        return b"".join(chunks)


def _too_large(limit: int) -> str:
    size = f"{limit / (1024 * 1024):g} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"
    return f"The server's response exceeded the size limit ({size})."


def _map_exception(exc: BaseException, what: str) -> FhirError:
    if isinstance(exc, httpx.ConnectTimeout):
        return FhirOfflineError(f"Could not reach the FHIR server ({what}): connection timed out.")
    if isinstance(exc, (httpx.ConnectError, httpx.ProxyError)):
        return FhirOfflineError(
            f"Could not connect to the FHIR server ({what}). Check the network connection."
        )
    if isinstance(exc, (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)):
        return FhirOfflineError(f"The connection to the FHIR server was lost ({what}).")
    if isinstance(exc, httpx.TimeoutException):
        return FhirTimeoutError(f"The FHIR server did not answer in time ({what}).")
    if isinstance(exc, (httpx.DecodingError, httpx.TooManyRedirects, httpx.InvalidURL)):
        return FhirProtocolError(f"The FHIR server's answer could not be used ({what}).")
    if isinstance(exc, httpx.UnsupportedProtocol):
        return FhirProtocolError("The FHIR server address uses an unsupported protocol.")
    log.warning("fhir: unexpected %s (%s)", type(exc).__name__, what)
    return FhirError(f"The request to the FHIR server failed ({what}).")


def _status_error(response: HttpResponse, what: str) -> FhirHttpError:
    status = response.status
    outcome: OperationOutcome | None = None
    if response.is_json and response.body:
        try:
            outcome = OperationOutcome.from_data(json.loads(response.body))
        except (ValueError, UnicodeDecodeError):
            outcome = None
    reason = _reason(status)
    cls: type[FhirHttpError]
    if status in (404, 410):
        cls, text = FhirNotFoundError, f"Not found on the FHIR server ({what}, {reason})."
    elif status in (401, 403):
        cls, text = FhirAuthError, f"The FHIR server refused access ({what}, {reason})."
    elif status == 429:
        cls = FhirRateLimitError
        text = f"The FHIR server is busy; try again later ({what}, {reason})."
    elif 300 <= status < 400:
        cls = FhirHttpError
        text = f"The FHIR server redirected the request ({what}, {reason}); check the address."
    else:
        cls, text = FhirHttpError, f"The FHIR server answered with an error ({what}, {reason})."
    return cls(text, status=status, outcome=outcome)
