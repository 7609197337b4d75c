"""The one long-lived `httpx.AsyncClient` a `FhirClient` talks through.

Keep-alive and HTTP/2 (one connection carrying parallel requests) are most of what makes a weak
link bearable, and every header byte rides the uplink. TLS verification is always on.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from typing import Any

import httpx

from sjtui import __version__
from sjtui.fhir.http import Timeouts
from sjtui.fhir.tls import verify_setting

__all__ = ["FHIR_JSON", "open_session"]

FHIR_JSON = "application/fhir+json"
#: Keep connections a while: a cold TLS handshake costs ~2 s on EDGE. A server that closed an
#: idle HTTP/2 connection earlier gives RemoteProtocolError, which is retried at once.
_LIMITS = httpx.Limits(max_connections=10, max_keepalive_connections=10, keepalive_expiry=55.0)


def _h2_available() -> bool:
    return importlib.util.find_spec("h2") is not None


def open_session(
    *,
    timeouts: Timeouts,
    transport: httpx.AsyncBaseTransport | None = None,
    headers: Mapping[str, str] | None = None,
    http2: bool = True,
    auth: httpx.Auth | None = None,
    ca_bundle: str | None = None,
) -> httpx.AsyncClient:
    """An AsyncClient with FHIR JSON headers, no redirects, verified TLS (with `ca_bundle`'s
    CAs trusted too, see `tls.verify_setting`); HTTP/2 when `h2` is installed and no test
    transport is given."""
    all_headers = {"Accept": FHIR_JSON, "User-Agent": f"sjtui/{__version__}"}
    all_headers.update(headers or {})
    options: dict[str, Any] = {
        "headers": all_headers,
        "timeout": timeouts.to_httpx(),
        "auth": auth,
        "follow_redirects": False,
        "verify": verify_setting(ca_bundle),
    }
    if transport is not None:
        options["transport"] = transport
    else:
        options["http2"] = http2 and _h2_available()
        options["limits"] = _LIMITS
    session = httpx.AsyncClient(**options)
    # httpx sends "Connection: keep-alive" by default: redundant in HTTP/1.1 (persistent
    # unless "close") and dropped in HTTP/2, yet 24 bytes of every request on the uplink.
    if "connection" not in {k.lower() for k in (headers or {})}:
        session.headers.pop("Connection", None)
    return session
