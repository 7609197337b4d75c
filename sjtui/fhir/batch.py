"""A `batch` Bundle of GET requests (or of PUTs by id), and its response, as plain functions
(no I/O)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping, Sequence
from typing import Any

from sjtui.fhir.errors import FhirProtocolError, FhirUsageError
from sjtui.fhir.models import Bundle, OperationOutcome, status_code
from sjtui.fhir.results import BatchRequest, BatchResponse
from sjtui.fhir.session import FHIR_JSON
from sjtui.fhir.urls import check_resource_id, check_resource_type


def dumps_json(data: object) -> bytes:
    """Compact UTF-8 JSON for request bodies (no spaces: every byte crosses a slow uplink)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def batch_body(requests: Sequence[BatchRequest]) -> bytes:
    """The request body: one GET entry per request, URLs relative to the server base."""
    entries = []
    for req in requests:
        if "://" in req.url or req.url.startswith("/"):
            raise FhirUsageError("Batch request URLs must be relative to the server base.")
        request: dict[str, str] = {"method": "GET", "url": req.url}
        if req.if_none_match:
            request["ifNoneMatch"] = req.if_none_match
        entries.append({"request": request})
    return dumps_json({"resourceType": "Bundle", "type": "batch", "entry": entries})


def put_batch_body(resources: Sequence[Mapping[str, Any]]) -> bytes:
    """The request body: one PUT `{type}/{id}` entry per resource (create-or-replace with the
    client's id, so sending the batch again stores nothing twice)."""
    entries = []
    for resource in resources:
        rtype = check_resource_type(str(resource.get("resourceType", "")))
        rid = check_resource_id(str(resource.get("id", "")))
        entries.append({"resource": resource, "request": {"method": "PUT", "url": f"{rtype}/{rid}"}})
    return dumps_json({"resourceType": "Bundle", "type": "batch", "entry": entries})


def put_batch_request(resources: Sequence[Mapping[str, Any]], *, gzip_body: bool) -> tuple[bytes, dict[str, str]]:
    """Body and headers of a batch of PUTs; gzip-compressed (`Content-Encoding: gzip`) when
    asked: the entries of an audit batch share most of their text."""
    content = put_batch_body(resources)
    headers = {"Content-Type": FHIR_JSON, "Prefer": "return=minimal"}
    if gzip_body:
        content = gzip.compress(content, compresslevel=9, mtime=0)
        headers["Content-Encoding"] = "gzip"
    return content, headers


def batch_responses(bundle: Bundle, expected: int) -> list[BatchResponse]:
    """One BatchResponse per request, in order; a failing entry keeps its OperationOutcome."""
    if len(bundle.entry) != expected:
        raise FhirProtocolError("The server's batch response does not match the request (entry count differs).")
    out: list[BatchResponse] = []
    for entry in bundle.entry:
        info = entry.response
        status = status_code(info.status) if info else 0
        resource = entry.resource if isinstance(entry.resource, dict) else None
        outcome = OperationOutcome.from_data(info.outcome) if info and info.outcome else None
        if not 200 <= status < 300 and resource is not None:
            outcome = outcome or OperationOutcome.from_data(resource)
            if resource.get("resourceType") == "OperationOutcome":
                resource = None
        out.append(BatchResponse(status, resource, info.etag if info else None, outcome))
    return out
