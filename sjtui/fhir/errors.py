"""Error types of the FHIR client.

Nothing above `sjtui.fhir` ever sees an httpx exception: every failure is one of these, with a
plain English `.message` that is safe to show and to log. Messages never contain URLs, query
strings or ids (a search by CPR would put the CPR in the query string); they may name the
resource TYPE and the HTTP status. Server-supplied detail (an OperationOutcome) is kept apart on
`.outcome`, because its diagnostics are untrusted text that may echo the request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sjtui.fhir.models import OperationOutcome

__all__ = [
    "FhirAuthError",
    "FhirError",
    "FhirHttpError",
    "FhirNotFoundError",
    "FhirOfflineError",
    "FhirProtocolError",
    "FhirRateLimitError",
    "FhirTimeoutError",
    "FhirTooLargeError",
    "FhirUsageError",
]


class FhirError(Exception):
    """Base of every error raised by `sjtui.fhir`."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class FhirOfflineError(FhirError):
    """The server could not be reached: no network, DNS failure, refused, or the link dropped."""


class FhirTimeoutError(FhirError):
    """The server stopped answering (a stalled transfer), after the allowed retries."""


class FhirHttpError(FhirError):
    """The server answered with an error status."""

    def __init__(
        self, message: str, *, status: int, outcome: OperationOutcome | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.outcome = outcome


class FhirNotFoundError(FhirHttpError):
    """404 Not Found or 410 Gone."""


class FhirAuthError(FhirHttpError):
    """401 Unauthorized or 403 Forbidden."""


class FhirRateLimitError(FhirHttpError):
    """429 Too Many Requests, still after the retries."""


class FhirProtocolError(FhirError):
    """The answer was not what FHIR promises: bad JSON, wrong resource, bad encoding, odd links."""


class FhirTooLargeError(FhirProtocolError):
    """The answer exceeded the configured maximum size (a guard against hostile servers)."""


class FhirUsageError(FhirError, ValueError):
    """The caller asked for something the client refuses (e.g. an invalid id or a foreign URL)."""
