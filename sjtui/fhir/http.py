"""One HTTP exchange done right for weak links: retries, deadline, size guard, meter, errors.

`HttpCore.send` is the only place that talks to httpx. It turns every httpx (or transport)
exception into a `FhirError`, retries idempotent requests per the `RetryPolicy`, reads the body
as a stream and stops at the size limit, and records each attempt in the `Meter`.

Timeouts: httpx's per-phase timeouts apply per socket operation, so a slow but progressing
transfer never trips them (right for a 64 kbit/s link). Two overall limits catch a transfer
that trickles forever: the request's time budget (`RetryPolicy.budget`, shortened by any
`deadline.request_deadline` scope), which covers every attempt, body and wait, and the optional
per-attempt `Timeouts.deadline`. A stalled attempt is retried once if time is left.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import httpx

from sjtui.fhir.deadline import remaining as deadline_left
from sjtui.fhir.errors import (
    FhirError,
    FhirProtocolError,
    FhirTimeoutError,
    FhirTooLargeError,
)
from sjtui.fhir.http_errors import (
    busy,
    looks_like_html,
    map_exception,
    out_of_time,
    size_text,
    status_error,
    too_large,
)
from sjtui.fhir.meter import Exchange, Meter
from sjtui.fhir.retry import (
    RETRY_STATUSES,
    RetryPolicy,
    is_retryable_exception,
    parse_retry_after,
)
from sjtui.fhir.urls import describe

__all__ = ["DEFAULT_MAX_RESPONSE_BYTES", "HttpCore", "HttpResponse", "Timeouts", "looks_like_html"]

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
    #: The body was cut at the size limit (only when the caller asked for `truncate`).
    truncated: bool = False

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
    """The per-attempt deadline passed (`out_of_time`: the request's whole budget did)."""

    def __init__(self, *, out_of_time: bool = False) -> None:
        super().__init__()
        self.out_of_time = out_of_time


@dataclass
class _Tries:
    """The retry state of one request: attempts made, back-offs, stalls, a stale retry."""

    attempts: int
    idempotent: bool
    attempt: int = 0
    backoffs: int = 0
    stalls: int = 0
    stale_retried: bool = False

    @property
    def last(self) -> bool:
        """No retry after this attempt (out of attempts, or not safe to repeat)."""
        return self.attempt >= self.attempts or not self.idempotent


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

    def _left(self, end: float | None) -> float | None:
        """Seconds left for this request: its own budget and any enclosing deadline scope."""
        lefts = [x for x in (None if end is None else end - self.retry.clock(), deadline_left()) if x is not None]
        return min(lefts) if lefts else None

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
        budget: float | None = None,
        max_bytes: int | None = None,
        truncate: bool = False,
    ) -> HttpResponse:
        """Send with retries; return a 2xx or 304 answer, raise a FhirError for anything else.

        `budget` overrides the policy's time budget for this request; `max_bytes` lowers the
        size limit; with `truncate`, a longer body is cut there (`HttpResponse.truncated`)
        instead of failing.
        """
        label = label or self.meter.current_label() or kind
        what = describe(self.base_url, url)
        if what == "server":
            what = kind
        budget = self.retry.budget if budget is None else budget
        end = None if budget is None else self.retry.clock() + budget
        limit = self.max_response_bytes if max_bytes is None else min(max_bytes, self.max_response_bytes)
        tries = _Tries(attempts=max(1, self.retry.attempts), idempotent=idempotent)
        while True:
            tries.attempt += 1
            attempt = tries.attempt
            left = self._left(end)
            if left is not None and left <= 0:
                raise out_of_time(what, attempt - 1)
            response = await self._try_once(
                tries,
                method,
                url,
                label,
                params,
                headers,
                content,
                what=what,
                left=left,
                end=end,
                limit=limit,
                truncate=truncate,
            )
            if response is None:
                continue
            status = response.status
            if status in RETRY_STATUSES and not tries.last:
                await self._wait_for_status(response, tries, method, what, end)
                continue
            if 200 <= status < 300 or status == 304:
                return response
            raise status_error(response, what).with_params(attempts=attempt)

    async def _try_once(
        self,
        tries: _Tries,
        method: str,
        url: str,
        label: str,
        params: Params | None,
        headers: Mapping[str, str] | None,
        content: bytes | None,
        *,
        what: str,
        left: float | None,
        end: float | None,
        limit: int,
        truncate: bool,
    ) -> HttpResponse | None:
        """One attempt: its answer, None to retry (after any wait), or a FhirError raised."""
        attempt, last = tries.attempt, tries.last
        try:
            return await self._attempt(
                method, url, label, params, headers, content, left=left, end=end, limit=limit, truncate=truncate
            )
        except _Stalled as stalled:
            tries.stalls += 1
            if stalled.out_of_time:
                raise out_of_time(what, attempt) from None
            if last or tries.stalls >= 2:
                raise FhirTimeoutError(
                    f"The FHIR server stopped sending ({what}); the transfer was abandoned.",
                    detail="stalled",
                    what=what,
                    attempts=attempt,
                ) from None
            log.info("fhir %s %s: stalled, retrying", method, what)
            return None
        except httpx.RemoteProtocolError as exc:
            # A stale HTTP/2 connection after idle fails at once: normal on mobile links.
            if not last and not tries.stale_retried:
                tries.stale_retried = True
                log.info("fhir %s %s: connection closed by server, retrying", method, what)
                return None
            if last:
                raise map_exception(exc, what).with_params(attempts=attempt) from exc
            tries.backoffs += 1
            await self._wait(self.retry.delay(tries.backoffs), end, map_exception(exc, what), attempt)
            return None
        except FhirError:
            raise
        except Exception as exc:
            if last or not is_retryable_exception(exc):
                raise map_exception(exc, what).with_params(attempts=attempt) from exc
            tries.backoffs += 1
            log.info("fhir %s %s: %s, retrying", method, what, type(exc).__name__)
            await self._wait(self.retry.delay(tries.backoffs), end, map_exception(exc, what), attempt)
            return None

    async def _wait_for_status(
        self, response: HttpResponse, tries: _Tries, method: str, what: str, end: float | None
    ) -> None:
        """A retryable status: wait as the server asks (or back off), or fail if too long."""
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        if retry_after is not None and not self.retry.waits_for(retry_after, self._left(end)):
            raise busy(response, what, retry_after, tries.attempt)
        tries.backoffs += 1
        log.info("fhir %s %s: %s, retrying", method, what, response.status)
        await self._wait(
            self.retry.delay(tries.backoffs, retry_after), end, status_error(response, what), tries.attempt
        )

    async def _wait(self, delay: float, end: float | None, error: FhirError, attempt: int) -> None:
        """Sleep before a retry, unless the wait would outlast the budget: then fail now."""
        left = self._left(end)
        if left is not None and delay >= left:
            raise error.with_params(attempts=attempt)
        await self.retry.sleep(delay)

    async def _attempt(
        self,
        method: str,
        url: str,
        label: str,
        params: Params | None,
        headers: Mapping[str, str] | None,
        content: bytes | None,
        *,
        left: float | None,
        end: float | None,
        limit: int,
        truncate: bool,
    ) -> HttpResponse:
        request = self.client.build_request(method, url, params=params, headers=headers, content=content)
        sent = _request_size(request)
        started = time.perf_counter()
        response: httpx.Response | None = None
        status: int | None = None
        decoded = 0
        per_attempt = self.timeouts.deadline
        budget_bound = left is not None and (per_attempt is None or left <= per_attempt)
        scope_seconds = left if budget_bound else per_attempt
        truncated = False
        try:
            async with asyncio.timeout(scope_seconds) as scope:
                try:
                    response = await self.client.send(request, stream=True)
                    status = response.status_code
                    body, truncated = await self._read_body(response, limit, truncate, end)
                    decoded = len(body)
                except TimeoutError:
                    if scope.expired():
                        raise
                    raise FhirTimeoutError("The FHIR server did not answer in time.", detail="no-answer") from None
        except TimeoutError:
            status = None
            raise _Stalled(out_of_time=budget_bound) from None
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
        return HttpResponse(status=response.status_code, headers=response.headers, body=body, truncated=truncated)

    async def _read_body(
        self, response: httpx.Response, limit: int, truncate: bool, end: float | None
    ) -> tuple[bytes, bool]:
        """The body, at most `limit` bytes: cut there with `truncate`, else too large.

        Checks the overall deadline between chunks, so a trickle that keeps every single read
        within httpx's per-read timeout still ends when the request's time is up.
        """
        declared = response.headers.get("content-length", "")
        if not truncate and declared.isdigit() and int(declared) > limit:
            raise FhirTooLargeError(too_large(limit), detail="too-large", limit=size_text(limit))
        chunks: list[bytes] = []
        total = 0
        try:
            async for chunk in response.aiter_bytes():
                if truncate and total + len(chunk) > limit:
                    chunks.append(chunk[: limit - total])
                    return b"".join(chunks), True
                total += len(chunk)
                if total > limit or (not truncate and response.num_bytes_downloaded > limit):
                    raise FhirTooLargeError(too_large(limit), detail="too-large", limit=size_text(limit))
                chunks.append(chunk)
                left = self._left(end)
                if left is not None and left <= 0:
                    raise _Stalled(out_of_time=True)
        except httpx.DecodingError as exc:
            raise FhirProtocolError(
                "The server sent a compressed response that could not be decoded.",
                detail="bad-compression",
            ) from exc
        return b"".join(chunks), False
