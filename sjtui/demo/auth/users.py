"""The demo authorisation server's users and registered clients (all fictitious).

The organisations are the synthetic fixtures' own (`demo/synthetic/organisations.py`); the
SOR codes are made up like theirs. The auditor may read AuditEvents and find citizens, but
no clinical data: the scopes a user may hold are capped here, whatever a client asks for.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CLINICAL_SCOPES", "DEMO_CLIENTS", "DEMO_USERS", "DemoClient", "DemoUser", "user_by_id"]

#: What a clinician may be granted (SMART v1 spelling; v2 `.rs`/`.cu` are read the same way).
CLINICAL_SCOPES = frozenset(
    {
        "openid",
        "fhirUser",
        "profile",
        "offline_access",
        "launch",
        "launch/patient",
        "user/*.read",
        "user/AuditEvent.write",
    }
)
AUDITOR_SCOPES = frozenset(
    {
        "openid",
        "fhirUser",
        "profile",
        "offline_access",
        "user/AuditEvent.read",
        "user/Patient.read",
    }
)


@dataclass(frozen=True, slots=True)
class DemoUser:
    user_id: str
    name: str
    organisation: str
    sor_code: str
    role: str  # "clinician" or "auditor"
    allowed_scopes: frozenset[str]
    # The clinician's function (sjtui.function_profiles.ROLES), named in the ID token's
    # `roles` claim beside `role`: it picks the tab order when the config names no role.
    function: str = ""

    @property
    def fhir_user(self) -> str:
        return f"Practitioner/{self.user_id}"


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser(
        "hjemmesyg01",
        "Sygeplejerske Hanne Juul",
        "Vejen Kommune, Hjemmesygeplejen",
        "900000000007001",
        "clinician",
        CLINICAL_SCOPES,
        "home-care",
    ),
    DemoUser(
        "akut01",
        "Sygeplejerske Mads Brink",
        "Vejen Kommune, Akutteam",
        "900000000007004",
        "clinician",
        CLINICAL_SCOPES,
        "acute",
    ),
    DemoUser(
        "misbrug01",
        "Behandler Sofie Lund",
        "Odense Kommune, Misbrugscenter Odense",
        "900000000007003",
        "clinician",
        CLINICAL_SCOPES,
        "addiction",
    ),
    DemoUser(
        "revisor01",
        "Revisor Jens Kjær",
        "Vejen Kommune, Sundhed og Omsorg",
        "900000000007005",
        "auditor",
        AUDITOR_SCOPES,
    ),
)


def user_by_id(user_id: str) -> DemoUser | None:
    return next((u for u in DEMO_USERS if u.user_id == user_id), None)


@dataclass(frozen=True, slots=True)
class DemoClient:
    """A registered client. `workstation_user` is whom a backend-services client acts for:
    the identity is asserted by the workstation, not proven by a sign-in."""

    client_id: str
    public: bool = True
    workstation_user: str = ""


DEMO_CLIENTS: dict[str, DemoClient] = {
    "sjtui": DemoClient("sjtui"),
    # A shared workstation in Vejen's acute team (SMART Backend Services). Its public key is
    # registered at run time (`AuthServer.register_backend_key`), never shipped.
    "sjtui-workstation": DemoClient("sjtui-workstation", public=False, workstation_user="akut01"),
}
