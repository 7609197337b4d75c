"""The demo backend with `auth`: 401 without a token, 403 without scope or access decision,
break-the-glass for private-marked items, the AuditEvent agent from the token, refresh,
revocation, PKCE and backend services; in-process and on a real port."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import AsyncIterator
from datetime import UTC

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import ECKey

from sjtui.demo import create_app
from sjtui.demo.auth import AuthServer
from sjtui.demo.auth.grants import s256

from auth_helpers import CLINICAL_SEARCHES, bearer, decision, device_sign_in

BASE = "http://demo.test"


@pytest.fixture
async def server() -> AsyncIterator[tuple[httpx.AsyncClient, object]]:
    app = create_app(auth=AuthServer(device_interval=0))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as c:
        yield c, app


async def test_every_clinical_search_without_a_token_is_401(server) -> None:
    client, _ = server
    for rtype in CLINICAL_SEARCHES:
        r = await client.get(f"/{rtype}", params={"patient": "poul"})
        assert r.status_code == 401, rtype
        assert r.headers["www-authenticate"].startswith("Bearer")
    assert (await client.get("/Patient", params={"identifier": "1203541237"})).status_code == 401
    assert (await client.get("/Condition/poul-cond-001")).status_code == 401
    assert (await client.get("/metadata")).status_code == 200
    config = (await client.get("/.well-known/smart-configuration")).json()
    assert config["device_authorization_endpoint"] == f"{BASE}/auth/device"
    assert "S256" in config["code_challenge_methods_supported"]


async def test_a_forged_or_unsigned_token_is_401(server) -> None:
    client, _ = server
    other = ECKey.generate_key("P-256")
    forged = jwt.encode({"alg": "ES256"}, {"sub": "hjemmesyg01", "exp": int(time.time()) + 60}, other)
    r = await client.get("/Condition", params={"patient": "poul"}, headers=bearer(forged))
    assert r.status_code == 401


async def test_token_without_decision_is_403_and_with_one_sees_the_data(server) -> None:
    client, app = server
    token = (await device_sign_in(client))["access_token"]
    # Finding the citizen needs no decision.
    found = await client.get(
        "/Patient", params={"identifier": "urn:oid:1.2.208.176.1.2|1203541237"}, headers=bearer(token)
    )
    assert found.status_code == 200 and found.json()["total"] == 1
    for rtype in CLINICAL_SEARCHES:
        r = await client.get(f"/{rtype}", params={"patient": "poul"}, headers=bearer(token))
        assert r.status_code == 403, rtype
    assert (await client.get("/Condition", headers=bearer(token))).status_code == 403  # no patient named
    assert (await client.get("/Condition/poul-cond-001", headers=bearer(token))).status_code == 403
    recorded = await client.post("/$access-decision", json=decision("poul"), headers=bearer(token))
    assert recorded.status_code == 200, recorded.text
    r = await client.get("/Condition", params={"patient": "poul"}, headers=bearer(token))
    assert r.status_code == 200 and r.json()["total"] > 0
    # ...but not another citizen's.
    assert (await client.get("/Condition", params={"patient": "lars"}, headers=bearer(token))).status_code == 403
    logged = app.state.handler.decisions.log[-1]
    assert (logged.user_id, logged.patient_id, logged.basis) == ("hjemmesyg01", "poul", "consent")


async def test_decisions_expire_after_the_window(server) -> None:
    client, app = server
    token = (await device_sign_in(client))["access_token"]
    await client.post("/$access-decision", json=decision("poul"), headers=bearer(token))
    store = app.state.handler.decisions
    from datetime import datetime, timedelta

    later = datetime.now(UTC) + store.window + timedelta(minutes=1)
    assert store.current("hjemmesyg01", "poul") is not None
    assert store.current("hjemmesyg01", "poul", later) is None


async def test_a_bad_decision_is_refused(server) -> None:
    client, _ = server
    token = (await device_sign_in(client))["access_token"]
    r = await client.post("/$access-decision", json=decision("poul", reason=""), headers=bearer(token))
    assert r.status_code == 400
    r = await client.post("/$access-decision", json=decision("poul", basis="curiosity"), headers=bearer(token))
    assert r.status_code == 400


async def test_batch_entries_are_checked_one_by_one(server) -> None:
    client, _ = server
    token = (await device_sign_in(client))["access_token"]
    await client.post("/$access-decision", json=decision("poul"), headers=bearer(token))
    bundle = {
        "resourceType": "Bundle",
        "type": "batch",
        "entry": [
            {"request": {"method": "GET", "url": "Condition?patient=poul"}},
            {"request": {"method": "GET", "url": "Condition?patient=lars"}},
        ],
    }
    r = await client.post("/", json=bundle, headers=bearer(token))
    statuses = [e["response"]["status"] for e in r.json()["entry"]]
    assert statuses[0].startswith("200") and statuses[1].startswith("403")


async def test_private_marked_items_need_break_the_glass(server) -> None:
    client, _ = server
    token = (await device_sign_in(client))["access_token"]
    await client.post("/$access-decision", json=decision("mikkel"), headers=bearer(token))
    r = await client.get("/Condition", params={"patient": "mikkel"}, headers=bearer(token))
    private = [e["resource"] for e in r.json()["entry"] if e["resource"]["id"] == "mikkel-cond-002"]
    assert private and "code" not in private[0]  # only that something private-marked exists
    assert private[0]["meta"]["security"][0]["code"] == "R"
    assert (await client.get("/Condition/mikkel-cond-002", headers=bearer(token))).status_code == 403
    assert (await client.get("/Binary/mikkel-bin-003", headers=bearer(token))).status_code == 403
    r = await client.post(
        "/$access-decision", json=decision("mikkel", break_glass="Akut forgiftning"), headers=bearer(token)
    )
    assert r.status_code == 200
    full = await client.get("/Condition/mikkel-cond-002", headers=bearer(token))
    assert full.status_code == 200 and "code" in full.json()
    r = await client.get("/Condition", params={"patient": "mikkel"}, headers=bearer(token))
    assert all("code" in e["resource"] for e in r.json()["entry"])


async def test_scopes_that_do_not_cover_the_read_give_403(server) -> None:
    client, _ = server
    auditor = (await device_sign_in(client, user="revisor01", scope="openid user/*.read user/AuditEvent.read"))[
        "access_token"
    ]
    assert (await client.get("/Condition", params={"patient": "poul"}, headers=bearer(auditor))).status_code == 403
    assert (await client.post("/$access-decision", json=decision("poul"), headers=bearer(auditor))).status_code == 403
    assert (await client.get("/AuditEvent", headers=bearer(auditor))).status_code == 200
    narrow = (await device_sign_in(client, scope="openid user/Patient.read"))["access_token"]
    await client.post("/$access-decision", json=decision("poul"), headers=bearer(narrow))
    assert (await client.get("/Condition", params={"patient": "poul"}, headers=bearer(narrow))).status_code == 403


async def test_audit_events_carry_the_token_identity_not_the_clients(server) -> None:
    client, app = server
    token = (await device_sign_in(client, user="akut01"))["access_token"]
    event = {
        "resourceType": "AuditEvent",
        "id": "e1",
        "recorded": "2026-12-01T10:00:00Z",
        "type": {"code": "rest"},
        "agent": [
            {
                "who": {"identifier": {"value": "overlaege"}, "display": "Overlæge Someone Else"},
                "name": "Overlæge Someone Else",
                "requestor": True,
                "purposeOfUse": [{"coding": [{"code": "TREAT"}]}],
            },
            {"who": {"display": "sjtui"}, "requestor": False},
        ],
    }
    r = await client.put("/AuditEvent/e1", json=event, headers=bearer(token))
    assert r.status_code == 201, r.text
    stored = app.state.store.read("AuditEvent", "e1")
    user = next(a for a in stored["agent"] if a["requestor"])
    assert user["who"]["identifier"]["value"] == "akut01"
    assert user["name"] == "Sygeplejerske Mads Brink"
    assert user["purposeOfUse"][0]["coding"][0]["code"] == "TREAT"
    assert "Someone Else" not in json.dumps(stored)
    extensions = {e["url"].rsplit("-", 1)[-1]: e for e in user["extension"]}
    assert extensions["assurance"]["valueCode"] == "proven"
    assert extensions["sor"]["valueIdentifier"]["value"] == "900000000007004"


async def test_expired_token_is_401_and_refresh_gives_a_new_one(server) -> None:
    client, _ = server
    tokens = await device_sign_in(client)
    await client.post("/$access-decision", json=decision("poul"), headers=bearer(tokens["access_token"]))
    await client.post("/auth/demo/expire-all")
    r = await client.get("/Condition", params={"patient": "poul"}, headers=bearer(tokens["access_token"]))
    assert r.status_code == 401 and "expired" in r.headers["www-authenticate"]
    fresh = (
        await client.post(
            "/auth/token",
            data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"], "client_id": "sjtui"},
        )
    ).json()
    assert fresh["refresh_token"] != tokens["refresh_token"]  # rotated
    r = await client.get("/Condition", params={"patient": "poul"}, headers=bearer(fresh["access_token"]))
    assert r.status_code == 200


async def test_revoked_user_cannot_refresh(server) -> None:
    client, _ = server
    tokens = await device_sign_in(client)
    await client.post("/auth/demo/revoke-user", data={"user": "hjemmesyg01"})
    assert (await client.get("/Patient", headers=bearer(tokens["access_token"]))).status_code == 401
    r = await client.post(
        "/auth/token",
        data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"], "client_id": "sjtui"},
    )
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"


async def test_device_flow_pending_slow_down_denied(server) -> None:
    client, app = server
    app.state.auth.grants.device_interval = 5
    start = (await client.post("/auth/device", data={"client_id": "sjtui", "scope": "openid"})).json()
    poll = {
        "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
        "device_code": start["device_code"],
        "client_id": "sjtui",
    }
    assert (await client.post("/auth/token", data=poll)).json()["error"] == "authorization_pending"
    assert (await client.post("/auth/token", data=poll)).json()["error"] == "slow_down"
    await client.post("/auth/verify", data={"user_code": start["user_code"], "action": "deny"})
    assert (await client.post("/auth/token", data=poll)).json()["error"] == "access_denied"


async def test_ehr_launch_authorization_code_with_pkce(server) -> None:
    client, _ = server
    launch = (await client.post("/auth/demo/launch", data={"patient": "poul"})).json()["launch"]
    verifier = secrets.token_urlsafe(48)
    params = {
        "response_type": "code",
        "client_id": "sjtui",
        "redirect_uri": "http://127.0.0.1:5000/cb",
        "scope": "launch openid fhirUser user/*.read",
        "state": "st1",
        "aud": BASE,
        "launch": launch,
        "code_challenge": s256(verifier),
        "code_challenge_method": "S256",
    }
    assert (await client.get("/auth/authorize", params=params)).status_code == 200
    r = await client.post("/auth/authorize", data={**params, "user": "akut01"})
    assert r.status_code == 302
    location = httpx.URL(r.headers["location"])
    assert location.params["state"] == "st1"
    code = location.params["code"]
    exchange = {
        "grant_type": "authorization_code",
        "code": code,
        "client_id": "sjtui",
        "redirect_uri": params["redirect_uri"],
        "code_verifier": "wrong" + verifier,
    }
    assert (await client.post("/auth/token", data=exchange)).json()["error"] == "invalid_grant"
    r = await client.post("/auth/authorize", data={**params, "user": "akut01"})
    exchange["code"] = httpx.URL(r.headers["location"]).params["code"]
    exchange["code_verifier"] = verifier
    body = (await client.post("/auth/token", data=exchange)).json()
    assert body["patient"] == "poul" and body["id_token"]


async def test_backend_services_client_assertion(server) -> None:
    client, app = server
    key = ECKey.generate_key("P-384", parameters={"kid": "ws1"})
    app.state.auth.register_backend_key("sjtui-workstation", {"keys": [key.as_dict(private=False)]})
    now = int(time.time())
    claims = {
        "iss": "sjtui-workstation",
        "sub": "sjtui-workstation",
        "aud": f"{BASE}/auth/token",
        "exp": now + 120,
        "jti": secrets.token_hex(8),
    }
    assertion = jwt.encode({"alg": "ES384", "kid": "ws1"}, claims, key, algorithms=["ES384"])
    form = {
        "grant_type": "client_credentials",
        "scope": "user/*.read user/AuditEvent.write",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": assertion,
    }
    r = await client.post("/auth/token", data=form)
    assert r.status_code == 200, r.text
    assert "refresh_token" not in r.json()
    replay = await client.post("/auth/token", data=form)
    assert replay.status_code == 401 and replay.json()["error"] == "invalid_client"
    principal = app.state.auth.issuer.verify(r.json()["access_token"])
    assert (principal.user_id, principal.assurance) == ("akut01", "workstation")


def test_the_same_checks_on_a_real_port() -> None:
    import socket
    import threading

    from sjtui.demo.server import make_server

    app = create_app(auth=AuthServer(device_interval=0))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = make_server("127.0.0.1", port, app=app, log_level="critical")
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as c:
            assert c.get("/Condition", params={"patient": "poul"}).status_code == 401
            token = app.state.auth.token_for("hjemmesyg01", issuer=f"http://127.0.0.1:{port}")
            assert c.get("/Condition", params={"patient": "poul"}, headers=bearer(token)).status_code == 403
            assert c.post("/$access-decision", json=decision("poul"), headers=bearer(token)).status_code == 200
            assert c.get("/Condition", params={"patient": "poul"}, headers=bearer(token)).status_code == 200
    finally:
        server.should_exit = True
        thread.join(timeout=5)
