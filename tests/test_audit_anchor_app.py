"""The anchor in use: `sjtui audit verify` says when the journal was deleted, the next start
records the break as a security entry (delivered as a Security Alert) and the clinician sees
a plain warning; a new chain never starts silently (issue 12)."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import httpx
import pytest

from sjtui.access import Clinician
from sjtui.backend import build_services
from sjtui.cli import main
from sjtui.commands.keys import unlock_interactively
from sjtui.config import Settings
from sjtui.demo.app import create_app
from sjtui.fhir.client import FhirClient
from sjtui.locations import data_dir

from ui_fakes import make_app, screen_text, wait_for

NURSE = Clinician(user_id="nurse01", name="Sygeplejerske Test", organisation="Testkommune", workstation="ws1")


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SJTUI_HOME", str(tmp_path))
    monkeypatch.setenv("SJTUI_PASSPHRASE", "correct horse battery")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    return tmp_path


def _services(app, key):
    client = FhirClient("http://demo", transport=httpx.ASGITransport(app=app), http2=False)
    return build_services(Settings(), key, client=client, clinician=NURSE)


@pytest.mark.parametrize("what", ["journal and head", "audit folder"])
async def test_a_deleted_journal_is_caught_by_verify_and_reported_at_the_next_start(home, capsys, what) -> None:
    server = create_app()
    key = unlock_interactively(Settings())
    services = _services(server, key)
    await services.service.find_citizens("120354-1237")
    await services.service.find_citizens("Inge")
    await services.service.aclose()
    audit = data_dir() / "audit"
    if what == "audit folder":
        shutil.rmtree(audit)
    else:
        (audit / "journal.jsonl").unlink()
        (audit / "head.json").unlink()
    capsys.readouterr()
    assert main(["audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert "BROKEN" in err and "missing" in err and "anchor names record 2" in err

    again = _services(server, key)
    assert again.warnings and again.warnings[0][0] == "audit" and "missing" in again.warnings[0][1]
    [entry] = list(again.journal.entries())
    assert entry.kind == "security" and entry.event == "audit-chain-break"
    await again.service.deliver_audit()
    assert again.outbox.pending_count() == 0
    result = await again.service._client.search("AuditEvent", {"_count": "50"})
    alert = next(r for r in result.resources if r["id"] == entry.entry_id)
    assert alert["type"]["code"] == "110113" and "missing" in alert["outcomeDesc"]
    await again.service.aclose()
    capsys.readouterr()
    assert main(["audit", "verify"]) == 0  # the break is on record; the new segment verifies


async def test_each_delivery_carries_the_chain_position(home) -> None:
    server = create_app()
    services = _services(server, unlock_interactively(Settings()))
    await services.service.find_citizens("120354-1237")
    await services.service.deliver_audit()
    [rec] = list(services.journal.records())
    result = await services.service._client.search("AuditEvent", {"_count": "50"})
    event = next(r for r in result.resources if r["id"] == rec.entry_id)
    details = [d for e in event["entity"] for d in e.get("detail", [])]
    assert {"type": "sjtui-chain", "valueString": f"1:{rec.hash}"} in details
    await services.service.aclose()


@pytest.mark.usefixtures("ui_home")
async def test_the_clinician_sees_a_plain_warning_with_the_detail_behind_f8() -> None:
    problem = "the journal is missing: the anchor names record 2"
    app = make_app(services=SimpleNamespace(warnings=[("audit", problem)]))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: any(n.title == "Audit-loggen" for n in app._notifications))
        [note] = list(app._notifications)
        assert "ikke hel" in note.message and note.severity == "warning" and problem not in note.message
        await pilot.press("f8")
        await wait_for(pilot, lambda: "anchor names record 2" in screen_text(app))
