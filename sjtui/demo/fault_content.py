"""Content faults, applied per FHIR interaction (so also per entry of a batch): a rejected
search parameter, endless paging, huge and deeply nested resources.

`FhirHandler.handle` asks `before(plan, req)` first (a rejection or an endless page answers
without touching the store) and passes every result through `after(plan, req, result)`.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from .faults import CONTENT_KINDS, FaultPlan
from .jsonio import Raw, compact, operation_outcome
from .messages import FhirRequest, FhirResult

__all__ = ["PAGE_PARAM", "after", "before", "deep_resource_text"]

#: The query parameter of endless-paging links.
PAGE_PARAM = "_fault_page"


def _path(req: FhirRequest) -> str:
    return "/" + req.path.lstrip("/")


def _is_search(req: FhirRequest) -> bool:
    parts = [p for p in req.path.split("/") if p]
    return req.method.upper() == "GET" and len(parts) == 1 and parts[0] != "metadata"


def _searchset(req: FhirRequest, entries: list[Any], next_url: str | None) -> dict[str, Any]:
    bundle: dict[str, Any] = {"resourceType": "Bundle", "id": uuid.uuid4().hex, "type": "searchset", "entry": entries}
    if next_url:
        bundle["link"] = [{"relation": "next", "url": next_url}]
    return bundle


def before(plan: FaultPlan, req: FhirRequest) -> FhirResult | None:

    if not _is_search(req):
        return None
    names = "&".join(k for k, _ in req.query)
    if any(k == PAGE_PARAM for k, _ in req.query):
        return FhirResult(200, _searchset(req, [], _next_url(plan, req)))
    rule = plan.take(req.method, _path(req), kinds=frozenset({"reject-param"}), when=names)
    if rule is not None:
        return FhirResult(
            rule.status,
            operation_outcome("not-supported", f"search parameter {rule.arg!r} is not supported (fault injection)"),
        )
    return None


def _next_url(plan: FaultPlan, req: FhirRequest) -> str:
    plan.pages_served += 1
    query = urlencode({PAGE_PARAM: f"{plan.pages_served}-{uuid.uuid4().hex[:8]}"})
    return f"{req.base_url}{req.path.strip('/')}?{query}"


def _subject(req: FhirRequest) -> dict[str, str] | None:
    for key, value in req.query:
        if key in ("patient", "subject", "subject:Patient", "patient:Patient") and value:
            return {"reference": value if "/" in value else f"Patient/{value}"}
    return None


def deep_resource_text(resource_type: str, depth: int, subject: dict[str, str] | None) -> str:
    """A resource whose extension nests `depth` levels deep, as JSON text (json.dumps of such
    a dict would itself hit the recursion limit)."""
    head = {
        "resourceType": resource_type,
        "id": f"deep-{depth}",
        "status": "final",
        "code": {"text": "Deeply nested (fault injection)"},
    }
    if subject is not None:
        head["subject"] = subject
    inner = '{"url":"urn:fault:deep","valueString":"bottom"}'
    nested = '{"url":"urn:fault:deep","extension":[' * depth + inner + "]}" * depth
    return compact(head)[:-1] + ',"extension":[' + nested + "]}"


def _huge_resource(resource_type: str, size: int, subject: dict[str, str] | None) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": resource_type,
        "id": f"huge-{size}",
        "status": "final",
        "code": {"text": "Huge (fault injection)"},
        "valueString": "x" * size,
    }
    if subject is not None:
        resource["subject"] = subject
    return resource


def after(plan: FaultPlan, req: FhirRequest, result: FhirResult) -> FhirResult:

    if req.method.upper() != "GET" or result.status != 200 or not plan_has_content(plan):
        return result
    parts = [p for p in req.path.split("/") if p]
    if parts == ["metadata"] and isinstance(result.body, dict):
        return _declare_internal_base(plan, req, result)
    if len(parts) == 2 and parts[0] == "Binary":
        rule = plan.take("GET", _path(req), kinds=frozenset({"huge"}))
        if rule is not None:
            text = ("Lang tekst (fejlindsprøjtning). " * (rule.size // 32 + 1))[: rule.size]
            return FhirResult(200, raw=text.encode(), media_type="text/plain; charset=utf-8")
        return result
    if not _is_search(req) or not isinstance(result.body, dict) or ("_summary", "count") in req.query:
        return result
    body = dict(result.body)
    entries = list(body.get("entry") or [])
    subject = _subject(req)
    rtype = parts[0]
    for kind in ("deep", "huge"):
        rule = plan.take("GET", _path(req), kinds=frozenset({kind}))
        if rule is None:
            continue
        resource: Any = (
            Raw(deep_resource_text(rtype, rule.size, subject))
            if kind == "deep"
            else _huge_resource(rtype, rule.size, subject)
        )
        entries.append(
            {"fullUrl": f"{req.base_url}{rtype}/{kind}-{rule.size}", "resource": resource, "search": {"mode": "match"}}
        )
    body["entry"] = entries
    if plan.take("GET", _path(req), kinds=frozenset({"endless-paging"})) is not None:
        links = [link for link in body.get("link") or [] if link.get("relation") != "next"]
        body["link"] = [*links, {"relation": "next", "url": _next_url(plan, req)}]
    proxy = plan.take("GET", _path(req), kinds=frozenset({"proxy"}))
    if proxy is not None:
        body["link"] = [_internal(link, req.base_url, proxy.arg) for link in body.get("link") or []]
    return FhirResult(result.status, body, result.headers, result.raw, result.media_type)


def _internal(link: Any, base_url: str, internal: str) -> Any:
    """A link as a server behind a proxy writes it: on its internal base."""
    if isinstance(link, dict) and isinstance(link.get("url"), str) and link["url"].startswith(base_url):
        return {**link, "url": internal + "/" + link["url"][len(base_url) :]}
    return link


def _declare_internal_base(plan: FaultPlan, req: FhirRequest, result: FhirResult) -> FhirResult:

    proxy = next((r for r in plan.rules if r.kind == "proxy"), None)
    if proxy is None or not proxy.declared:
        return result
    body = dict(result.body)
    implementation = dict(body.get("implementation") or {})
    implementation["url"] = proxy.arg
    body["implementation"] = implementation
    return FhirResult(result.status, body, result.headers, result.raw, result.media_type)


def plan_has_content(plan: FaultPlan) -> bool:
    return any(plan.has(kind) for kind in CONTENT_KINDS)
