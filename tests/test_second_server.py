"""The client, the record service and the app against a FHIR server nobody here wrote.

The server is Medplum's FHIR router with its in-memory repository (npm `@medplum/fhir-router`),
behind the small HTTP glue in `.ci/second-server/`, loaded with the fixtures over plain FHIR.
Installed by `bash .ci/second-server-install`; without it these tests fail (never skip).
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest

from sjtui.access import Basis, Clinician, make_grant
from sjtui.backend import build_services
from sjtui.config import Settings
from sjtui.crypto.key import UnlockedKey
from sjtui.fhir.client import FhirClient
from sjtui.record.model import Record
from tests import third_party_data as tp
from tests.second_server import batch_of_puts, running_second_server

pytestmark = pytest.mark.second_server
NURSE = Clinician(user_id="nurse01", name="Sygeplejerske Test", organisation="Testkommune", workstation="ws1")
PANES = [
    "cave",
    "notes",
    "labs",
    "imaging",
    "medication",
    "vaccinations",
    "home",
    "appointments",
    "courses",
    "access_log",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    with running_second_server(tmp_path_factory.mktemp("second-server")) as base_url:
        yield base_url


async def test_capabilities_name_the_other_software(server: str) -> None:
    async with FhirClient(server, http2=False) as client:
        caps = await client.capabilities()
    assert caps.parsed and caps.fhir_version == "4.0.1"
    assert "Medplum" in (caps.software_name or "")
    assert caps.batch_supported and caps.batch_search_supported
    assert caps.supports_search_param("Observation", "patient")


async def test_search_pages_sorts_and_counts(server: str) -> None:
    async with FhirClient(server, http2=False) as client:
        result = await client.search(
            "Observation", {"patient": "poul", "category": "laboratory", "_sort": "-date", "_count": "40"}
        )
        count = await client.search("Observation", {"patient": "poul", "category": "laboratory", "_summary": "count"})
    ids = [r["id"] for r in result.resources]
    assert result.pages > 1 and len(ids) == len(set(ids)) == result.total == count.total
    dates = [r.get("effectiveDateTime", "") for r in result.resources]
    assert dates == sorted(dates, reverse=True)  # the server sorted, newest first
    assert all(r["subject"]["reference"] == "Patient/poul" for r in result.resources)


def test_doctor_passes_against_the_second_server(server: str, tmp_path, monkeypatch, capsys) -> None:
    from sjtui.cli import main

    monkeypatch.setenv("SJTUI_HOME", str(tmp_path))
    monkeypatch.setenv("SJTUI_PASSPHRASE", "test-passphrase")
    code = main(["--server", server, "doctor"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Medplum" in out and "_include report results: yes" in out and "FAIL" not in out


def _services(tmp_path: Path, monkeypatch, server_url: str | None):
    monkeypatch.setenv("SJTUI_HOME", str(tmp_path / ("second" if server_url else "demo")))
    settings = Settings(server=server_url)
    client = FhirClient(server_url, http2=False) if server_url else None
    return build_services(settings, UnlockedKey.ephemeral(), client=client, use_cache=False, deliver_audit=False)


async def _open_poul(tmp_path: Path, monkeypatch, server_url: str | None) -> Record:
    return await _open(tmp_path, monkeypatch, server_url, "120354-1237", "poul")


async def _open(tmp_path: Path, monkeypatch, server_url: str | None, cpr: str, patient_id: str) -> Record:
    services = _services(tmp_path, monkeypatch, server_url)
    try:
        hits = await services.service.find_citizens(cpr)
        assert [h.patient_id for h in hits] == [patient_id]
        grant = make_grant(
            patient_id=patient_id,
            cpr=hits[0].cpr,
            basis=Basis.CURRENT_TREATMENT,
            reason="Akut tilkald, åndenød",
            clinician=NURSE,
        )
        records = [r async for r in services.service.open(hits[0], grant)]
        return records[-1]
    finally:
        await services.service.aclose()


def _shown(record: Record, pane: str) -> list[str]:
    """What a pane lists, as comparable text (class name and repr of each item's fields)."""
    return sorted(repr(item) for item in getattr(record, pane).items)


async def test_record_of_poul_is_what_the_demo_backend_shows(server: str, tmp_path, monkeypatch) -> None:
    other = await _open_poul(tmp_path, monkeypatch, server)
    demo = await _open_poul(tmp_path, monkeypatch, None)
    assert other.citizen.name == "Poul Erik Madsen"
    for pane in PANES:
        data = getattr(other, pane)
        assert data.loaded and not data.unreadable, pane
        assert data.items, pane
    assert other.cave.items and other.medication.items and other.labs.items
    for pane in PANES:
        if pane == "access_log":
            continue  # the demo backend adds the audit events of this session's own look-ups
        assert _shown(other, pane) == _shown(demo, pane), pane


async def test_third_party_data_is_shown_where_a_clinician_looks(server: str, tmp_path, monkeypatch) -> None:
    import httpx

    async with httpx.AsyncClient() as http:
        stored = await http.post(
            server + "/", json=batch_of_puts(tp.bundle()), headers={"Content-Type": "application/fhir+json"}
        )
    assert stored.status_code == 200
    record = await _open(tmp_path, monkeypatch, server, tp.CPR, tp.PATIENT_ID)
    labs = {lab.resource_key: lab for lab in record.labs.items}
    # The LAB report's result has no category: it arrives through `_include` and is listed.
    assert labs["Observation/tp-hb"].value == "7.1"
    assert labs["DiagnosticReport/tp-thyroid"].conclusion == "Normal thyroideafunktion."
    assert [i.resource_key for i in record.imaging.items] == ["DiagnosticReport/tp-ct"]
    courses = {c.resource_key: c for c in record.courses.items}
    assert courses["Procedure/tp-valve"].title == "Insertion of endobronchial valve"
    assert courses["Procedure/tp-valve"].source.department  # the OUH department, resolved
    assert courses["CarePlan/tp-plan"].kind == "careplan"


def _command() -> tuple[str, list[str]]:
    installed = shutil.which("sjtui")
    return (installed, []) if installed else (sys.executable, ["-m", "sjtui"])


ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-B]|\x1b[=>78]")


@pytest.mark.pty
def test_open_poul_in_a_real_terminal_against_the_second_server(server: str, tmp_path: Path) -> None:
    program, args = _command()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SSH_", "TEXTUAL"))}
    env.update(
        {
            "SJTUI_HOME": str(tmp_path),
            "SJTUI_PASSPHRASE": "test-passphrase",
            "TERM": "xterm-256color",
            "PYTHONPATH": str(Path(__file__).resolve().parents[1]) + os.pathsep + env.get("PYTHONPATH", ""),
            "LANG": "da_DK.UTF-8",
            "COLUMNS": "120",
            "LINES": "40",
        }
    )
    child = pexpect.spawn(
        program,
        [*args, "--server", server],
        env=env,
        dimensions=(40, 120),
        encoding="utf-8",
        codec_errors="replace",
        cwd=str(tmp_path),
    )
    seen = ""

    def wait_for(needle: str, timeout: float = 30.0) -> None:
        nonlocal seen
        deadline = time.monotonic() + timeout
        while needle not in seen:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{needle!r} did not appear; last output: {seen[-800:]!r}")
            try:
                seen += ANSI.sub("", child.read_nonblocking(65536, timeout=min(1.0, remaining)))
            except pexpect.TIMEOUT:
                continue

    try:
        wait_for("Find borger")
        child.send("1203541237")
        child.send("\r")
        wait_for("Adgang til journal")
        child.send("\r")
        wait_for("Begrundelse")
        child.send("Hjemmebesøg, KOL")
        child.send("\r")
        wait_for("Poul Erik Madsen")
        wait_for("Laboratoriesvar")
        wait_for("Iltbehandling")  # CAVE from the other server
        wait_for("Data pr.")
        child.send("\x11")
        child.expect(pexpect.EOF, timeout=20)
    finally:
        if child.isalive():
            child.terminate(force=True)
