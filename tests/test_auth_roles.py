"""The auditor role comes from the token: signing in as the demo auditor gives an identity
with the role, the review's role check follows it, the role survives the token store's JSON,
and the app hands the signed-in identity to the services (review) and the record service
(the clinician its look-ups are audited under)."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

import httpx

from sjtui.access.grant import Clinician
from sjtui.access.roles import may_read_organisation_audit, may_review_audit
from sjtui.auth.models import Identity, TokenSet
from sjtui.auth.session import AuthSession
from sjtui.auth.settings import SignInSettings
from sjtui.demo import create_app
from sjtui.demo.auth import AuthServer
from sjtui.ui.sign_in import SignInFlow

from auth_helpers import approve_device

BASE = "http://demo.test"


async def _sign_in(user: str) -> Identity:
    demo = create_app(auth=AuthServer(device_interval=0))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=demo), base_url=BASE) as http:
        session = AuthSession(http, BASE, SignInSettings(mode="device"))
        code = await session.begin_device()
        await approve_device(http, code.user_code, user)

        async def no_wait(_: float) -> None:
            return None

        return await session.complete_device(code, sleep=no_wait)


async def test_the_demo_auditor_signs_in_with_the_auditor_role() -> None:
    auditor = await _sign_in("revisor01")
    assert "auditor" in auditor.roles
    assert may_review_audit(auditor) and may_read_organisation_audit(auditor)
    nurse = await _sign_in("hjemmesyg01")
    assert "auditor" not in nurse.roles
    assert not may_review_audit(nurse) and not may_read_organisation_audit(nurse)


def test_roles_survive_the_token_store_json() -> None:
    tokens = TokenSet("t", 1e12, identity=Identity("u1", "Revisor", "Vejen", "123", roles=("auditor",)))
    again = TokenSet.from_json(tokens.to_json())
    assert again.identity is not None and again.identity.roles == ("auditor",)


@dataclass
class _Session:
    identity: Identity | None
    mode: str = "device"
    listeners: list[object] = field(default_factory=list)
    sign_in_handler: object = None


def test_the_signed_in_identity_reaches_the_services_and_the_record_service() -> None:
    record_service = SimpleNamespace(clinician=Clinician(user_id="config-user", name="Overlæge Someone Else"))
    services = SimpleNamespace(identity=None, service=record_service)
    app = SimpleNamespace(
        clinician=Clinician(user_id="config-user", name="Overlæge Someone Else", workstation="ws1"),
        services=services,
        refresh_status=lambda: None,
    )
    flow = SignInFlow(app)  # type: ignore[arg-type]  # a stand-in app with what the flow uses
    who = Identity("revisor01", "Revisor Karen Dahl", "Vejen Kommune", "900", roles=("auditor",))
    flow.attach(_Session(identity=who))  # type: ignore[arg-type]  # a stand-in session
    assert services.identity is who
    assert record_service.clinician.user_id == "revisor01"
    assert record_service.clinician.name == "Revisor Karen Dahl"
    assert record_service.clinician.workstation == "ws1"


async def test_the_demo_clinicians_name_their_function_in_the_role_claim() -> None:
    from sjtui.function_profiles import function_profile

    for user, function in (("hjemmesyg01", "home-care"), ("akut01", "acute"), ("misbrug01", "addiction")):
        identity = await _sign_in(user)
        assert set(identity.roles) == {"clinician", function}
        assert function_profile(None, identity_roles=identity.roles).role == function  # no role in the config
    assert (await _sign_in("revisor01")).roles == ("auditor",)
