"""TLS is always verified; a CA bundle adds a region's CA; certificate failures are plain.
Certificates are made in the test (`cryptography`); the server listens on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest

from sjtui.backend import make_client
from sjtui.config import Settings
from sjtui.fhir import FhirClient
from sjtui.fhir.errors import FhirUsageError
from sjtui.fhir.retry import RetryPolicy
from sjtui.fhir.tls import FhirCertificateError
from tests.tls_server import connection_attempts, https_server, make_certificates


async def _software(url: str, ca_bundle: str | None = None, attempts: int = 4) -> str | None:
    async def no_sleep(_seconds: float) -> None:
        return None

    async with FhirClient(
        url, http2=False, ca_bundle=ca_bundle, retry=RetryPolicy(attempts=attempts, sleep=no_sleep)
    ) as client:
        return (await client.capabilities()).software_name


async def test_unknown_ca_is_refused_with_a_plain_message(tmp_path: Path) -> None:
    _, cert, key = make_certificates(tmp_path)
    with https_server(cert, key) as url, pytest.raises(FhirCertificateError) as caught:
        await _software(url)
    message = caught.value.message
    assert (caught.value.kind, caught.value.detail) == ("offline", "certificate-untrusted")  # UI words
    assert "certificate" in message and "does not trust" in message and "ca_bundle" in message
    assert "127.0.0.1" not in message and "Traceback" not in message


async def test_ca_bundle_makes_the_regional_ca_trusted(tmp_path: Path) -> None:
    ca, cert, key = make_certificates(tmp_path)
    with https_server(cert, key) as url:
        assert await _software(url, ca_bundle=str(ca)) == "TLS test server"


async def test_ca_bundle_through_the_settings(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SJTUI_HOME", str(tmp_path / "home"))
    ca, cert, key = make_certificates(tmp_path)
    with https_server(cert, key) as url:
        client = make_client(Settings(server=url, ca_bundle=str(ca)))
        async with client:
            assert (await client.capabilities()).software_name == "TLS test server"


async def test_name_mismatch_and_expiry_are_said(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    ca, cert, key = make_certificates(tmp_path / "a", host="fhir.other.example")
    with https_server(cert, key) as url, pytest.raises(FhirCertificateError, match="not issued for this server"):
        await _software(url, ca_bundle=str(ca))
    ca, cert, key = make_certificates(tmp_path / "b", expired=True)
    with https_server(cert, key) as url, pytest.raises(FhirCertificateError, match="expired"):
        await _software(url, ca_bundle=str(ca))


async def test_a_bad_certificate_is_not_retried(tmp_path: Path) -> None:
    _, cert, key = make_certificates(tmp_path)
    with https_server(cert, key) as url:
        before = connection_attempts()
        with pytest.raises(FhirCertificateError):
            await _software(url, attempts=4)
        assert connection_attempts() - before == 1


def test_unreadable_ca_bundle_is_said(tmp_path: Path) -> None:
    junk = tmp_path / "ca.pem"
    junk.write_text("not a certificate", encoding="utf-8")
    with pytest.raises(FhirUsageError, match="could not be read as PEM"):
        FhirClient("https://fhir.example.test", ca_bundle=str(junk))
