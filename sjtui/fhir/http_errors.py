"""Which `FhirError` an HTTP failure becomes: the kind, the detail code and the English message.

Split from `http.py` (which does the exchange) so the mapping can be read in one place.
"""

from __future__ import annotations

import logging
from typing import Protocol

import httpx

from sjtui.fhir.errors import (
    ErrorKind,
    FhirAuthError,
    FhirError,
    FhirHttpError,
    FhirNotFoundError,
    FhirOfflineError,
    FhirProtocolError,
    FhirRateLimitError,
    FhirTimeoutError,
)
from sjtui.fhir.models import OperationOutcome, parse_json
from sjtui.fhir.tls import FhirCertificateError, certificate_failure

__all__ = ["busy", "looks_like_html", "map_exception", "out_of_time", "size_text", "status_error", "too_large"]

log = logging.getLogger("sjtui.fhir")


class _Response(Protocol):
    """What the mapping needs of a response (`http.HttpResponse` satisfies it)."""

    @property
    def status(self) -> int: ...
    @property
    def body(self) -> bytes: ...
    @property
    def content_type(self) -> str: ...
    @property
    def is_json(self) -> bool: ...


def _reason(status: int) -> str:
    phrase = httpx.codes.get_reason_phrase(status)
    return f"{status} {phrase}" if phrase else str(status)


def size_text(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


def out_of_time(what: str, attempts: int) -> FhirTimeoutError:
    return FhirTimeoutError(
        f"The FHIR server did not answer within the time limit ({what}).",
        detail="deadline",
        what=what,
        attempts=max(1, attempts),
    )


def busy(response: _Response, what: str, retry_after: float, attempt: int) -> FhirRateLimitError:
    return FhirRateLimitError(
        f"The FHIR server is busy and asks to wait {int(retry_after)} s; try again later ({what}).",
        status=response.status,
        kind=ErrorKind.BUSY,
        detail="retry-after",
        what=what,
        seconds=int(retry_after),
        attempts=attempt,
    )


def too_large(limit: int) -> str:
    return f"The server's response exceeded the size limit ({size_text(limit)})."


def map_exception(exc: BaseException, what: str) -> FhirError:
    if failure := certificate_failure(exc):
        return FhirCertificateError(failure[1], detail=failure[0], what=what)
    if isinstance(exc, httpx.ConnectTimeout):
        return FhirOfflineError(
            f"Could not reach the FHIR server ({what}): connection timed out.", detail="connect-timeout", what=what
        )
    if isinstance(exc, (httpx.ConnectError, httpx.ProxyError)):
        return FhirOfflineError(
            f"Could not connect to the FHIR server ({what}). Check the network connection.",
            detail="connect",
            what=what,
        )
    if isinstance(exc, (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)):
        return FhirOfflineError(
            f"The connection to the FHIR server was lost ({what}).", detail="connection-lost", what=what
        )
    if isinstance(exc, httpx.TimeoutException):
        return FhirTimeoutError(f"The FHIR server did not answer in time ({what}).", detail="no-answer", what=what)
    if isinstance(exc, httpx.DecodingError):
        return FhirProtocolError(
            f"The FHIR server's answer could not be decoded ({what}).", detail="bad-compression", what=what
        )
    if isinstance(exc, (httpx.TooManyRedirects, httpx.InvalidURL)):
        return FhirProtocolError(f"The FHIR server's answer could not be used ({what}).", detail="unusable", what=what)
    if isinstance(exc, httpx.UnsupportedProtocol):
        return FhirProtocolError("The FHIR server address uses an unsupported protocol.", detail="unusable", what=what)
    log.warning("fhir: unexpected %s (%s)", type(exc).__name__, what)
    return FhirOfflineError(f"The request to the FHIR server failed ({what}).", detail="connection-lost", what=what)


def looks_like_html(response: _Response) -> bool:
    """An HTML page (a captive portal, a proxy's error page) instead of FHIR JSON."""
    if response.content_type in ("text/html", "application/xhtml+xml"):
        return True
    head = response.body[:256].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))


def status_error(response: _Response, what: str) -> FhirHttpError:
    status = response.status
    outcome: OperationOutcome | None = None
    if response.is_json and response.body:
        try:
            outcome = OperationOutcome.from_data(parse_json(response.body))
        except FhirProtocolError:
            outcome = None
    reason = _reason(status)
    detail = "html-page" if looks_like_html(response) else "status"
    cls: type[FhirHttpError] = FhirHttpError
    if status in (404, 410):
        cls, text = FhirNotFoundError, f"Not found on the FHIR server ({what}, {reason})."
    elif status == 401:
        cls, text = FhirAuthError, f"The FHIR server asks to sign in again ({what}, {reason})."
    elif status == 403:
        cls, text = FhirAuthError, f"The FHIR server refused access ({what}, {reason})."
    elif status == 429:
        cls = FhirRateLimitError
        text = f"The FHIR server is busy; try again later ({what}, {reason})."
    elif 300 <= status < 400 or status == 511:
        text = f"The FHIR server redirected the request ({what}, {reason}); check the address."
        return FhirHttpError(
            text,
            status=status,
            outcome=outcome,
            kind=ErrorKind.UNREADABLE,
            detail="html-page" if detail == "html-page" else "redirect",
            what=what,
        )
    elif status >= 500:
        text = f"The FHIR server is failing ({what}, {reason})."
    else:
        text = f"The FHIR server refused the request ({what}, {reason})."
    return cls(text, status=status, outcome=outcome, detail=detail, what=what)
