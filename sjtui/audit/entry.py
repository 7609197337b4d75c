"""One audit entry: a single accountable act by a clinician (Sundhedsloven §42a).

An entry is written to the local journal *before* any record data is shown and later
delivered to the server as a FHIR AuditEvent. Its `entry_id` doubles as the AuditEvent's
`id`, which is what makes delivery idempotent (PUT AuditEvent/<entry_id> twice stores once).

Entries carry personal data (who looked up whom, and why); they only ever reach disk sealed.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, get_args

from sjtui.access.grant import Basis, Clinician, Grant

EntryKind = Literal["open", "pane-view", "break-glass", "body-view", "search", "offline-open", "security"]
ENTRY_KINDS: tuple[str, ...] = get_args(EntryKind)
#: Kinds that are a look-up of a citizen's record (one row each in the week export).
OPENING_KINDS: frozenset[str] = frozenset({"open", "offline-open"})


def _now() -> datetime:
    return datetime.now(UTC)


def _new_id() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """What happened, who did it, to whose record, on which legal basis and why.

    `basis` holds a `Basis` value as a plain string ("" for a search, which has no basis yet).
    """

    kind: EntryKind
    opening_id: str
    user_id: str
    user_name: str
    organisation: str
    workstation: str
    patient_id: str
    cpr: str
    basis: str
    reason: str
    at: datetime = field(default_factory=_now)
    entry_id: str = field(default_factory=_new_id)
    pane: str = ""
    resource_key: str = ""
    break_glass_reason: str = ""
    private_revealed: bool = False
    detail: str = ""
    # searches: "cpr" or "name"; where the search came from ("search", "palette", "launch");
    # the Patient ids the search returned (each one a citizen whose identity was shown).
    query_kind: str = ""
    via: str = ""
    found: tuple[str, ...] = ()
    # security events ("audit-chain-break", "audit-repaired", "key-replaced"): what happened
    event: str = ""
    identity_assurance: str = ""  # Clinician.assurance: "proven", "workstation" or ""

    def __post_init__(self) -> None:
        if self.kind not in ENTRY_KINDS:
            raise ValueError(f"unknown audit entry kind: {self.kind!r}")
        if self.at.tzinfo is None:
            raise ValueError("audit times must carry a time zone")

    # ------------------------------------------------------------------ builders
    @staticmethod
    def _from_grant(grant: Grant, kind: EntryKind, at: datetime | None, **extra: Any) -> AuditEntry:
        c = grant.clinician
        return AuditEntry(
            kind=kind,
            opening_id=grant.opening_id,
            user_id=c.user_id,
            user_name=c.name,
            organisation=c.organisation,
            workstation=c.workstation,
            patient_id=grant.patient_id,
            cpr=grant.cpr,
            basis=str(Basis(grant.basis)),
            reason=grant.reason,
            at=(at or _now()).astimezone(UTC),
            break_glass_reason=grant.break_glass.reason if grant.break_glass else "",
            identity_assurance=c.assurance,
            **extra,
        )

    @classmethod
    def opening(cls, grant: Grant, *, offline: bool = False, at: datetime | None = None) -> AuditEntry:
        """The record was opened (consent window confirmed). `offline`: from the cache only."""
        kind: EntryKind = "offline-open" if offline else "open"
        return cls._from_grant(grant, kind, at, private_revealed=grant.break_glass is not None)

    @classmethod
    def pane_view(
        cls,
        grant: Grant,
        pane: str,
        *,
        private_revealed: bool | None = None,
        at: datetime | None = None,
    ) -> AuditEntry:
        """A pane was shown. Private data count as revealed once break-the-glass is in force."""
        revealed = grant.break_glass is not None if private_revealed is None else private_revealed
        return cls._from_grant(grant, "pane-view", at, pane=pane, private_revealed=revealed)

    @classmethod
    def break_glass(cls, grant: Grant, *, at: datetime | None = None) -> AuditEntry:
        """Værdispring: private-marked data revealed for this opening. Needs the grant's reason."""
        if grant.break_glass is None:
            raise ValueError("the grant carries no break-the-glass")
        return cls._from_grant(grant, "break-glass", at or grant.break_glass.at, private_revealed=True)

    @classmethod
    def body_view(
        cls,
        grant: Grant,
        pane: str,
        resource_key: str,
        *,
        private_revealed: bool | None = None,
        at: datetime | None = None,
    ) -> AuditEntry:
        """A note body or full report text (`resource_key`, e.g. "DocumentReference/x") was read."""
        revealed = grant.break_glass is not None if private_revealed is None else private_revealed
        return cls._from_grant(
            grant,
            "body-view",
            at,
            pane=pane,
            resource_key=resource_key,
            private_revealed=revealed,
        )

    @classmethod
    def search(
        cls,
        clinician: Clinician,
        query: str,
        *,
        patient_id: str = "",
        cpr: str = "",
        at: datetime | None = None,
        query_kind: str = "",
        via: str = "",
        found: tuple[str, ...] = (),
    ) -> AuditEntry:
        """A citizen search (by CPR or name). `query` is the query as typed: it stays in the
        sealed local journal; the AuditEvent carries only its kind and the citizens found."""
        return AuditEntry(
            kind="search",
            opening_id="",
            user_id=clinician.user_id,
            user_name=clinician.name,
            organisation=clinician.organisation,
            workstation=clinician.workstation,
            patient_id=patient_id,
            cpr=cpr,
            basis="",
            reason="",
            at=(at or _now()).astimezone(UTC),
            detail=query,
            identity_assurance=clinician.assurance,
            query_kind=query_kind,
            via=via,
            found=tuple(found),
        )

    @classmethod
    def security(cls, clinician: Clinician, event: str, detail: str, *, at: datetime | None = None) -> AuditEntry:
        """A security event about the audit trail itself (a break in the chain, a repair, a
        replaced key). `detail` is plain English without personal data."""
        return AuditEntry(
            kind="security",
            opening_id="",
            user_id=clinician.user_id,
            user_name=clinician.name,
            organisation=clinician.organisation,
            workstation=clinician.workstation,
            patient_id="",
            cpr="",
            basis="",
            reason="",
            at=(at or _now()).astimezone(UTC),
            detail=detail,
            event=event,
            identity_assurance=clinician.assurance,
        )

    # ------------------------------------------------------------ serialisation
    def to_json_bytes(self) -> bytes:
        data = asdict(self)
        data["at"] = self.at.astimezone(UTC).isoformat()
        data["v"] = 1
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()

    @classmethod
    def from_json_bytes(cls, raw: bytes) -> AuditEntry:
        data = json.loads(raw)
        data.pop("v", None)
        data["at"] = datetime.fromisoformat(data["at"])
        known = set(cls.__dataclass_fields__)
        if isinstance(data.get("found"), list):
            data["found"] = tuple(str(f) for f in data["found"])
        return cls(**{k: v for k, v in data.items() if k in known})
