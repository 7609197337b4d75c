"""The FHIR REST interactions, independent of HTTP plumbing.

`FhirHandler.handle(FhirRequest) -> FhirResult` is called for each HTTP request and for each
entry of a batch Bundle, so a search inside a batch behaves exactly like the same search sent
alone. Refusals are `FhirError`s and become OperationOutcomes here; nothing else leaves.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

from .batch import run_batch
from .capability import WRITABLE_TYPES, capability_statement
from .faults import FaultPlan
from .fhirtime import http_date, now_instant
from .includes import included
from .jsonio import FhirError, Raw, operation_outcome
from .lastn import lastn
from .messages import FHIR_JSON, FhirRequest, FhirResult, content_id, error_result
from .params import REGISTRY
from .search import SearchCache, parse_search, run_search
from .shape import elements as shape_elements
from .shape import summary as shape_summary
from .store import Store, StoredResource

__all__ = ["FHIR_JSON", "FhirHandler", "FhirRequest", "FhirResult"]

_TYPE_RE = re.compile(r"^[A-Z][A-Za-z]{1,63}$")
_ID_RE = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
_READ_PARAMS = ("_elements", "_summary", "_format", "_pretty")


def _etag_values(header: str) -> list[str]:
    return [v.strip().removeprefix("W/").strip('"') for v in header.split(",") if v.strip()]


def _prefer(headers: Mapping[str, str], key: str) -> str | None:
    for part in headers.get("prefer", "").split(";"):
        for item in part.split(","):
            k, _, v = item.strip().partition("=")
            if k.strip().lower() == key:
                return v.strip().strip('"').lower()
    return None


class FhirHandler:
    def __init__(
        self, store: Store, *, software_version: str = "0", clock: Callable[[], datetime] | None = None
    ) -> None:
        self.store = store
        self.clock = clock
        self._capability = capability_statement(software_version, self.now_instant()[:10])
        self._capability_etag = 'W/"' + content_id("metadata", self._capability) + '"'
        self._capability_modified = http_date(self.now_instant()) or ""
        self._cache = SearchCache()
        #: Content faults (fault_content), set by the app; None: a well-behaved server.
        self.faults: FaultPlan | None = None

    def now_instant(self) -> str:
        """Now as a FHIR instant, from the pinned clock when one is given."""
        return now_instant(self.clock() if self.clock else None)

    # -- dispatch --------------------------------------------------------------------------
    def handle(self, req: FhirRequest, *, in_batch: bool = False) -> FhirResult:
        faults = self.faults
        if faults is not None:
            from . import fault_content

            early = fault_content.before(faults, req)
            if early is not None:
                return early
        try:
            result = self._dispatch(req, in_batch)
        except FhirError as err:
            return error_result(err)
        if faults is not None:
            from . import fault_content

            result = fault_content.after(faults, req, result)
        return result

    def _dispatch(self, req: FhirRequest, in_batch: bool) -> FhirResult:
        parts = [p for p in req.path.split("/") if p]
        method = req.method.upper()
        if method == "GET":
            if parts == ["metadata"]:
                return self._metadata(req)
            if not parts:
                raise FhirError(400, "not-supported", "system-level search is not supported")
            rtype = self._known_type(parts[0])
            if len(parts) == 1:
                return self.search(req, rtype)
            if len(parts) == 2 and parts[1] == "$lastn" and rtype == "Observation":
                return self._lastn(req)
            if len(parts) == 2:
                return self.read(req, rtype, parts[1])
            if len(parts) == 4 and parts[2] == "_history":
                return self.read(req, rtype, parts[1], version=parts[3])
            raise FhirError(404, "not-found", "no such endpoint")
        if method == "POST":
            if not parts and not in_batch:
                return run_batch(self.handle, req)
            if len(parts) == 1:
                rtype = self._known_type(parts[0])
                self._writable(rtype)
                return self.create(req, rtype)
        if method == "PUT" and len(parts) == 2:
            rtype = self._known_type(parts[0])
            self._writable(rtype)
            return self.update(req, rtype, parts[1])
        raise FhirError(405, "not-supported", f"{method} is not supported here")

    def _metadata(self, req: FhirRequest) -> FhirResult:
        """The CapabilityStatement, with validators; a conditional GET whose validator still
        holds gets `304 Not Modified` and no body."""
        headers = {"ETag": self._capability_etag, "Last-Modified": self._capability_modified}
        match = req.headers.get("if-none-match")
        if match is not None:
            unchanged = self._capability_etag.removeprefix("W/").strip('"') in _etag_values(match) or match == "*"
        else:
            unchanged = req.headers.get("if-modified-since") == self._capability_modified
        return FhirResult(304 if unchanged else 200, None if unchanged else self._capability, headers)

    def _known_type(self, name: str) -> str:
        if not _TYPE_RE.match(name) or (name not in REGISTRY and name not in self.store.types()):
            raise FhirError(404, "not-supported", "unknown resource type")
        return name

    @staticmethod
    def _writable(rtype: str) -> None:
        if rtype not in WRITABLE_TYPES:
            raise FhirError(405, "not-supported", f"{rtype} is read-only on this server")

    # -- read ------------------------------------------------------------------------------
    def read(self, req: FhirRequest, rtype: str, rid: str, *, version: str | None = None) -> FhirResult:
        lenient = _prefer(req.headers, "handling") == "lenient"
        shaping = [(k, v) for k, v in req.query if k in ("_elements", "_summary")]
        unknown = [k for k, _ in req.query if k not in _READ_PARAMS]
        if unknown and not lenient:
            raise FhirError(400, "not-supported", f"parameter {unknown[0]!r} is not supported on read")
        entry = self.store.get(rtype, rid) if _ID_RE.match(rid) else None
        if entry is None or (version is not None and version != entry.version_id):
            raise FhirError(404, "not-found", f"{rtype} not found")
        headers = {"ETag": entry.etag}
        modified = http_date(entry.last_updated)
        if modified:
            headers["Last-Modified"] = modified
        if self._not_modified(req.headers, entry):
            return FhirResult(304, None, headers)
        if rtype == "Binary" and not shaping:
            raw = self._binary_content(req.headers, entry.resource)
            if raw is not None:
                return FhirResult(200, None, headers, raw=raw[0], media_type=raw[1])
        plan = parse_search(rtype, shaping) if shaping else None
        return FhirResult(200, self._shaped(entry, plan), headers)

    @staticmethod
    def _not_modified(headers: Mapping[str, str], entry: StoredResource) -> bool:
        inm = headers.get("if-none-match")
        if inm is not None:
            tags = _etag_values(inm)
            return "*" in tags or entry.version_id in tags
        ims = headers.get("if-modified-since")
        if ims:
            from email.utils import parsedate_to_datetime

            try:
                since = parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError):
                return False
            updated = entry.updated_range()
            return updated is not None and int(updated[0]) <= since
        return False

    @staticmethod
    def _binary_content(headers: Mapping[str, str], binary: dict[str, Any]) -> tuple[bytes, str] | None:
        """The decoded content when Accept asks for the Binary's own content type."""
        ctype = binary.get("contentType")
        data = binary.get("data")
        if not isinstance(ctype, str) or not isinstance(data, str):
            return None
        base = ctype.split(";")[0].strip().lower()
        accepted = [a.split(";")[0].strip().lower() for a in headers.get("accept", "").split(",")]
        if base not in accepted or "json" in base:
            return None
        try:
            return base64.b64decode(data, validate=True), ctype
        except (binascii.Error, ValueError):
            return None

    def _shaped(self, entry: StoredResource, plan: Any) -> Any:
        if plan is not None and plan.elements is not None:
            return shape_elements(entry.resource, plan.elements)
        if plan is not None and plan.summary in ("true", "text", "data"):
            return shape_summary(entry.resource, plan.summary)
        return Raw(entry.json_text)

    # -- search ----------------------------------------------------------------------------
    def _lastn(self, req: FhirRequest) -> FhirResult:
        lenient = _prefer(req.headers, "handling") == "lenient"
        return lastn(self.store, req, cache=self._cache, lenient=lenient, now=self.now_instant(), shaped=self._shaped)

    def search(self, req: FhirRequest, rtype: str) -> FhirResult:
        lenient = _prefer(req.headers, "handling") == "lenient"
        plan = parse_search(rtype, req.query, lenient=lenient)
        found = run_search(self.store, plan, self._cache)
        total = len(found)
        base = req.base_url
        self_q = list(plan.used) + ([("_offset", str(plan.offset))] if plan.offset else [])
        links = [{"relation": "self", "url": _link(base, rtype, self_q)}]
        bundle: dict[str, Any] = {
            "resourceType": "Bundle",
            "id": "",
            "meta": {"lastUpdated": self.now_instant()},
            "type": "searchset",
            "total": total,
            "link": links,
        }
        if plan.summary == "count" or plan.count == 0:
            bundle["id"] = content_id(rtype, self_q, total)
            return FhirResult(200, bundle)
        page = found[plan.offset : plan.offset + plan.count]
        if plan.offset + plan.count < total:
            next_q = list(plan.used)
            if not any(k == "_count" for k, _ in next_q):
                next_q.append(("_count", str(plan.count)))
            next_q.append(("_offset", str(plan.offset + plan.count)))
            links.append({"relation": "next", "url": _link(base, rtype, next_q)})
        bundle["entry"] = [
            {
                "fullUrl": f"{base}{e.rtype}/{e.rid}",
                "resource": self._shaped(e, plan),
                "search": {"mode": "match"},
            }
            for e in page
        ]
        if plan.includes:
            bundle["entry"] += [
                {"fullUrl": f"{base}{e.rtype}/{e.rid}", "resource": Raw(e.json_text), "search": {"mode": "include"}}
                for e in included(self.store, page, plan.includes)
            ]
        bundle["id"] = content_id(rtype, self_q, total, [(e.rtype, e.rid, e.version_id) for e in page])
        return FhirResult(200, bundle)

    # -- write (AuditEvent) ----------------------------------------------------------------
    def _parse_body(self, req: FhirRequest, rtype: str) -> dict[str, Any]:
        try:
            data = json.loads(req.body or b"")
        except (ValueError, UnicodeDecodeError):
            raise FhirError(400, "invalid", "the body is not valid JSON") from None
        if not isinstance(data, dict):
            raise FhirError(400, "invalid", "the body must be a JSON object")
        if data.get("resourceType") != rtype:
            raise FhirError(400, "invalid", f"resourceType must be {rtype}")
        if "id" in data and (not isinstance(data["id"], str) or not _ID_RE.match(data["id"])):
            raise FhirError(400, "invalid", "id is not a valid FHIR id")
        meta = data.get("meta")
        if meta is not None and not isinstance(meta, dict):
            raise FhirError(400, "invalid", "meta must be an object")
        return data

    def _written(self, req: FhirRequest, status: int, resource: dict[str, Any]) -> FhirResult:
        rtype, rid = resource["resourceType"], resource["id"]
        version = str(resource["meta"]["versionId"])
        headers = {
            "Location": f"{req.base_url}{rtype}/{rid}/_history/{version}",
            "ETag": f'W/"{version}"',
        }
        modified = http_date(resource["meta"]["lastUpdated"])
        if modified:
            headers["Last-Modified"] = modified
        mode = _prefer(req.headers, "return")
        if mode == "minimal":
            return FhirResult(status, None, headers)
        if mode == "operationoutcome":
            return FhirResult(status, operation_outcome("informational", "ok", "information"), headers)
        return FhirResult(status, resource, headers)

    def create(self, req: FhirRequest, rtype: str) -> FhirResult:
        data = self._parse_body(req, rtype)
        condition = req.headers.get("if-none-exist")
        if condition:
            items = parse_qsl(condition.lstrip("?"), keep_blank_values=True)
            if not items:
                raise FhirError(400, "invalid", "If-None-Exist has no search parameters")
            found = run_search(self.store, parse_search(rtype, items))
            if len(found) > 1:
                raise FhirError(412, "duplicate", "If-None-Exist matches more than one resource")
            if found:
                return self._written(req, 200, self.store.read(rtype, found[0].rid) or {})
        data["id"] = uuid.uuid4().hex
        return self._written(req, 201, self.store.upsert(data))

    def update(self, req: FhirRequest, rtype: str, rid: str) -> FhirResult:
        if not _ID_RE.match(rid):
            raise FhirError(400, "invalid", "not a valid FHIR id")
        data = self._parse_body(req, rtype)
        if data.setdefault("id", rid) != rid:
            raise FhirError(400, "invalid", "the id in the body differs from the id in the URL")
        old = self.store.get(rtype, rid)
        if old is not None:
            if _content(old.resource) == _content(data):  # a repeated delivery: no new version
                return self._written(req, 200, self.store.read(rtype, rid) or {})
            return self._written(req, 200, self.store.upsert(data))
        return self._written(req, 201, self.store.upsert(data))


def _content(resource: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in resource.items() if k != "meta"}


def _link(base: str, rtype: str, query: list[tuple[str, str]]) -> str:
    qs = urlencode(query, safe="|:,")
    return f"{base}{rtype}?{qs}" if qs else f"{base}{rtype}"
