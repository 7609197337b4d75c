"""Pydantic models for the few FHIR structures the client itself must understand.

They validate at the boundary, leniently: unknown fields are kept (`extra="allow"`), odd values in
fields the client does not need become `None` instead of failing. The rule that matters:
a whole response that is not a JSON object with a string `resourceType` (or not a Bundle where
one is expected) is a protocol error; a single weird entry inside a Bundle is passed through as
a dict, so the mapping layer can show it as "could not read" without losing the rest.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from sjtui.fhir.errors import FhirBoundError, FhirProtocolError
from sjtui.fhir.jsondepth import MAX_DEPTH, max_depth, salvage

__all__ = [
    "Bundle",
    "BundleEntry",
    "BundleLink",
    "OperationOutcome",
    "OperationOutcomeIssue",
    "binary_data",
    "parse_bundle",
    "parse_json",
    "parse_resource",
    "status_code",
]

_LENIENT = ConfigDict(extra="allow", populate_by_name=True)


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


class BundleLink(BaseModel):
    model_config = _LENIENT
    relation: str | None = None
    url: str | None = None

    _strings = field_validator("relation", "url", mode="before")(_str_or_none)


class BundleEntrySearch(BaseModel):
    model_config = _LENIENT
    mode: str | None = None

    _strings = field_validator("mode", mode="before")(_str_or_none)


class BundleEntryResponse(BaseModel):
    model_config = _LENIENT
    status: str | None = None
    location: str | None = None
    etag: str | None = None
    lastModified: str | None = None
    outcome: dict[str, Any] | None = None

    _strings = field_validator("status", "location", "etag", "lastModified", mode="before")(_str_or_none)

    @field_validator("outcome", mode="before")
    @classmethod
    def _dict_or_none(cls, value: Any) -> Any:
        return value if isinstance(value, dict) else None


class BundleEntry(BaseModel):
    """One entry. `resource` stays a raw value: the mapping layer judges it, not us."""

    model_config = _LENIENT
    fullUrl: str | None = None
    resource: Any = None
    search: BundleEntrySearch | None = None
    response: BundleEntryResponse | None = None

    _strings = field_validator("fullUrl", mode="before")(_str_or_none)

    @field_validator("search", "response", mode="before")
    @classmethod
    def _object_or_none(cls, value: Any) -> Any:
        return value if isinstance(value, dict) else None

    @property
    def mode(self) -> str | None:
        return self.search.mode if self.search else None


class Bundle(BaseModel):
    model_config = _LENIENT
    resourceType: str
    type: str | None = None
    total: int | None = None
    link: list[BundleLink] = []
    entry: list[BundleEntry] = []

    _strings = field_validator("type", mode="before")(_str_or_none)

    @field_validator("total", mode="before")
    @classmethod
    def _int_or_none(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return None
        return value

    @field_validator("link", mode="before")
    @classmethod
    def _links(cls, value: Any) -> Any:
        if value is None:
            return []
        if not isinstance(value, list):
            # Ignoring it could drop a `next` link: a partial list would look complete.
            raise ValueError("Bundle.link is not a list")  # not TypeError: pydantic wants ValueError
        return [item for item in value if isinstance(item, dict)]

    @field_validator("entry", mode="before")
    @classmethod
    def _entries(cls, value: Any) -> Any:
        """Keep every entry; a non-object entry becomes an entry whose resource is malformed.

        An `entry` that is not a list is not "no entries": the Bundle cannot be read."""
        if value is None:
            return []
        if not isinstance(value, list):
            raise ValueError("Bundle.entry is not a list")  # not TypeError: pydantic wants ValueError
        return [item if isinstance(item, dict) else {"resource": item} for item in value]

    def link_url(self, relation: str) -> str | None:
        for link in self.link:
            if link.relation == relation and link.url:
                return link.url
        return None


class OperationOutcomeIssue(BaseModel):
    model_config = _LENIENT
    severity: str | None = None
    code: str | None = None
    diagnostics: str | None = None
    details: dict[str, Any] | None = None

    _strings = field_validator("severity", "code", "diagnostics", mode="before")(_str_or_none)

    @field_validator("details", mode="before")
    @classmethod
    def _dict_or_none(cls, value: Any) -> Any:
        return value if isinstance(value, dict) else None

    @property
    def text(self) -> str | None:
        """Human text of the issue (untrusted server text: render literally)."""
        text = self.details.get("text") if self.details else None
        return text if isinstance(text, str) else self.diagnostics


class OperationOutcome(BaseModel):
    model_config = _LENIENT
    resourceType: str = "OperationOutcome"
    issue: list[OperationOutcomeIssue] = []

    @field_validator("issue", mode="before")
    @classmethod
    def _issues(cls, value: Any) -> Any:
        if not isinstance(value, list):
            return []
        return [item for item in value if isinstance(item, dict)]

    @classmethod
    def from_data(cls, data: Any) -> OperationOutcome | None:
        """An OperationOutcome from parsed JSON, or None when it is not one."""
        if not isinstance(data, dict) or data.get("resourceType") != "OperationOutcome":
            return None
        try:
            return cls.model_validate(data)
        except ValidationError:
            return None

    @property
    def text(self) -> str:
        """All issue texts joined (untrusted server text: render literally, never log)."""
        return "; ".join(t for t in (i.text for i in self.issue) if t)


def parse_json(body: bytes) -> Any:
    """Decode a response; never raises RecursionError (see `jsondepth`).

    Invalid JSON (an HTML page, a truncated body) is an unreadable answer; a response nested
    deeper than `MAX_DEPTH` keeps what can be kept (a Bundle's other entries) or is a bound error.
    """
    try:
        if max_depth(body) <= MAX_DEPTH:
            return json.loads(body)
    except RecursionError:
        pass
    except (ValueError, UnicodeDecodeError) as exc:
        if body[:256].lstrip().startswith(b"<"):
            raise FhirProtocolError("The server sent a web page instead of FHIR data.", detail="html-page") from exc
        raise FhirProtocolError("The server sent a response that is not valid JSON.", detail="invalid-json") from exc
    salvaged = salvage(body)
    if salvaged is None:
        raise FhirBoundError(
            "The server sent data nested too deeply to be read.",
            detail="too-deep",
            depth=MAX_DEPTH,
        )
    return salvaged


def parse_resource(body: bytes, *, expected_type: str | None = None) -> dict[str, Any]:
    """Parse a whole response that must be one FHIR resource (optionally of a given type)."""
    data = parse_json(body)
    if not isinstance(data, dict) or not isinstance(data.get("resourceType"), str):
        raise FhirProtocolError("The server sent JSON that is not a FHIR resource.", detail="not-fhir")
    if expected_type is not None and data["resourceType"] != expected_type:
        raise FhirProtocolError(
            f"The server sent a {_safe_type(data['resourceType'])} where a {expected_type} was expected.",
            detail="wrong-resource",
            what=expected_type,
        )
    return data


def parse_bundle(data: dict[str, Any]) -> Bundle:
    if data.get("resourceType") != "Bundle":
        raise FhirProtocolError(
            f"The server sent a {_safe_type(data.get('resourceType'))} where a Bundle was expected.",
            detail="wrong-resource",
            what="Bundle",
        )
    try:
        return Bundle.model_validate(data)
    except ValidationError as exc:
        raise FhirProtocolError("The server sent a Bundle that could not be read.", detail="not-fhir") from exc


def status_code(status: str | None) -> int:
    """The number in a Bundle entry's `response.status` ("200 OK" -> 200); 0 when unreadable."""
    if not status:
        return 0
    head = status.strip().split(" ", 1)[0]
    return int(head) if head.isdigit() and len(head) == 3 else 0


def _safe_type(value: Any) -> str:
    """A resource type name fit for a message (server text: keep it short and alphanumeric)."""
    if isinstance(value, str) and value.isalnum() and len(value) <= 64:
        return value
    return "different resource"


def binary_data(binary: dict[str, Any]) -> bytes:
    """The decoded base64 `data` of a Binary resource (empty when it has none)."""
    data = binary.get("data")
    if data is None:
        return b""
    if not isinstance(data, str):
        raise FhirProtocolError("The server sent a Binary whose data could not be read.")
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise FhirProtocolError("The server sent a Binary whose data could not be read.") from exc
