"""Error types of the FHIR client, each with a kind the clinician can act on.

Nothing above `sjtui.fhir` ever sees an httpx exception: every failure is one of these, with a
plain English `.message` that is safe to show and to log. Messages never contain URLs, query
strings or ids (a search by CPR would put the CPR in the query string); they may name the
resource TYPE and the HTTP status. Server-supplied detail (an OperationOutcome) is kept apart on
`.outcome`, because its diagnostics are untrusted text that may echo the request.

For the UI every error also carries, language-neutrally:
- `kind` (`ErrorKind`): what the clinician should understand (no connection, sign in again,
  no access, the server is failing, unreadable answer, a bound was hit, ...);
- `detail` (a short stable code, e.g. "invalid-json", "html-page") and `params` (status,
  resource type, attempts, limit: never personal data) for the F8 text.
The UI turns these into words (`fhir.kind.<kind>` and `fhir.detail.<detail>` in the i18n).
`.message` is a `FhirMessage`: a `str` (English, for logs and the command line) that carries
the same kind/detail/params, so a layer that only passes the message along as text (a pane
error) still lets the UI translate it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar, Self

if TYPE_CHECKING:
    from sjtui.fhir.models import OperationOutcome

__all__ = [
    "ErrorKind",
    "FhirAuthError",
    "FhirBoundError",
    "FhirError",
    "FhirHttpError",
    "FhirMessage",
    "FhirNotFoundError",
    "FhirOfflineError",
    "FhirProtocolError",
    "FhirRateLimitError",
    "FhirRefusedLinkError",
    "FhirTimeoutError",
    "FhirTooLargeError",
    "FhirUsageError",
    "kind_for_status",
]

Param = str | int


class ErrorKind(StrEnum):
    """What went wrong, in the terms a clinician acts on."""

    OFFLINE = "offline"  # no connection: no network, refused, DNS, the link dropped
    TIMEOUT = "timeout"  # the server did not answer within the time limit
    SIGN_IN = "sign-in"  # 401: the login is no longer accepted: sign in again
    NO_ACCESS = "no-access"  # 403: signed in, but not allowed
    SERVER_FAILING = "server-failing"  # 5xx, still after the retries
    BUSY = "busy"  # 429 or a long Retry-After: try later
    UNREADABLE = "unreadable"  # invalid JSON, an HTML page, truncated gzip, not FHIR
    NOT_FOUND = "not-found"  # 404/410
    BOUND = "bound"  # a limit was hit: size, nesting depth, pages
    REFUSED_LINK = "refused-link"  # a link to another server was not followed
    REJECTED = "rejected"  # another 4xx: the server refused the request as asked
    USAGE = "usage"  # the caller asked for something the client refuses


class FhirMessage(str):
    """An English message that also carries the error's kind, detail code and parameters."""

    kind: ErrorKind
    detail: str
    params: dict[str, Param]

    def __new__(cls, text: str, kind: ErrorKind, detail: str = "", params: dict[str, Param] | None = None) -> Self:
        obj = super().__new__(cls, text)
        obj.kind = kind
        obj.detail = detail
        obj.params = dict(params or {})
        return obj


class FhirError(Exception):
    """Base of every error raised by `sjtui.fhir`."""

    default_kind: ClassVar[ErrorKind] = ErrorKind.REJECTED

    def __init__(
        self,
        message: str,
        *,
        kind: ErrorKind | None = None,
        detail: str = "",
        **params: Param,
    ) -> None:
        super().__init__(message)
        self.kind = kind or self.default_kind
        self.detail = detail
        self.params: dict[str, Param] = dict(params)
        self.message = FhirMessage(message, self.kind, detail, self.params)

    def with_params(self, **params: Param) -> Self:
        """Add parameters (e.g. the number of attempts) after the fact; returns self."""
        self.params.update(params)
        self.message = FhirMessage(str(self.message), self.kind, self.detail, self.params)
        return self

    def __str__(self) -> str:
        return str(self.message)


class FhirOfflineError(FhirError):
    """The server could not be reached: no network, DNS failure, refused, or the link dropped."""

    default_kind = ErrorKind.OFFLINE


class FhirTimeoutError(FhirError):
    """The server stopped answering (a stalled transfer), after the allowed retries."""

    default_kind = ErrorKind.TIMEOUT


def kind_for_status(status: int) -> ErrorKind:
    if status == 401:
        return ErrorKind.SIGN_IN
    if status == 403:
        return ErrorKind.NO_ACCESS
    if status in (404, 410):
        return ErrorKind.NOT_FOUND
    if status == 429:
        return ErrorKind.BUSY
    if status >= 500:
        return ErrorKind.SERVER_FAILING
    if 300 <= status < 400:
        return ErrorKind.UNREADABLE  # a redirect on an API: a network login page, or a wrong address
    return ErrorKind.REJECTED


class FhirHttpError(FhirError):
    """The server answered with an error status."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        outcome: OperationOutcome | None = None,
        kind: ErrorKind | None = None,
        detail: str = "status",
        **params: Param,
    ) -> None:
        super().__init__(message, kind=kind or kind_for_status(status), detail=detail, status=status, **params)
        self.status = status
        self.outcome = outcome


class FhirNotFoundError(FhirHttpError):
    """404 Not Found or 410 Gone."""


class FhirAuthError(FhirHttpError):
    """401 Unauthorized (kind SIGN_IN) or 403 Forbidden (kind NO_ACCESS)."""


class FhirRateLimitError(FhirHttpError):
    """429 Too Many Requests (or a Retry-After longer than we wait), still after the retries."""


class FhirProtocolError(FhirError):
    """The answer was not what FHIR promises: bad JSON, wrong resource, bad encoding, odd links."""

    default_kind = ErrorKind.UNREADABLE


class FhirBoundError(FhirProtocolError):
    """A bound on what the server controls was hit (size, nesting depth, pages)."""

    default_kind = ErrorKind.BOUND


class FhirTooLargeError(FhirBoundError):
    """The answer exceeded the configured maximum size (a guard against hostile servers)."""


class FhirRefusedLinkError(FhirProtocolError):
    """A paging link or attachment address pointed at another server; it was not followed."""

    default_kind = ErrorKind.REFUSED_LINK


class FhirUsageError(FhirError, ValueError):
    """The caller asked for something the client refuses (e.g. an invalid id or a foreign URL)."""

    default_kind = ErrorKind.USAGE
