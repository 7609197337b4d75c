"""`sjtui.fhir`: the async FHIR R4 client (httpx), its errors, retry policy, meter and models.

Layer rule: no Textual here, and nothing above this package ever sees an httpx exception.
"""

from sjtui.fhir.attachments import AttachmentBytes
from sjtui.fhir.capabilities import ServerCapabilities, parse_capabilities
from sjtui.fhir.client import FHIR_JSON, FhirClient
from sjtui.fhir.deadline import request_deadline
from sjtui.fhir.errors import (
    ErrorKind,
    FhirAuthError,
    FhirBoundError,
    FhirError,
    FhirHttpError,
    FhirNotFoundError,
    FhirOfflineError,
    FhirProtocolError,
    FhirRateLimitError,
    FhirRefusedLinkError,
    FhirTimeoutError,
    FhirTooLargeError,
    FhirUsageError,
)
from sjtui.fhir.http import DEFAULT_MAX_RESPONSE_BYTES, Timeouts
from sjtui.fhir.meter import Meter, MeterSnapshot, OperationStats
from sjtui.fhir.models import Bundle, BundleEntry, BundleLink, OperationOutcome
from sjtui.fhir.results import (
    BatchRequest,
    BatchResponse,
    CreateResult,
    ReadResult,
    SearchPage,
    SearchResult,
)
from sjtui.fhir.retry import RetryPolicy

__all__ = [
    "DEFAULT_MAX_RESPONSE_BYTES",
    "FHIR_JSON",
    "AttachmentBytes",
    "BatchRequest",
    "BatchResponse",
    "Bundle",
    "BundleEntry",
    "BundleLink",
    "CreateResult",
    "ErrorKind",
    "FhirAuthError",
    "FhirBoundError",
    "FhirClient",
    "FhirError",
    "FhirHttpError",
    "FhirNotFoundError",
    "FhirOfflineError",
    "FhirProtocolError",
    "FhirRateLimitError",
    "FhirRefusedLinkError",
    "FhirTimeoutError",
    "FhirTooLargeError",
    "FhirUsageError",
    "Meter",
    "MeterSnapshot",
    "OperationOutcome",
    "OperationStats",
    "ReadResult",
    "RetryPolicy",
    "SearchPage",
    "SearchResult",
    "ServerCapabilities",
    "Timeouts",
    "parse_capabilities",
    "request_deadline",
]
