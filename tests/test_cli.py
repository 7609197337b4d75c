"""The command line: audit verify/export, cache info/purge, doctor, clean errors."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from sjtui.access import Basis, Clinician, make_grant
from sjtui.backend import build_services
from sjtui.cli import main
from sjtui.commands.keys import unlock_interactively
from sjtui.config import Settings
from sjtui.locations import data_dir

NURSE = Clinician(user_id="nurse01", name="Sygeplejerske Test", organisation="Testkommune", workstation="ws1")


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SJTUI_HOME", str(tmp_path))
    monkeypatch.setenv("SJTUI_PASSPHRASE", "correct horse battery")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    return tmp_path


async def _open_poul() -> None:
    services = build_services(Settings(), unlock_interactively(Settings()))
    citizen = (await services.service.find_citizens("120354-1237"))[0]
    grant = make_grant(
        patient_id=citizen.patient_id,
        cpr=citizen.cpr,
        basis=Basis.CONSENT,
        reason="Besøg i hjemmet, iltmætning",
        clinician=NURSE,
    )
    async for _ in services.service.open(citizen, grant):
        pass
    await services.service.aclose()


def _this_week() -> str:
    year, week, _ = datetime.now(ZoneInfo("Europe/Copenhagen")).isocalendar()
    return f"{year}-W{week:02d}"


async def test_audit_export_and_verify_after_an_opening(home, capsys) -> None:
    await _open_poul()
    capsys.readouterr()
    assert main(["audit", "export", "--week", _this_week(), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 1
    assert rows[0]["cpr"] == "1203541237" and rows[0]["reason"] == "Besøg i hjemmet, iltmætning"
    assert rows[0]["basis"] and rows[0]["clinician_id"] == "nurse01"

    assert main(["audit", "verify"]) == 0
    assert "intact" in capsys.readouterr().out

    journal = next((data_dir() / "audit").glob("*.jsonl"))
    raw = bytearray(journal.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    journal.write_bytes(bytes(raw))
    assert main(["audit", "verify"]) == 1
    assert "BROKEN" in capsys.readouterr().err


async def test_audit_repair_lets_look_ups_be_audited_again(home, capsys) -> None:
    await _open_poul()
    await _open_poul()
    journal = data_dir() / "audit" / "journal.jsonl"
    journal.write_bytes(b"".join(journal.read_bytes().splitlines(keepends=True)[:-1]))  # cut off
    assert main(["audit", "verify"]) == 1
    capsys.readouterr()

    assert main(["audit", "repair"]) == 0
    out = capsys.readouterr().out
    # search + opening, search (the cut-off opening is lost); the repair is recorded too
    assert "3 intact entries carried" in out and "evidence" in out and "1203541237" not in out
    assert main(["audit", "verify"]) == 0
    await _open_poul()  # openings are journaled again
    capsys.readouterr()
    assert main(["audit", "export", "--week", _this_week(), "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2
    assert main(["audit", "repair"]) == 0
    assert "nothing to repair" in capsys.readouterr().out


async def test_cache_info_shows_no_personal_data_and_purge_keeps_the_journal(home, capsys) -> None:
    await _open_poul()
    capsys.readouterr()
    assert main(["cache", "info"]) == 0
    out = capsys.readouterr().out
    assert "citizens:     1" in out
    assert "1203541237" not in out and "Poul" not in out
    assert main(["cache", "purge"]) == 0
    main(["cache", "info"])
    assert "citizens:     0" in capsys.readouterr().out
    assert main(["audit", "verify"]) == 0


def test_bad_export_arguments_give_a_plain_message(home, capsys) -> None:
    assert main(["audit", "export", "--week", "2026-W99"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("sjtui: ") and "Traceback" not in err


def test_plain_http_to_a_remote_server_is_refused(home, capsys) -> None:
    assert main(["--server", "http://fhir.example.org/r4"]) == 2
    assert "https" in capsys.readouterr().err


def test_doctor_reports_key_mode_and_backend(home, capsys) -> None:
    assert main(["doctor"]) == 0
    out = capsys.readouterr().out
    assert "key mode" in out and "batch searches: yes" in out


async def test_wrong_passphrase_gets_a_clear_message_and_no_data(home, capsys, monkeypatch) -> None:
    await _open_poul()  # creates the key slot with the right passphrase
    capsys.readouterr()
    monkeypatch.setenv("SJTUI_PASSPHRASE", "not the passphrase")
    assert main(["audit", "export", "--week", _this_week()]) == 2
    captured = capsys.readouterr()
    assert "passphrase" in captured.err and "Traceback" not in captured.err
    assert "1203541237" not in captured.out + captured.err


def test_a_too_short_passphrase_is_named_not_an_unexpected_error(home, capsys, monkeypatch) -> None:
    """SJTUI_PASSPHRASE=x on a fresh machine: the command says what is wrong with it."""
    monkeypatch.setenv("SJTUI_PASSPHRASE", "x")
    assert main(["audit", "export", "--week", _this_week()]) != 0
    err = capsys.readouterr().err
    assert "at least" in err and "characters" in err, err
    assert "unexpected error" not in err and "Traceback" not in err


async def test_key_passphrase_replaces_the_passphrase(home, capsys, monkeypatch) -> None:
    await _open_poul()
    monkeypatch.setenv("SJTUI_NEW_PASSPHRASE", "a new long passphrase")
    assert main(["key", "passphrase"]) == 0
    assert "passphrase set" in capsys.readouterr().out
    monkeypatch.setenv("SJTUI_PASSPHRASE", "correct horse battery")  # the old one
    assert main(["audit", "export", "--week", _this_week()]) == 2
    capsys.readouterr()
    monkeypatch.setenv("SJTUI_PASSPHRASE", "a new long passphrase")
    assert main(["audit", "export", "--week", _this_week(), "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1  # same key: the journal still reads


async def test_key_reset_starts_afresh_and_keeps_the_old_journal_as_evidence(home, capsys, monkeypatch) -> None:
    await _open_poul()
    capsys.readouterr()
    assert main(["key", "reset"]) == 2  # asks for confirmation
    assert "--yes" in capsys.readouterr().err
    assert main(["key", "reset", "--yes"]) == 0
    out = capsys.readouterr()
    assert (
        "journal (2 entries) kept as evidence" in out.out
    )  # the look-up and the opening and "1203541237" not in out.out + out.err
    evidence = next((data_dir() / "audit").glob("unreadable-*"))
    assert (evidence / "journal.jsonl").exists()

    monkeypatch.setenv("SJTUI_PASSPHRASE", "the passphrase after the reset")
    await _open_poul()  # a new key and a new journal
    assert main(["audit", "verify"]) == 0
    capsys.readouterr()
    assert main(["audit", "export", "--week", _this_week(), "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_doctor_advises_a_recovery_passphrase_in_keyring_only_mode(home, capsys, monkeypatch) -> None:
    from sjtui.commands import keys
    from sjtui.crypto.unlock import KeyManager

    from crypto_fakes import MemoryKeyring

    ring = MemoryKeyring()
    monkeypatch.setattr(keys, "key_manager", lambda settings: KeyManager(keyring_backend=ring, env={}))
    keys.key_manager(Settings()).unlock()  # first start: the key lives in the keyring only
    assert main(["doctor"]) == 0
    assert "no recovery passphrase" in capsys.readouterr().out

    monkeypatch.setenv("SJTUI_NEW_PASSPHRASE", "a recovery passphrase")
    assert main(["key", "passphrase"]) == 0
    capsys.readouterr()
    assert main(["doctor"]) == 0
    assert "no recovery passphrase" not in capsys.readouterr().out


def test_demo_server_refuses_a_remote_host_with_a_plain_message(home, capsys) -> None:
    assert main(["demo-server", "--host", "0.0.0.0", "--port", "1"]) == 2
    err = capsys.readouterr().err
    assert "not a loopback address" in err and "Traceback" not in err
