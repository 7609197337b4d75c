"""`sjtui doctor`, the server part: checks the configured server end to end, now (never from
remembered capabilities), and says what works and what does not.

Checks, in order; the first three stop the rest when they fail:
1. reachable: a fresh `GET /metadata` (TLS verified; a certificate failure is said plainly);
2. metadata: the answer is 200 (a 404 means the URL is not a FHIR base);
3. FHIR: it is a CapabilityStatement for FHIR R4 (4.0.x);
then discovery (`.well-known/smart-configuration`; needed only when a sign-in mode is set),
sign-in state, what the client will use (batch searches, `_elements`, `_summary=count`,
`_include`), and every search a pane needs, counted for a citizen that does not exist
(`_summary=count`, or `_count=0` where the server cannot count): the answer shows the server
takes the search and its parameters, and no citizen's data is read.

Exit status: 0 when all checks pass, 1 when any fails (the reason is printed).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import httpx

from sjtui.config import Settings, check_server_url
from sjtui.fhir.capabilities import ServerCapabilities, parse_capabilities
from sjtui.fhir.client import FhirClient
from sjtui.fhir.errors import FhirAuthError, FhirError, FhirHttpError
from sjtui.fhir.http import Timeouts
from sjtui.fhir.retry import RetryPolicy
from sjtui.fhir.session import open_session
from sjtui.fhir.tls import certificate_problem
from sjtui.record.queries import REPORT_RESULTS, count_url, pane_queries

#: The patient id the pane searches are counted for: no such citizen exists anywhere.
PROBE_PATIENT = "sjtui-doctor-probe"
_ATTEMPTS = 2  # the doctor should answer soon: one retry only


def _no_sign_in_probe(settings: Settings) -> str:
    """Sign-in state, until the token store is wired here (`SIGN_IN_PROBE`)."""
    if settings.auth.auth == "none":
        return "none configured (auth = none)"
    return f"unknown: auth = {settings.auth.auth}, but this build cannot read the token store"


#: Returns a one-line sign-in state (signed in as whom, token expiry) for the settings. The
#: sign-in module replaces it; it must never print a token.
def _sign_in_probe(settings: Settings) -> str:
    from sjtui.commands.auth_probe import sign_in_probe

    return sign_in_probe(settings)


SIGN_IN_PROBE: Callable[[Settings], str] = _sign_in_probe


@dataclass
class Report:
    lines: list[tuple[str, str, str]] = field(default_factory=list)  # (status, check, text)

    def add(self, status: str, check: str, text: str) -> None:
        self.lines.append((status, check, text))
        print(f"  {status:<5} {check + ':':<22} {text}")

    @property
    def failed(self) -> list[str]:
        return [f"{check}: {text}" for status, check, text in self.lines if status == "FAIL"]


def _transport_problem(exc: httpx.HTTPError) -> str:
    problem = certificate_problem(exc)
    if problem:
        return problem
    if isinstance(exc, httpx.TimeoutException):
        return "the server did not answer in time"
    if isinstance(exc, (httpx.ConnectError, httpx.ProxyError)):
        return "could not connect (no route, refused, or the name does not resolve)"
    return f"the connection failed ({type(exc).__name__})"


def _session_and_base(settings: Settings, timeouts: Timeouts) -> tuple[httpx.AsyncClient, str]:
    if settings.server:
        return open_session(timeouts=timeouts, http2=False, ca_bundle=settings.ca_bundle), check_server_url(
            settings.server
        )
    from sjtui.backend import DEMO_BASE_URL
    from sjtui.demo.app import create_app

    return open_session(timeouts=timeouts, transport=httpx.ASGITransport(app=create_app()), http2=False), DEMO_BASE_URL


def _client(settings: Settings, timeouts: Timeouts, base: str) -> FhirClient:
    retry = RetryPolicy(attempts=_ATTEMPTS)
    if settings.server:  # no capability memory: the doctor asks the server now
        return FhirClient(base, timeouts=timeouts, retry=retry, ca_bundle=settings.ca_bundle, http2=False)
    from sjtui.demo.app import create_app

    return FhirClient(
        base, transport=httpx.ASGITransport(app=create_app()), timeouts=timeouts, retry=retry, http2=False
    )


async def check_server(settings: Settings) -> Report:
    report = Report()
    timeouts = Timeouts(
        connect=min(10.0, settings.request_timeout_seconds),
        read=settings.request_timeout_seconds,
        write=settings.request_timeout_seconds,
    )
    where = settings.server or "embedded demo backend (in-process)"
    print(f"server:       {where}" + (f"  (profile {settings.auth.name})" if settings.auth.name else ""))
    session, base = _session_and_base(settings, timeouts)
    try:
        caps = await _metadata(session, base, settings, report)
        if caps is None:
            return report
        await _discovery(session, base, settings, report)
    finally:
        await session.aclose()
    report.add("info", "sign-in", SIGN_IN_PROBE(settings))
    _capabilities(caps, report)
    client = _client(settings, timeouts, base)
    try:
        await _pane_searches(client, caps, report)
    finally:
        await client.aclose()
    return report


async def _metadata(
    session: httpx.AsyncClient, base: str, settings: Settings, report: Report
) -> ServerCapabilities | None:
    try:
        answer = await session.get(f"{base}/metadata")
    except httpx.HTTPError as exc:
        problem = _transport_problem(exc)
        report.add("FAIL", "TLS" if certificate_problem(exc) else "reachable", problem)
        return None
    report.add("ok", "reachable", f"answered {answer.status_code}")
    if base.startswith("https://"):
        report.add("ok", "TLS", "certificate verified" + (" (with ca_bundle)" if settings.ca_bundle else ""))
    else:
        report.add("info", "TLS", "not used (in-process demo or plain http to this computer)")
    if answer.status_code != 200:
        hint = " (is this the FHIR base URL?)" if answer.status_code == 404 else ""
        report.add("FAIL", "metadata", f"GET /metadata answered {answer.status_code}{hint}")
        return None
    try:
        data: Any = json.loads(answer.content)
    except (ValueError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict) or data.get("resourceType") != "CapabilityStatement":
        report.add("FAIL", "FHIR", "/metadata is not a FHIR CapabilityStatement: not a FHIR server?")
        return None
    caps = parse_capabilities(data)
    version = caps.fhir_version or "?"
    if not version.startswith("4.0"):
        report.add("FAIL", "FHIR", f"FHIR version {version}; sjtui needs FHIR R4 (4.0.x)")
        return None
    software = " ".join(s for s in (caps.software_name, caps.software_version) if s) or "software not named"
    report.add("ok", "FHIR", f"R4 ({version}), {software}")
    return caps


async def _discovery(session: httpx.AsyncClient, base: str, settings: Settings, report: Report) -> None:
    needed = settings.auth.auth in ("device", "launch", "backend")
    try:
        answer = await session.get(f"{base}/.well-known/smart-configuration")
        data: Any = json.loads(answer.content) if answer.status_code == 200 else None
    except httpx.HTTPError as exc:
        report.add("FAIL" if needed else "info", "discovery", _transport_problem(exc))
        return
    except (ValueError, UnicodeDecodeError):
        data = None
    if isinstance(data, dict) and isinstance(data.get("token_endpoint"), str):
        grants = data.get("grant_types_supported")
        grants_text = ", ".join(g for g in grants if isinstance(g, str)) if isinstance(grants, list) else "?"
        report.add("ok", "discovery", f"SMART configuration found (grant types: {grants_text})")
        return
    status = "FAIL" if needed else "info"
    why = f"needed for auth = {settings.auth.auth}" if needed else "not needed without sign-in"
    report.add(status, "discovery", f"no usable .well-known/smart-configuration ({why})")


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _capabilities(caps: ServerCapabilities, report: Report) -> None:
    mode = "one batch per step" if caps.batch_search_supported else "parallel GETs instead"
    report.add(
        "ok",
        "capabilities",
        f"batch searches: {_yes(caps.batch_search_supported)} ({mode}); "
        f"_elements: {_yes(caps.supports_elements)}; "
        f"_summary=count: {_yes(caps.supports_summary_count)}; "
        f"_include report results: {_yes(caps.supports_include('DiagnosticReport', REPORT_RESULTS))}",
    )


async def _pane_searches(client: FhirClient, caps: ServerCapabilities, report: Report) -> None:
    queries = pane_queries(PROBE_PATIENT, use_elements=False)
    for q in queries:
        url = count_url(q)
        if not caps.supports_summary_count:
            url = url.replace("_summary=count", "_count=0")
        rtype, _, query = url.partition("?")
        params: dict[str, list[str]] = {}
        for key, value in parse_qsl(query, keep_blank_values=True):
            params.setdefault(key, []).append(value)
        label = f"{q.pane.value} search"
        what = rtype + (f" (category {q.params['category']})" if "category" in q.params else "")
        try:
            async for _page in client.search_pages(rtype, params, max_pages=1):
                break
            report.add("ok", label, f"{what} accepted")
        except FhirAuthError as exc:
            report.add("FAIL", label, f"{what}: refused ({exc.status}); sign in first (sjtui login)")
        except FhirHttpError as exc:
            report.add("FAIL", label, f"{what}: the server answered {exc.status}")
        except FhirError as exc:
            report.add("FAIL", label, f"{what}: {exc.message}")
