"""The record service with sign-in on the in-process demo backend (`demo_auth = true`):
the access decision goes before the fetch, the record opens; private-marked items withheld by
the server show as hidden and, after break-the-glass, come in full (also from a warm cache)."""

from __future__ import annotations

from sjtui.access import Basis, Clinician, make_grant
from sjtui.backend import build_services
from sjtui.config import ClinicianSettings, Settings
from sjtui.crypto.key import UnlockedKey
from sjtui.record.model import Record

from auth_helpers import approve_device


async def _no_wait(_: float) -> None:
    return None


async def _last(stream) -> Record:
    record = None
    async for record in stream:  # noqa: B007 - keeps the last record
        pass
    assert record is not None
    return record


def _hidden(record: Record) -> int:
    return sum(getattr(record, name).hidden for name in ("notes", "courses", "medication", "cave", "labs"))


async def test_signed_in_opening_and_break_the_glass_on_the_enforcing_demo(ui_home) -> None:
    settings = Settings(demo_auth=True, clinician=ClinicianSettings(user_id="overlaege", name="Overlæge Someone Else"))
    services = build_services(settings, UnlockedKey.ephemeral())
    session = services.auth
    assert session is not None and session.identity is None
    code = await session.begin_device()
    await approve_device(session.http, code.user_code, "misbrug01", base=session.fhir_base)
    identity = await session.complete_device(code, sleep=_no_wait)
    # A client that still writes the config's name: the server takes the token's.
    clinician = Clinician("overlaege", "Overlæge Someone Else", "", "ws", "proven")
    service = services.service
    (mikkel,) = await service.find_citizens("140586-3457")
    grant = make_grant(
        patient_id=mikkel.patient_id,
        cpr=mikkel.cpr,
        basis=Basis.CURRENT_TREATMENT,
        reason="Behandling i misbrugscentret",
        clinician=clinician,
    )
    first = await _last(service.open(mikkel, grant))
    assert _hidden(first) > 0
    assert not any(n.private for n in first.notes.items)
    extended = await service.break_glass(grant, "Akut forgiftning, behov for psykiatri-notater")
    revealed = await _last(service.open(mikkel, extended))
    assert any(n.private for n in revealed.notes.items)  # the content came, not the stub
    assert all(n.title for n in revealed.notes.items)
    await service.deliver_audit()
    demo_app = session.http._transport.app
    events = [
        e for e in demo_app.state.store.of_type("AuditEvent") if "urn:sjtui:audit-entry" in e.json_text
    ]  # ours, not the fixtures' history
    assert len(events) >= 3  # opening, break-the-glass, the second opening
    for stored in events:
        user = next(a for a in stored.resource["agent"] if a.get("requestor"))
        assert user["who"]["identifier"]["value"] == "misbrug01"
        assert user["name"] == identity.name == "Behandler Sofie Lund"
        assert "Someone Else" not in stored.json_text
    await service.aclose()
    await session.http.aclose()
