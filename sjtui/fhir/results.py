"""Plain results of client calls (dataclasses: inside the app, no validation needed)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sjtui.fhir.errors import FhirError, FhirHttpError, FhirProtocolError
from sjtui.fhir.http import HttpResponse, looks_like_html
from sjtui.fhir.models import Bundle, OperationOutcome, parse_bundle, parse_resource

__all__ = [
    "BatchRequest",
    "BatchResponse",
    "CreateResult",
    "ReadResult",
    "SearchPage",
    "SearchResult",
    "create_result",
    "meta_etag",
    "response_bundle",
    "response_resource",
    "split_entries",
]


@dataclass(frozen=True)
class ReadResult:
    """`resource` is None exactly when `not_modified` (the server said 304 to our ETag)."""

    resource: dict[str, Any] | None
    etag: str | None
    not_modified: bool = False


@dataclass(frozen=True)
class SearchPage:
    #: Entries with search.mode "match" (or no mode). A malformed entry is passed as a dict
    #: without a usable resourceType (`{}` when it was not even an object).
    resources: list[dict[str, Any]]
    #: Entries with search.mode "include" (`_include`/`_revinclude`).
    included: list[dict[str, Any]]
    #: OperationOutcomes the server put in the Bundle (search.mode "outcome"): warnings.
    outcomes: list[OperationOutcome]
    total: int | None
    #: The `next` link exactly as the server gave it (None on the last page).
    next_url: str | None
    index: int


@dataclass(frozen=True)
class SearchResult:
    resources: list[dict[str, Any]] = field(default_factory=list)
    included: list[dict[str, Any]] = field(default_factory=list)
    outcomes: list[OperationOutcome] = field(default_factory=list)
    total: int | None = None
    pages: int = 0
    #: True when paging stopped at `max_pages` while the server offered more.
    truncated: bool = False


@dataclass(frozen=True)
class BatchRequest:
    """One GET inside a batch. `url` is relative to the base, e.g. "Observation?patient=x"."""

    url: str
    if_none_match: str | None = None


@dataclass(frozen=True)
class BatchResponse:
    """One entry of the batch-response. An entry that failed has its status and outcome here."""

    status: int  # 0 when the server gave no readable status
    resource: dict[str, Any] | None
    etag: str | None
    outcome: OperationOutcome | None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def as_error(self, what: str = "batch") -> FhirError | None:
        """This entry's failure as a client error (kind by status, the outcome kept), so it
        can be shown in the clinician's words like any other; None when the entry succeeded.
        `what` is the resource type asked for (for the message; never ids or queries)."""
        if self.ok or self.not_modified:
            return None
        if self.status == 0:
            return FhirProtocolError(f"The server's batch answer for {what} had no readable status.", detail="not-fhir")
        return FhirHttpError(
            f"The FHIR server refused one request of the batch ({what}, {self.status}).",
            status=self.status,
            outcome=self.outcome,
            what=what,
        )


@dataclass(frozen=True)
class CreateResult:
    status: int
    id: str | None
    location: str | None
    resource: dict[str, Any] | None
    etag: str | None = None

    @property
    def created(self) -> bool:
        """False when a conditional create found the resource already there (200)."""
        return self.status == 201


def split_entries(
    bundle: Bundle,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[OperationOutcome]]:
    """Sort a searchset's entries into matches, includes and outcomes."""
    matches: list[dict[str, Any]] = []
    included: list[dict[str, Any]] = []
    outcomes: list[OperationOutcome] = []
    for entry in bundle.entry:
        resource = entry.resource
        if resource is None:
            continue
        if not isinstance(resource, dict):
            resource = {}
        mode = entry.mode
        is_outcome = resource.get("resourceType") == "OperationOutcome"
        if mode == "outcome" or (mode is None and is_outcome):
            outcome = OperationOutcome.from_data(resource)
            if outcome is not None:
                outcomes.append(outcome)
            continue
        (included if mode == "include" else matches).append(resource)
    return matches, included, outcomes


def meta_etag(resource: dict[str, Any]) -> str | None:
    meta = resource.get("meta")
    version = meta.get("versionId") if isinstance(meta, dict) else None
    return f'W/"{version}"' if isinstance(version, str) and version else None


def create_result(response: HttpResponse, resource_type: str) -> CreateResult:
    location = response.headers.get("location") or response.headers.get("content-location")
    resource: dict[str, Any] | None = None
    if response.body.strip() and response.is_json:
        try:
            resource = parse_resource(response.body)
        except FhirProtocolError:
            resource = None  # the write succeeded; an odd body must not turn it into a failure
        if resource is not None and resource.get("resourceType") != resource_type:
            resource = None  # e.g. an informational OperationOutcome
    rid = _id_from_location(location, resource_type)
    if rid is None and resource is not None and isinstance(resource.get("id"), str):
        rid = resource["id"]
    etag = response.etag or (meta_etag(resource) if resource else None)
    return CreateResult(response.status, rid, location, resource, etag)


def _id_from_location(location: str | None, resource_type: str) -> str | None:
    if not location:
        return None
    parts = location.split("?", 1)[0].rstrip("/").split("/")
    for i in range(len(parts) - 1):
        if parts[i] == resource_type:
            return parts[i + 1] or None
    return None


def response_resource(response: HttpResponse, *, expected_type: str | None = None) -> dict[str, Any]:
    """The one FHIR resource a response must be (an HTML page or another type is unreadable)."""
    if looks_like_html(response):
        raise FhirProtocolError("The server sent a web page instead of FHIR data.", detail="html-page")
    if not response.is_json:
        raise FhirProtocolError("The server sent an unexpected content type instead of FHIR JSON.", detail="not-fhir")
    return parse_resource(response.body, expected_type=expected_type)


def response_bundle(response: HttpResponse) -> Bundle:
    if response.status == 304:
        raise FhirProtocolError("The server answered 'not modified' where a Bundle was expected.")
    return parse_bundle(response_resource(response))
