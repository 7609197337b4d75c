"""TLS: always verified; a CA bundle for regional networks; certificate failures in plain words.

`verify_setting(ca_bundle)` is what the httpx session verifies with: `True` (the bundled public
CAs, as httpx does by default) or, with a CA bundle, an SSLContext trusting the public CAs AND
the bundle's certificates (a region's own CA, a TLS-inspecting proxy's CA). There is no way to
turn verification off.

`certificate_problem(exc)` finds a certificate verification failure inside an httpx exception
and says what is wrong and what to do, without the server's URL (messages may be logged).
"""

from __future__ import annotations

import ssl
from pathlib import Path

from sjtui.fhir.errors import FhirOfflineError, FhirUsageError

__all__ = ["FhirCertificateError", "certificate_failure", "certificate_problem", "verify_setting"]

_ADVICE = (
    "TLS is always verified. If your organisation uses its own certificate authority, "
    "set ca_bundle to its PEM file (see `sjtui config init`)."
)
# OpenSSL verify codes (X509_V_ERR_*).
_SELF_SIGNED = {18, 19}
_UNKNOWN_ISSUER = {2, 20, 21}
_EXPIRED = {10}
_NOT_YET_VALID = {9}
_HOSTNAME = {62}


class FhirCertificateError(FhirOfflineError):
    """The server's TLS certificate could not be verified (so nothing was sent or read)."""


def verify_setting(ca_bundle: str | None) -> ssl.SSLContext | bool:
    """`True`, or a context trusting the public CAs plus the bundle. Raises FhirUsageError for
    a bundle that cannot be read as PEM certificates."""
    if not ca_bundle:
        return True
    import certifi

    context = ssl.create_default_context(cafile=certifi.where())
    path = Path(ca_bundle).expanduser()
    try:
        context.load_verify_locations(cafile=str(path))
    except (OSError, ssl.SSLError) as exc:
        raise FhirUsageError(
            f"The CA bundle {path} could not be read as PEM certificates ({type(exc).__name__})."
        ) from exc
    return context


def _verification_error(exc: BaseException) -> ssl.SSLCertVerificationError | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            return current
        for arg in getattr(current, "args", ()):
            if isinstance(arg, ssl.SSLCertVerificationError):
                return arg
        current = current.__cause__ or current.__context__
    return None


def certificate_failure(exc: BaseException) -> tuple[str, str] | None:
    """(detail code, plain English message) when `exc` is (caused by) a certificate
    verification failure, else None. Detail codes: certificate-name, certificate-expired,
    certificate-not-yet-valid, certificate-untrusted, certificate."""
    error = _verification_error(exc)
    if error is None:
        if "CERTIFICATE_VERIFY_FAILED" in str(exc):
            return "certificate", f"The FHIR server's certificate could not be verified. {_ADVICE}"
        return None
    code = getattr(error, "verify_code", None)
    text = (getattr(error, "verify_message", "") or "").lower()
    if code in _HOSTNAME or "hostname mismatch" in text or "ip address mismatch" in text:
        detail, what = (
            "certificate-name",
            ("is not issued for this server's name (a wrong address, or someone in between)"),
        )
    elif code in _EXPIRED or "expired" in text:
        detail, what = "certificate-expired", "has expired"
    elif code in _NOT_YET_VALID or "not yet valid" in text:
        detail, what = "certificate-not-yet-valid", "is not valid yet (check this computer's clock)"
    elif code in _SELF_SIGNED or "self-signed" in text or "self signed" in text:
        detail, what = (
            "certificate-untrusted",
            ("is self-signed or signed by a certificate authority this computer does not trust"),
        )
    elif code in _UNKNOWN_ISSUER or "issuer" in text:
        detail, what = "certificate-untrusted", "is signed by a certificate authority this computer does not trust"
    else:
        detail, what = "certificate", "could not be verified"
    return detail, f"The FHIR server's certificate {what}. {_ADVICE}"


def certificate_problem(exc: BaseException) -> str | None:
    """The plain message of a certificate verification failure inside `exc`, else None."""
    failure = certificate_failure(exc)
    return failure[1] if failure else None
