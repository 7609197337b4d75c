"""`sjtui doctor` checks the server now, end to end, and fails with the reason when it cannot
be used (unreachable, 404 on /metadata, not FHIR, bad certificate, a pane search refused)."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from sjtui.cli import main
from sjtui.fhir.capability_memory import CapabilityMemory
from tests.http_stub import http_stub
from tests.tls_server import https_server, make_certificates

STATEMENT = {
    "resourceType": "CapabilityStatement",
    "fhirVersion": "4.0.1",
    "status": "active",
    "kind": "instance",
    "software": {"name": "Stub FHIR"},
    "rest": [{"mode": "server", "interaction": [{"code": "batch"}]}],
}
EMPTY = {"resourceType": "Bundle", "type": "searchset", "total": 0}
JSON = "application/fhir+json"


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SJTUI_HOME", str(tmp_path / "home"))
    for var in ("SJTUI_CONFIG", "SJTUI_SERVER", "SJTUI_PROFILE", "SJTUI_CA_BUNDLE"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path / "home"


def _doctor(capsys, *args: str) -> tuple[int, str]:
    code = main([*args, "doctor"])
    return code, capsys.readouterr().out


def _fhir_stub(refuse: str = ""):
    def answer(method: str, path: str) -> tuple[int, str, bytes]:
        if path.startswith("/fhir/metadata"):
            return 200, JSON, json.dumps(STATEMENT).encode()
        if refuse and path.startswith(f"/fhir/{refuse}?"):
            return 400, JSON, b'{"resourceType": "OperationOutcome", "issue": []}'
        if path.startswith("/fhir/.well-known"):
            return 404, "text/plain", b"no"
        return 200, JSON, json.dumps(EMPTY).encode()

    return answer


def test_demo_backend_passes_every_check(capsys) -> None:
    code, out = _doctor(capsys)
    assert code == 0 and "all checks passed" in out
    assert "FAIL" not in out
    for pane in ("cave", "medication", "labs", "courses", "notes", "imaging", "access_log"):
        assert f"ok    {pane} search:" in out, pane


def test_a_server_that_is_down_fails_even_with_remembered_capabilities(capsys, home) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    url = f"http://127.0.0.1:{port}/fhir"
    home.mkdir(parents=True, exist_ok=True)
    from sjtui import locations

    CapabilityMemory(locations.cache_dir()).save(url, STATEMENT)  # as after an earlier session
    code, out = _doctor(capsys, "--server", url)
    assert code == 1
    assert "FAIL  reachable:" in out and "could not connect" in out
    assert "NOT OK: reachable" in out and "all checks passed" not in out


def test_404_on_metadata_is_not_a_fhir_base(capsys) -> None:
    with http_stub(lambda method, path: (404, "text/html", b"<h1>Not here</h1>")) as url:
        code, out = _doctor(capsys, "--server", url + "/wrong")
    assert code == 1 and "GET /metadata answered 404 (is this the FHIR base URL?)" in out


def test_a_web_page_is_not_a_fhir_server(capsys) -> None:
    with http_stub(lambda method, path: (200, "text/html", b"<html>Welcome</html>")) as url:
        code, out = _doctor(capsys, "--server", url)
    assert code == 1 and "not a FHIR server?" in out


def test_fhir_version_other_than_r4_fails(capsys) -> None:
    stu3 = json.dumps({**STATEMENT, "fhirVersion": "3.0.2"}).encode()
    with http_stub(lambda method, path: (200, JSON, stu3)) as url:
        code, out = _doctor(capsys, "--server", url)
    assert code == 1 and "FHIR version 3.0.2; sjtui needs FHIR R4" in out


def test_a_refused_pane_search_is_named(capsys) -> None:
    with http_stub(_fhir_stub(refuse="Procedure")) as url:
        code, out = _doctor(capsys, "--server", url + "/fhir")
    assert code == 1
    assert "FAIL  courses search:" in out and "Procedure: the server answered 400" in out
    assert "ok    cave search:" in out and "AllergyIntolerance accepted" in out
    assert "Stub FHIR" in out


def test_untrusted_certificate_is_said_plainly(capsys, tmp_path: Path) -> None:
    _, cert, key = make_certificates(tmp_path)
    with https_server(cert, key) as url:
        code, out = _doctor(capsys, "--server", url)
    assert code == 1 and "FAIL  TLS:" in out and "does not trust" in out and "ca_bundle" in out


def test_with_the_ca_bundle_tls_is_verified(capsys, tmp_path: Path, home) -> None:
    ca, cert, key = make_certificates(tmp_path)
    with https_server(cert, key) as url:
        config = tmp_path / "config.toml"
        config.write_text(f'ca_bundle = "{ca}"\n', encoding="utf-8")
        code, out = _doctor(capsys, "--config", str(config), "--server", url)
    assert "ok    TLS:" in out and "certificate verified (with ca_bundle)" in out
    # The TLS test server answers only /metadata: the pane searches get 404 and are named.
    assert code == 1 and "the server answered 404" in out


def test_sign_in_profile_without_discovery_fails(capsys, tmp_path: Path, home) -> None:
    with http_stub(_fhir_stub()) as url:
        config = tmp_path / "config.toml"
        config.write_text(
            f'[profiles.region]\nserver = "{url}/fhir"\nauth = "device"\nclient_id = "sjtui"\n', encoding="utf-8"
        )
        code, out = _doctor(capsys, "--config", str(config), "--profile", "region")
    assert code == 1
    assert "(profile region)" in out
    assert "FAIL  discovery:" in out and "needed for auth = device" in out
    assert "info  sign-in:" in out and "not signed in" in out
