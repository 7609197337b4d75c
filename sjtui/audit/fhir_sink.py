"""Adapter from `sjtui.fhir.FhirClient` to the outbox's `AuditSink`.

`FhirClient.update(resource)` PUTs `{type}/{id}`: with the entry id as the AuditEvent id
that is idempotent, which is what exactly-once delivery rests on. `put_events` sends many in
one batch Bundle of such PUTs (`client.update_batch`), gzip-compressed when the server takes
that, each entry answered on its own. The client is imported
lazily (and only typed loosely) so `sjtui.audit` stays usable and testable without it.
"""

from __future__ import annotations

import inspect
from typing import Any

from .outbox import AuditDeliveryRejected, BatchNotTaken, EventOutcome

# Status codes after which a retry of the *same* event cannot succeed.
# (Auth failures, 404/405 "no such endpoint" and 5xx are about the link or the setup, not the
# event: they stop the run and everything is retried later.)
_PERMANENT = frozenset({400, 409, 412, 422})


class FhirAuditSink:
    """`put_event` = `client.update(event)`; FHIR errors become outbox exceptions."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self._gzip_taken = True  # until the server refuses a compressed batch

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
                raise AuditDeliveryRejected(f"the server refused the audit event ({status})") from exc
            raise

    async def put_events(self, events: list[dict[str, Any]]) -> list[EventOutcome]:
        """All `events` in one request; an outcome per event, in order. Raises
        `BatchNotTaken` when the server does not take batches (send them one by one), another
        exception when the link failed (nothing is known delivered)."""
        from sjtui.fhir.errors import FhirError, FhirUsageError  # lazy: optional here

        update_batch = getattr(self._client, "update_batch", None)
        if update_batch is None:
            raise BatchNotTaken("the client cannot send batches")
        try:
            try:  # compressed: the events share most of their text (a slow uplink)
                responses = await update_batch(events, gzip_body=self._gzip_taken)
            except FhirError as exc:
                if not self._gzip_taken or getattr(exc, "status", None) not in (400, 415):
                    raise
                self._gzip_taken = False  # a server that takes plain bodies only: remember it
                responses = await update_batch(events)
        except FhirUsageError as exc:  # an id the client refuses: send one by one
            raise BatchNotTaken("the batch cannot be built") from exc
        except FhirError as exc:
            status = getattr(exc, "status", None) or getattr(exc, "status_code", None)
            if isinstance(status, int) and 400 <= status < 500 and status not in (401, 403, 408, 429):
                raise BatchNotTaken(f"the server refused the batch ({status})") from exc
            raise
        out: list[EventOutcome] = []
        for response in responses:
            if 200 <= response.status < 300:
                out.append(EventOutcome.STORED)
            elif response.status in _PERMANENT:
                out.append(EventOutcome.REJECTED)
            else:
                out.append(EventOutcome.NOT_STORED)
        return out
