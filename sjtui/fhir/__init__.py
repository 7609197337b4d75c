"""`sjtui.fhir`: the async FHIR R4 client (httpx), its errors, retry policy, meter and models.

Layer rule: no Textual here, and nothing above this package ever sees an httpx exception.
"""

from sjtui.fhir.capabilities import ServerCapabilities, parse_capabilities
from sjtui.fhir.client import FHIR_JSON, FhirClient
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
    "BatchRequest",
    "BatchResponse",
    "Bundle",
    "BundleEntry",
    "BundleLink",
    "CreateResult",
    "FhirAuthError",
    "FhirClient",
    "FhirError",
    "FhirHttpError",
    "FhirNotFoundError",
    "FhirOfflineError",
    "FhirProtocolError",
    "FhirRateLimitError",
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
]
