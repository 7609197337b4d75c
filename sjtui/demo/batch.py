"""`POST /` with a `batch` Bundle: each entry runs as its own request (R4 http.html#transaction).

A failing entry gets its own error status and OperationOutcome; it never fails the batch.
Entry-level `ifNoneMatch`, `ifModifiedSince` and `ifNoneExist` become the matching headers.
Transactions are refused: the viewer never needs all-or-nothing writes.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlsplit

from .jsonio import FhirError, compact, operation_outcome
from .messages import FhirRequest, FhirResult, content_id, error_result


class Handle(Protocol):
    """The handler's entry point, `FhirHandler.handle`: each entry goes through it as if sent alone."""

    def __call__(self, req: FhirRequest, *, in_batch: bool = False) -> FhirResult: ...


__all__ = ["MAX_ENTRIES", "run_batch"]

MAX_ENTRIES = 500
_ENTRY_HEADERS = {
    "ifNoneMatch": "if-none-match",
    "ifModifiedSince": "if-modified-since",
    "ifNoneExist": "if-none-exist",
    "ifMatch": "if-match",
}


def _status_line(code: int) -> str:
    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return str(code)


def _entry_request(outer: FhirRequest, entry: Any) -> FhirRequest:
    request = entry.get("request") if isinstance(entry, dict) else None
    if not isinstance(request, dict) or not isinstance(request.get("url"), str):
        raise FhirError(400, "invalid", "entry.request.url is missing")
    method = str(request.get("method", "")).upper()
    if method not in ("GET", "POST", "PUT"):
        raise FhirError(400, "not-supported", "entry method must be GET, POST or PUT")
    split = urlsplit(request["url"])
    path = split.path
    if split.scheme:
        base_path = urlsplit(outer.base_url).path
        if not request["url"].startswith(outer.base_url) and not path.startswith(base_path):
            raise FhirError(400, "invalid", "entry URL is not on this server")
        path = path.removeprefix(base_path)
    headers = {"prefer": outer.headers.get("prefer", "")}
    for key, header in _ENTRY_HEADERS.items():
        if isinstance(request.get(key), str):
            headers[header] = request[key]
    body = None
    if method in ("POST", "PUT"):
        resource = entry.get("resource")
        body = compact(resource).encode("utf-8") if resource is not None else b""
    return FhirRequest(
        method=method,
        path=path.lstrip("/"),
        query=parse_qsl(split.query, keep_blank_values=True),
        headers=headers,
        body=body,
        base_url=outer.base_url,
    )


def _response_entry(result: FhirResult) -> dict[str, Any]:
    response: dict[str, Any] = {"status": _status_line(result.status)}
    for header, key in (("ETag", "etag"), ("Last-Modified", "lastModified"), ("Location", "location")):
        if header in result.headers:
            response[key] = result.headers[header]
    out: dict[str, Any] = {}
    if result.status >= 400:
        response["outcome"] = result.body
    elif result.body is not None:
        out["resource"] = result.body
    out["response"] = response
    return out


def _resource_id(resource: Any) -> str | None:
    if isinstance(resource, dict):
        return str(resource.get("id"))
    return None if resource is None else str(getattr(resource, "text", ""))[:4096]


def _without_id(resource: Any) -> Any:
    """A searchset inside a batch response without its `Bundle.id` (optional in FHIR, and in
    every entry 32 characters no compressor can shrink: a reopen's batch of 34 empty searches
    paid ~650 B for them). Its `self` link and `meta.lastUpdated` stay."""
    if isinstance(resource, dict) and resource.get("resourceType") == "Bundle" and resource.get("type") == "searchset":
        return {k: v for k, v in resource.items() if k != "id"}
    return resource


def run_batch(handle: Handle, req: FhirRequest) -> FhirResult:
    try:
        bundle = json.loads(req.body or b"")
    except (ValueError, UnicodeDecodeError):
        raise FhirError(400, "invalid", "the body is not valid JSON") from None
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
        raise FhirError(400, "invalid", "POST to the base needs a Bundle")
    if bundle.get("type") != "batch":
        raise FhirError(400, "not-supported", "only Bundle.type 'batch' is supported")
    entries = bundle.get("entry") or []
    if not isinstance(entries, list):
        raise FhirError(400, "invalid", "Bundle.entry must be a list")
    if len(entries) > MAX_ENTRIES:
        raise FhirError(400, "too-costly", f"at most {MAX_ENTRIES} entries per batch")
    out = []
    for entry in entries:
        try:
            sub = _entry_request(req, entry)
            result = handle(sub, in_batch=True)
        except FhirError as err:
            result = error_result(err)
        except Exception:  # noqa: BLE001 - one broken entry must not fail the batch
            result = FhirResult(500, operation_outcome("exception", "internal error"))
        if result.raw is not None:  # Binary content never goes inside a Bundle
            result = FhirResult(result.status, None, result.headers)
        out.append(_response_entry(result))
    bundle_id = content_id("batch", [(e["response"], _resource_id(e.get("resource"))) for e in out])
    for e in out:
        e["resource"] = _without_id(e.get("resource"))
        if e["resource"] is None:
            del e["resource"]
    return FhirResult(
        200,
        {"resourceType": "Bundle", "id": bundle_id, "type": "batch-response", "entry": out},
    )
