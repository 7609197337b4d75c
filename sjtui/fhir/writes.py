"""The client's writes and operations: PUT/POST of resources, a batch of PUTs, `$operation`s.

A mixin of `FhirClient` (split out of `client.py`): it uses the client's `HttpCore` and base
URL only. Every failure surfaces as a `FhirError`, as for reads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sjtui.fhir.batch import batch_responses, dumps_json, put_batch_request
from sjtui.fhir.http import HttpCore
from sjtui.fhir.models import parse_json
from sjtui.fhir.results import BatchResponse, CreateResult, create_result, response_bundle
from sjtui.fhir.session import FHIR_JSON
from sjtui.fhir.urls import check_resource_type, resource_path

__all__ = ["FhirWrites"]


class FhirWrites:
    """Writes and operations; `FhirClient` sets `base_url` and `_core`."""

    base_url: str
    _core: HttpCore

    async def update_batch(
        self,
        resources: Sequence[Mapping[str, Any]],
        *,
        gzip_body: bool = False,
        label: str | None = None,
    ) -> list[BatchResponse]:
        """`update` for many resources: one POST of a batch Bundle of PUTs by id (idempotent,
        so retried); one response each, in order. `gzip_body`: the Bundle goes compressed (a
        server that does not take that answers 415 or 400; the caller may send it plain)."""
        if not resources:
            return []
        content, headers = put_batch_request(resources, gzip_body=gzip_body)
        response = await self._core.send(
            "POST", self.base_url, kind="batch", idempotent=True, label=label, content=content, headers=headers
        )
        return batch_responses(response_bundle(response), len(resources))

    async def create(
        self,
        resource: dict[str, Any],
        *,
        if_none_exist: str | None = None,
        return_minimal: bool = True,
        label: str | None = None,
    ) -> CreateResult:
        """POST a new resource. With `if_none_exist` it is a conditional create (idempotent,
        so retried; a second call finds the first and answers 200 instead of storing twice).
        Without it, never retried."""
        rtype = check_resource_type(resource.get("resourceType", ""))
        headers = {
            "Content-Type": FHIR_JSON,
            "Prefer": "return=minimal" if return_minimal else "return=representation",
        }
        if if_none_exist:
            headers["If-None-Exist"] = if_none_exist
        response = await self._core.send(
            "POST",
            resource_path(self.base_url, rtype),
            kind="create",
            idempotent=bool(if_none_exist),
            label=label,
            content=dumps_json(resource),
            headers=headers,
        )
        return create_result(response, rtype)

    async def update(self, resource: dict[str, Any], *, label: str | None = None) -> CreateResult:
        """PUT {type}/{id}: create-or-replace with a client-chosen id; idempotent, so retried."""
        rtype = check_resource_type(resource.get("resourceType", ""))
        url = resource_path(self.base_url, rtype, resource.get("id", ""))
        response = await self._core.send(
            "PUT",
            url,
            kind="update",
            idempotent=True,
            label=label,
            content=dumps_json(resource),
            headers={"Content-Type": FHIR_JSON, "Prefer": "return=minimal"},
        )
        return create_result(response, rtype)

    async def operation(
        self, name: str, parameters: dict[str, Any], *, label: str | None = None
    ) -> dict[str, Any] | None:
        """POST [base]/$name with a Parameters body (a system-level operation); the answer's
        JSON, if any. Retried like an idempotent call: the operations used are idempotent."""
        if not name.startswith("$") or not name[1:].replace("-", "").isalnum():
            raise ValueError("not an operation name")
        response = await self._core.send(
            "POST",
            f"{self.base_url}/{name}",
            kind="operation",
            idempotent=True,
            label=label,
            content=dumps_json(parameters),
            headers={"Content-Type": FHIR_JSON},
        )
        if not response.body or not response.is_json:
            return None
        data = parse_json(response.body)
        return data if isinstance(data, dict) else None
