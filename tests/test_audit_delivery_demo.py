"""Exactly-once delivery against the real demo backend, with injected connection drops.

The FHIR client is given a single attempt per request, so every drop and every 503 reaches
the outbox, which must retry by PUTting the same id again later.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import httpx
import pytest

from sjtui import demo, fhir
from sjtui.access.grant import Basis, Clinician, make_grant
from sjtui.audit import AuditEntry, AuditJournal, AuditOutbox, verify_journal
from sjtui.audit.fhir_sink import FhirAuditSink
from sjtui.crypto.aead import Sealer
from sjtui.fhir.retry import RetryPolicy

BASE = "http://demo"
CLINICIAN = Clinician("sygpl-17", "Test Sygeplejerske", "Vejen Kommune", "ws-vejen-3")


async def _no_sleep(_: float) -> None:
    return None


async def _server_events(client, ids: set[str]) -> Counter[str]:
    result = await client.search("AuditEvent", {"_count": "50"})
    return Counter(r["id"] for r in result.resources if r.get("id") in ids)


async def test_every_entry_stored_once_despite_drops(tmp_path: Path) -> None:
    app = demo.create_app()
    client = fhir.FhirClient(
        BASE,
        transport=httpx.ASGITransport(app=app),
        retry=RetryPolicy(attempts=1, sleep=_no_sleep),
    )
    journal = AuditJournal(tmp_path / "audit", Sealer(bytes(32)))
    grant = make_grant(
        patient_id="poul",
        cpr="1203541237",
        basis=Basis.CONSENT,
        reason="hjemmebesøg",
        clinician=CLINICIAN,
    )
    ids = []
    for pane in ("Overblik", "Laboratoriesvar", "Medicin", "Journal"):
        entry = AuditEntry.opening(grant) if not ids else AuditEntry.pane_view(grant, pane)
        journal.append(entry)
        ids.append(entry.entry_id)
    bg = grant.with_break_glass("akut forværring")
    for entry in (AuditEntry.break_glass(bg), AuditEntry.pane_view(bg, "Journal")):
        journal.append(entry)
        ids.append(entry.entry_id)

    faults = app.state.faults
    faults.drop_after_handling_next(3, method="PUT", path="/AuditEvent")
    faults.fail_next(2, status=503, retry_after=None, method="PUT", path="/AuditEvent")
    outbox = AuditOutbox(journal, FhirAuditSink(client), tmp_path / "audit" / "delivered.ids")
    async with client:
        reports = []
        for _ in range(20):
            reports.append(await outbox.deliver_pending())
            if reports[-1].pending == 0:
                break
        assert outbox.pending_count() == 0
        assert sum(r.failed for r in reports) == 5  # every injected fault was felt
        counts = await _server_events(client, set(ids))
        assert counts == Counter({i: 1 for i in ids})
        stored = (await client.read("AuditEvent", ids[4])).resource or {}
        assert stored["type"]["code"] == "110113"  # the break-the-glass security alert
        assert stored.get("meta", {}).get("versionId") in (
            None,
            "1",
        )  # re-PUT made no version
    assert verify_journal(journal.dir).ok


async def test_sink_rejects_an_unsendable_event_without_blocking(
    tmp_path: Path,
) -> None:
    from sjtui.audit import AuditDeliveryRejected

    app = demo.create_app()
    client = fhir.FhirClient(
        BASE,
        transport=httpx.ASGITransport(app=app),
        retry=RetryPolicy(attempts=1, sleep=_no_sleep),
    )
    async with client:
        sink = FhirAuditSink(client)
        with pytest.raises(AuditDeliveryRejected):
            await sink.put_event({"resourceType": "AuditEvent", "id": "not a valid id!"})
        app.state.faults.fail_next(1, status=503, retry_after=None, method="PUT")
        with pytest.raises(fhir.FhirError):  # transient: the outbox stops and retries later
            await sink.put_event({"resourceType": "AuditEvent", "id": "abc123"})
