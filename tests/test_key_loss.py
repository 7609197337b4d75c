"""A lost or damaged key file never silently replaces the key the audit journal was sealed
with: a copy beside the journal unlocks and restores it (and says so, as a security event);
without one, nothing new is made until an explicit reset, which is itself reported; doctor
names a damaged key file as damaged (issue 12)."""

from __future__ import annotations

import asyncio

import pytest

from sjtui.backend import build_services
from sjtui.cli import main
from sjtui.commands.keys import unlock_interactively
from sjtui.config import Settings
from sjtui.crypto.errors import KeySlotsDamaged, KeySlotsLost
from sjtui.locations import data_dir


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SJTUI_HOME", str(tmp_path))
    monkeypatch.setenv("SJTUI_PASSPHRASE", "correct horse battery")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    return tmp_path


def _look_up() -> None:
    services = build_services(Settings(), unlock_interactively(Settings()))
    asyncio.run(services.service.find_citizens("120354-1237"))
    asyncio.run(services.service.aclose())


def _kinds(services) -> list[tuple[str, str]]:
    return [(e.kind, e.event) for e in services.journal.entries()]


def test_a_deleted_key_file_is_restored_from_its_copy_and_reported(home, capsys) -> None:
    _look_up()
    (data_dir() / "keyslots.json").unlink()
    key = unlock_interactively(Settings())
    assert key.events and "missing" in key.events[0]
    assert (data_dir() / "keyslots.json").exists()  # written again from the copy
    services = build_services(Settings(), key)
    assert services.warnings and services.warnings[0][0] == "key"
    assert ("security", "key-restored") in _kinds(services)
    assert _kinds(services)[0] == ("search", "")  # the old entries still open with this key
    capsys.readouterr()
    assert main(["audit", "verify"]) == 0


def test_a_lost_key_without_a_copy_makes_no_new_key(home, capsys) -> None:
    _look_up()
    (data_dir() / "keyslots.json").unlink()
    (data_dir() / "audit" / "keyslots.copy.json").unlink()
    journal = (data_dir() / "audit" / "journal.jsonl").read_bytes()
    with pytest.raises(KeySlotsLost, match="no new key was made"):
        unlock_interactively(Settings())
    assert not (data_dir() / "keyslots.json").exists()
    assert (data_dir() / "audit" / "journal.jsonl").read_bytes() == journal  # intact
    capsys.readouterr()
    main(["doctor"])
    assert "missing" in capsys.readouterr().out

    # only an explicit reset starts afresh, and the next start reports it to the server
    assert main(["key", "reset", "--yes"]) == 0
    services = build_services(Settings(), unlock_interactively(Settings()))
    assert ("security", "key-replaced") in _kinds(services)
    assert any(topic == "key" and "reset" in detail for topic, detail in services.warnings)


def test_doctor_names_a_garbled_key_file_damaged(home, capsys) -> None:
    _look_up()
    (data_dir() / "keyslots.json").write_text("{ garbled")
    (data_dir() / "audit" / "keyslots.copy.json").unlink()
    with pytest.raises(KeySlotsDamaged):
        unlock_interactively(Settings())
    capsys.readouterr()
    main(["doctor"])
    out = capsys.readouterr().out
    assert "damaged" in out and "slots: none" not in out


def test_after_a_reset_the_old_journal_is_still_exportable_with_the_old_passphrase(home, capsys, monkeypatch) -> None:
    import json
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from sjtui.access import Basis, Clinician, make_grant

    services = build_services(Settings(), unlock_interactively(Settings()))
    [poul] = asyncio.run(services.service.find_citizens("120354-1237"))
    grant = make_grant(
        patient_id=poul.patient_id,
        cpr=poul.cpr,
        basis=Basis.CONSENT,
        reason="Besøg i hjemmet",
        clinician=Clinician("n1", "Nurse"),
    )

    async def open_all() -> None:
        async for _ in services.service.open(poul, grant):
            pass
        await services.service.aclose()

    asyncio.run(open_all())
    assert main(["key", "reset", "--yes"]) == 0  # e.g. the keyring entry was lost for good
    evidence = next((data_dir() / "audit").glob("unreadable-*"))
    before = {p.name: p.read_bytes() for p in evidence.iterdir()}
    monkeypatch.setenv("SJTUI_PASSPHRASE", "the passphrase after the reset")
    _look_up()  # a new key and a new journal segment

    monkeypatch.setenv("SJTUI_PASSPHRASE", "correct horse battery")  # the old passphrase
    capsys.readouterr()
    year, week, _ = datetime.now(ZoneInfo("Europe/Copenhagen")).isocalendar()
    assert (
        main(["audit", "export", "--journal", str(evidence), "--week", f"{year}-W{week:02d}", "--format", "json"]) == 0
    )
    rows = json.loads(capsys.readouterr().out)
    assert [r["reason"] for r in rows] == ["Besøg i hjemmet"]
    assert {p.name: p.read_bytes() for p in evidence.iterdir()} == before  # evidence untouched
