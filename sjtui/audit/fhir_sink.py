"""Adapter from `sjtui.fhir.FhirClient` to the outbox's `AuditSink`.

`FhirClient.update(resource)` PUTs `{type}/{id}`: with the entry id as the AuditEvent id
that is idempotent, which is what exactly-once delivery rests on. The client is imported
lazily (and only typed loosely) so `sjtui.audit` stays usable and testable without it.
"""

from __future__ import annotations

import inspect
from typing import Any

from .outbox import AuditDeliveryRejected

# Status codes after which a retry of the *same* event cannot succeed.
# (Auth failures, 404/405 "no such endpoint" and 5xx are about the link or the setup, not the
# event: they stop the run and everything is retried later.)
_PERMANENT = frozenset({400, 409, 412, 422})


class FhirAuditSink:
    """`put_event` = `client.update(event)`; FHIR errors become outbox exceptions."""

    def __init__(self, client: Any) -> None:
        self._client = client

    async def put_event(self, event: dict[str, Any]) -> None:
        from sjtui.fhir.errors import FhirError, FhirUsageError  # lazy: optional here

        try:
            result = self._client.update(event)
            if inspect.isawaitable(result):
                await result
        except FhirUsageError as exc:  # e.g. an id the client refuses: never sendable
            raise AuditDeliveryRejected("the audit event cannot be sent") from exc
        except FhirError as exc:
            status = getattr(exc, "status", None) or getattr(exc, "status_code", None)
            if isinstance(status, int) and status in _PERMANENT:
                raise AuditDeliveryRejected(
                    f"the server refused the audit event ({status})"
                ) from exc
            raise
