"""The per-request checks: scopes, recorded access decisions, break-the-glass, audit agent.

`GatedHandler` is the demo FhirHandler with the checks in `handle`, which the batch code calls
for every entry too: a search inside a batch is checked exactly like the same search alone.
"""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..handler import FhirHandler, FhirRequest, FhirResult, error_result
from ..jsonio import FhirError
from ..params import patient_paths
from ..store import StoredResource
from .bearer import current_principal
from .decisions import DecisionStore, parse_decision

if TYPE_CHECKING:
    from ..auth import Principal

__all__ = ["GatedHandler", "scope_allows"]

CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
USER_SYSTEM = "urn:sjtui:demo-user"
SOR_SYSTEM = "urn:oid:1.2.208.176.1.1"
EXT = "urn:sjtui:audit-agent"
_BINARY_REF = re.compile(r"Binary/([A-Za-z0-9\-.]{1,64})")
#: Types anyone signed in with the scope may read without a decision: finding a citizen.
_FINDING = frozenset({"Patient"})
_PATIENT_PARAMS = ("patient", "subject", "entity")


def scope_allows(scopes: frozenset[str], rtype: str, interaction: str) -> bool:
    """SMART scopes, v1 (`user/Observation.read`) and v2 (`user/Observation.rs`)."""
    needed = {"read": "r", "search": "s", "create": "c", "update": "u"}[interaction]
    v1 = "read" if interaction in ("read", "search") else "write"
    for scope in scopes:
        context, _, rest = scope.partition("/")
        if context not in ("user", "system", "patient") or not rest:
            continue
        stype, _, perm = rest.rpartition(".")
        if stype not in ("*", rtype):
            continue
        if perm in ("*", v1) or (perm and set(perm) <= set("cruds") and needed in perm):
            return True
    return False


def _is_private(resource: Any) -> bool:
    meta = resource.get("meta") if isinstance(resource, dict) else None
    labels = meta.get("security") if isinstance(meta, dict) else None
    return isinstance(labels, list) and any(
        isinstance(c, dict) and c.get("code") == "R" and c.get("system", CONFIDENTIALITY) == CONFIDENTIALITY
        for c in labels
    )


def _patients(entry: StoredResource) -> set[str]:
    if entry.rtype == "Patient":
        return {entry.rid}
    if not patient_paths(entry.rtype):
        return set()
    return {k for k in entry.key("patient") or () if "/" not in k}


def _refused(message: str) -> FhirResult:
    return error_result(FhirError(403, "forbidden", message))


class GatedHandler(FhirHandler):
    def __init__(self, *args: Any, decisions: DecisionStore, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.decisions = decisions
        self._binary_generation = -1
        self._binary_owner: dict[str, list[StoredResource]] = {}

    def _now(self) -> datetime:
        return self.clock() if self.clock else datetime.now(UTC)

    # -- dispatch ----------------------------------------------------------------------------
    def handle(self, req: FhirRequest, *, in_batch: bool = False) -> FhirResult:
        parts = [p for p in req.path.split("/") if p]
        method = req.method.upper()
        if method == "GET" and parts == ["metadata"]:
            return super().handle(req, in_batch=in_batch)
        principal = current_principal()
        if principal is None:
            return error_result(FhirError(401, "login", "an access token is required"))
        try:
            if method == "POST" and parts == ["$access-decision"]:
                return self._record_decision(req, principal)
            if not parts:
                return super().handle(req, in_batch=in_batch)
            rtype = parts[0]
            # A type-level operation that searches (`Observation/$lastn`) is checked as a search.
            searches = len(parts) == 1 or (len(parts) == 2 and parts[1].startswith("$"))
            interaction = {"POST": "create", "PUT": "update"}.get(method, "search" if searches else "read")
            if not scope_allows(principal.scopes, rtype, interaction):
                return _refused(f"the token's scopes do not allow this {interaction} of {rtype}")
            if interaction in ("create", "update"):
                if rtype == "AuditEvent":
                    req = self._with_token_agent(req, principal)
                return super().handle(req, in_batch=in_batch)
            if rtype in _FINDING or (rtype == "AuditEvent" and principal.role == "auditor"):
                return super().handle(req, in_batch=in_batch)
            if interaction == "read":
                self._check_read(principal, rtype, parts[1])
                return super().handle(req, in_batch=in_batch)
            for value in (v for k, v in req.query if k.split(":")[0] in _PATIENT_PARAMS):
                for pid in value.split(","):
                    self._require_decision(principal, pid.split("/")[-1])
            result = super().handle(req, in_batch=in_batch)
            return self._filter_search(principal, result)
        except FhirError as err:
            return error_result(err)

    # -- decisions -----------------------------------------------------------------------------
    def _record_decision(self, req: FhirRequest, principal: Principal) -> FhirResult:
        if principal.role != "clinician":
            raise FhirError(403, "forbidden", "this user may not open citizens' records")
        try:
            body = json.loads(req.body or b"")
        except (ValueError, UnicodeDecodeError):
            raise FhirError(400, "invalid", "the body is not valid JSON") from None
        decision = parse_decision(body, principal.user_id, self._now())
        if self.store.get("Patient", decision.patient_id) is None:
            raise FhirError(404, "not-found", "no such citizen")
        self.decisions.record(decision)
        return FhirResult(200, self.decisions.as_parameters(decision))

    def _require_decision(self, principal: Principal, patient_id: str) -> None:
        if self.decisions.current(principal.user_id, patient_id, self._now()) is None:
            raise FhirError(
                403, "forbidden", "no access decision (consent or current treatment) is recorded for this citizen"
            )

    def _may_see_private(self, principal: Principal, patient_ids: set[str]) -> bool:
        now = self._now()
        return all(self.decisions.break_glass(principal.user_id, p, now) for p in patient_ids)

    # -- reads -----------------------------------------------------------------------------------
    def _owners(self, rtype: str, rid: str) -> list[StoredResource]:
        """The resource itself, or for a Binary the resources that point at it."""
        entry = self.store.get(rtype, rid)
        if entry is None:
            return []
        if rtype != "Binary":
            return [entry]
        if self._binary_generation != self.store.generation:
            owners: dict[str, list[StoredResource]] = {}
            for owner_type in ("DocumentReference", "DiagnosticReport"):
                for owner in self.store.of_type(owner_type):
                    for bid in set(_BINARY_REF.findall(owner.json_text)):
                        owners.setdefault(bid, []).append(owner)
            self._binary_owner, self._binary_generation = owners, self.store.generation
        return self._binary_owner.get(rid, [])

    def _check_read(self, principal: Principal, rtype: str, rid: str) -> None:
        owners = self._owners(rtype, rid)
        patients = {p for o in owners for p in _patients(o)}
        for pid in patients:
            self._require_decision(principal, pid)
        if any(_is_private(o.resource) for o in owners) and not self._may_see_private(principal, patients):
            raise FhirError(403, "forbidden", "private-marked: break-the-glass is required")

    def _filter_search(self, principal: Principal, result: FhirResult) -> FhirResult:
        body = result.body
        if result.status != 200 or not isinstance(body, dict) or not body.get("entry"):
            return result
        entries = []
        for item in body["entry"]:
            path = urlsplit(str(item.get("fullUrl", ""))).path.strip("/").split("/")
            stored = self.store.get(path[-2], path[-1]) if len(path) >= 2 else None
            patients = _patients(stored) if stored else set()
            for pid in patients:
                self._require_decision(principal, pid)
            if stored is not None and _is_private(stored.resource) and not self._may_see_private(principal, patients):
                item = {**item, "resource": _stub(stored)}
            entries.append(item)
        return dataclasses.replace(result, body={**body, "entry": entries})

    # -- writes ----------------------------------------------------------------------------------
    def _with_token_agent(self, req: FhirRequest, principal: Principal) -> FhirRequest:
        try:
            event = json.loads(req.body or b"")
        except (ValueError, UnicodeDecodeError):
            return req  # the handler answers 400
        if not isinstance(event, dict):
            return req
        agents = [a for a in event.get("agent") or [] if isinstance(a, dict) and not a.get("requestor")]
        agents.insert(0, token_agent(principal, event.get("agent") or []))
        event["agent"] = agents
        return dataclasses.replace(req, body=json.dumps(event, ensure_ascii=False).encode("utf-8"))


def token_agent(principal: Principal, sent: list[Any]) -> dict[str, Any]:
    """The requesting user as the token says, keeping only what the client knows better: the
    purpose of use and its network address. Whatever name or id the client sent is dropped."""
    client_agent = next((a for a in sent if isinstance(a, dict) and a.get("requestor")), {})
    agent: dict[str, Any] = {
        "type": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                    "code": "IRCP",
                    "display": "information recipient",
                }
            ]
        },
        "who": {"identifier": {"system": USER_SYSTEM, "value": principal.user_id}, "display": principal.name},
        "name": principal.name,
        "requestor": True,
        "extension": [
            {"url": f"{EXT}-organisation", "valueString": principal.organisation},
            {"url": f"{EXT}-sor", "valueIdentifier": {"system": SOR_SYSTEM, "value": principal.sor_code}},
            {"url": f"{EXT}-assurance", "valueCode": principal.assurance},
        ],
    }
    for key in ("purposeOfUse", "network"):
        if key in client_agent:
            agent[key] = client_agent[key]
    return agent


def _stub(stored: StoredResource) -> dict[str, Any]:
    """What a search shows of a private-marked item before break-the-glass: that it exists, and
    whose it is (the subject/patient reference, so a client can tell it belongs to the citizen),
    nothing of its content."""
    meta = stored.resource.get("meta") or {}
    stub: dict[str, Any] = {
        "resourceType": stored.rtype,
        "id": stored.rid,
        "meta": {"security": meta.get("security", []), "versionId": stored.version_id},
    }
    for key in ("subject", "patient"):
        ref = stored.resource.get(key)
        if isinstance(ref, dict) and isinstance(ref.get("reference"), str):
            stub[key] = {"reference": ref["reference"]}
    return stub
