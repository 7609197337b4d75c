"""What the demo server's FHIR handler takes and gives, independent of HTTP plumbing: one
`FhirRequest` in, one `FhirResult` out (for a plain request and for each entry of a batch)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .jsonio import FhirError, operation_outcome

__all__ = ["FHIR_JSON", "FhirRequest", "FhirResult", "content_id", "error_result"]

FHIR_JSON = "application/fhir+json; charset=utf-8"


@dataclass
class FhirRequest:
    method: str
    #: Path below the FHIR base, without a leading slash: "", "metadata", "Patient/poul".
    path: str
    query: list[tuple[str, str]]
    #: Lower-case header names.
    headers: Mapping[str, str]
    body: bytes | None
    #: Absolute base URL ending in "/" (fullUrl, Location and next links are built on it).
    base_url: str


@dataclass
class FhirResult:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    #: A non-JSON body (a Binary's decoded content) and its media type.
    raw: bytes | None = None
    media_type: str = FHIR_JSON


def error_result(err: FhirError) -> FhirResult:
    return FhirResult(err.status, operation_outcome(err.code, err.message))


def content_id(*parts: object) -> str:
    """A Bundle id derived from what the Bundle says: the same answer gets the same id, so
    responses are reproducible (byte counts in tests and benchmarks do not wander)."""
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
    return digest[:32]
