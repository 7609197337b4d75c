"""The client side of sign-in against the demo authorisation server (in-process): device flow
with its errors, the ID token identity, refresh before expiry, a 401 handled by refresh or by
signing in again, sealed token storage, backend services and the static token."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from joserfc.jwk import ECKey

from sjtui.auth.device import DeviceCode
from sjtui.auth.httpx_auth import SessionAuth
from sjtui.auth.models import AuthError, DeviceFlowError, Identity
from sjtui.auth.session import AuthSession
from sjtui.auth.settings import SignInSettings
from sjtui.auth.store import TokenStore
from sjtui.crypto.aead import Sealer
from sjtui.demo import create_app
from sjtui.demo.auth import AuthServer

from auth_helpers import approve_device, bearer, decision

BASE = "http://demo.test"


class Clock:
    def __init__(self) -> None:
        import time

        self.now = time.time()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def demo() -> AsyncIterator[tuple[httpx.AsyncClient, object]]:
    app = create_app(auth=AuthServer(device_interval=0))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as http:
        yield http, app


def _session(http: httpx.AsyncClient, tmp_path: Path | None = None, **kwargs: object) -> AuthSession:
    store = TokenStore(tmp_path / "tokens.bin", Sealer(os.urandom(32))) if tmp_path else None
    return AuthSession(http, BASE, SignInSettings(mode="device"), store=store, **kwargs)


async def _no_wait(_: float) -> None:
    return None


async def _sign_in(session: AuthSession, http: httpx.AsyncClient, user: str = "hjemmesyg01") -> Identity:
    code = await session.begin_device()
    await approve_device(http, code.user_code, user)
    return await session.complete_device(code, sleep=_no_wait)


async def test_device_sign_in_proves_the_identity_and_stores_tokens_sealed(demo, tmp_path) -> None:
    http, _ = demo
    session = _session(http, tmp_path)
    code = await session.begin_device()
    assert code.verification_uri == f"{BASE}/auth/verify"
    assert code.user_code in (code.verification_uri_complete or "")
    await approve_device(http, code.user_code, "akut01")
    identity = await session.complete_device(code, sleep=_no_wait)
    assert identity == Identity(
        "akut01",
        "Sygeplejerske Mads Brink",
        "Vejen Kommune, Akutteam",
        "900000000007004",
        "proven",
        roles=("clinician", "acute"),  # the demo user names its function too (issue #13)
    )
    stored = tmp_path / "tokens.bin"
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    blob = stored.read_bytes()
    assert session.tokens is not None
    assert session.tokens.access_token.encode() not in blob and b"refresh" not in blob
    again = AuthSession(http, BASE, SignInSettings(mode="device"), store=session.store)
    assert again.identity == identity


async def test_device_flow_errors(demo) -> None:
    http, _app = demo
    session = _session(http)
    code = await session.begin_device()
    await http.post("/auth/verify", data={"user_code": code.user_code, "action": "deny"})
    with pytest.raises(DeviceFlowError) as denied:
        await session.complete_device(code, sleep=_no_wait)
    assert denied.value.code == "access_denied"
    code = await session.begin_device()
    expired = DeviceCode(code.device_code, code.user_code, code.verification_uri, None, -1, 0)
    with pytest.raises(DeviceFlowError) as late:
        await session.complete_device(expired, sleep=_no_wait)
    assert late.value.code == "expired_token"


async def test_slow_down_makes_the_client_wait_longer(demo) -> None:
    http, app = demo
    app.state.auth.grants.device_interval = 5
    session = _session(http)
    code = await session.begin_device()
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 3:
            await approve_device(http, code.user_code)

    fast = DeviceCode(code.device_code, code.user_code, code.verification_uri, None, 600, 0)
    await session.complete_device(fast, sleep=sleep)
    assert waits[:2] == [0, 0] and waits[2] == 5  # pending, slow_down: +5 s (RFC 8628 §3.5)


async def test_refresh_before_expiry_and_on_401(demo) -> None:
    http, _ = demo
    clock = Clock()
    session = _session(http, clock=clock)
    await _sign_in(session, http)
    first = await session.authorization()
    clock.now += 900 - 30  # within the refresh margin
    second = await session.authorization()
    assert second != first
    await http.post("/auth/demo/expire-all")
    async with httpx.AsyncClient(transport=http._transport, base_url=BASE, auth=SessionAuth(session)) as fhir:
        await fhir.post("/$access-decision", json=decision("poul"))
        r = await fhir.get("/Condition", params={"patient": "poul"})
    assert r.status_code == 200
    assert await session.authorization() != second


async def test_revoked_session_asks_for_sign_in_and_the_request_continues(demo) -> None:
    http, _ = demo
    session = _session(http)
    await _sign_in(session, http)
    asked: list[int] = []

    async def sign_in_again() -> bool:
        asked.append(1)
        await _sign_in(session, http, "hjemmesyg01")
        return True

    session.sign_in_handler = sign_in_again
    await http.post("/auth/demo/revoke-user", data={"user": "hjemmesyg01"})
    async with httpx.AsyncClient(transport=http._transport, base_url=BASE, auth=SessionAuth(session)) as fhir:
        r = await fhir.get("/Patient", params={"given": "Poul"})
    assert r.status_code == 200 and asked == [1]


async def test_without_a_handler_a_401_stands(demo) -> None:
    http, _ = demo
    session = _session(http)
    async with httpx.AsyncClient(transport=http._transport, base_url=BASE, auth=SessionAuth(session)) as fhir:
        assert (await fhir.get("/Patient")).status_code == 401


async def test_a_forged_id_token_is_refused(demo) -> None:
    http, _ = demo
    session = _session(http)
    from joserfc import jwt

    other = ECKey.generate_key("P-256")
    forged = jwt.encode({"alg": "ES256"}, {"iss": BASE, "aud": "sjtui", "sub": "x", "exp": 2**31}, other)
    with pytest.raises(AuthError):
        await session.accept({"access_token": "a", "expires_in": 60, "id_token": forged}, mode="device")
    assert session.tokens is None


async def test_backend_services_identity_is_asserted(demo, tmp_path) -> None:
    http, app = demo
    key = ECKey.generate_key("P-384", parameters={"kid": "ws1"})
    app.state.auth.register_backend_key("sjtui-workstation", {"keys": [key.as_dict(private=False)]})
    key_file = tmp_path / "ws.jwk"
    key_file.write_text(json.dumps(key.as_dict(private=True)))
    key_file.chmod(0o644)
    asserted = Identity("akut01", "Sygeplejerske Mads Brink", "Vejen Kommune, Akutteam")
    settings = SignInSettings(mode="backend", client_id="sjtui-workstation", key_file=str(key_file))
    session = AuthSession(http, BASE, settings, asserted=asserted)
    assert await session.authorization() is None  # a key others may read is refused
    key_file.chmod(0o600)
    header = await session.authorization()
    assert header and session.identity is not None
    assert session.identity.assurance == "workstation"
    r = await http.put(
        "/AuditEvent/e2",
        json={"resourceType": "AuditEvent", "id": "e2", "agent": [{"requestor": True, "name": "x"}]},
        headers={"Authorization": header},
    )
    assert r.status_code == 201
    stored = app.state.store.read("AuditEvent", "e2")
    assurance = [e for e in stored["agent"][0]["extension"] if e["url"].endswith("assurance")]
    assert assurance[0]["valueCode"] == "workstation"


async def test_static_token(demo) -> None:
    http, app = demo
    token = app.state.auth.token_for("misbrug01", issuer=BASE)
    asserted = Identity("misbrug01", "Behandler Sofie Lund")
    session = AuthSession(http, BASE, SignInSettings(mode="static"), asserted=asserted, static_token=token)
    assert await session.authorization() == bearer(token)["Authorization"]
    assert session.identity is not None and not session.identity.proven
