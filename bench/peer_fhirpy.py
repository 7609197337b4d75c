"""The peer: the same record fetched with `fhirpy`, tuned as its documentation suggests, and
with its defaults for comparison.

fhirpy (beda-software/fhir-py, 2.3.1) is the popular Python FHIR client. Its README shows
`client.resources("Observation").search(patient=...).limit(n)` and `fetch_all()` (which follows
the server's `next` links), and `asyncio.gather` for concurrency. Two ways of using it:

- **tuned** (`page_size=1000`): `.limit()` set to the server's maximum page size (the demo
  server declares `_count` up to 1,000 in its CapabilityStatement), all searches concurrent
  with `asyncio.gather`. fhirpy 2.3.1 offers no shared session: `AsyncFHIRClient._do_request`
  opens a new `aiohttp.ClientSession` (so a new TCP connection) for every request, and its
  `aiohttp_config` is passed to `session.request`, not to the session, so no connector can be
  shared. That is the documented way; we do not patch fhirpy.
- **default** (`page_size=None`): no `.limit()`, so the server's default page size (50).

Either way it asks for gzip/deflate(/br) as aiohttp does. The Organizations the entries refer
to are then fetched in one `_id` search (kinder to the peer than most code would be).

"Overview available" for the peer = every search of a resource type the overview draws on has
completed, all pages (the Organizations are not waited for: generous to the peer). "Settled" =
the whole record, Organizations included.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field
from typing import Any

from fhirpy import AsyncFHIRClient

CPR_SYSTEM = "urn:oid:1.2.208.176.1.2"

# Resource types a citizen's record needs (DESIGN.md §4) and how fhirpy searches them.
RECORD_TYPES: dict[str, str] = {
    "Patient": "_id",
    "RelatedPerson": "patient",
    "AllergyIntolerance": "patient",
    "Flag": "patient",
    "MedicationStatement": "patient",
    "MedicationRequest": "patient",
    "Encounter": "patient",
    "EpisodeOfCare": "patient",
    "Condition": "patient",
    "DocumentReference": "patient",
    "Observation": "patient",
    "DiagnosticReport": "patient",
    "Immunization": "patient",
    "Appointment": "patient",
    "AuditEvent": "patient",
}


def overview_types() -> frozenset[str]:
    """The resource types our client fetches for the overview step (the same data for both).

    Taken from `sjtui.record.queries` so the comparison follows the engine; the fallback is
    what DESIGN.md §4 says the overview shows.
    """
    try:
        from sjtui.record.queries import OVERVIEW_PANES, pane_queries
    except ImportError:
        return frozenset(
            {"Patient", "AllergyIntolerance", "Flag", "MedicationStatement", "Encounter", "Appointment", "Observation"}
        )
    return frozenset(q.resource_type for q in pane_queries("x") if q.pane in OVERVIEW_PANES)


_ORG_REF = re.compile(r"(?:^|/)Organization/([A-Za-z0-9\-.]{1,64})$")


class CountingFHIRClient(AsyncFHIRClient):
    """fhirpy's client, unchanged except that it counts the HTTP requests it makes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.requests = 0

    async def _do_request(self, *args: Any, **kwargs: Any) -> Any:
        self.requests += 1
        return await super()._do_request(*args, **kwargs)


@dataclass
class PeerResult:
    t_overview: float  # seconds from start to all overview types fetched
    t_all: float  # seconds to everything (incl. referenced Organizations)
    requests: int
    resources: int
    per_type: dict[str, tuple[float, int]] = field(default_factory=dict)  # type -> (t, count)


async def find_patient_id(client: AsyncFHIRClient, cpr: str) -> str:
    """The CPR search a clinician does before the consent window (not timed)."""
    patient = await client.resources("Patient").search(identifier=f"{CPR_SYSTEM}|{cpr}").first()
    if patient is None:
        raise LookupError("no patient with that CPR")
    return str(patient["id"])


async def fetch_record(
    client: CountingFHIRClient,
    patient_id: str,
    *,
    types: dict[str, str] | None = None,
    overview: frozenset[str] | None = None,
    page_size: int | None = None,
) -> PeerResult:
    types = types or RECORD_TYPES
    overview = overview if overview is not None else overview_types()
    start = time.perf_counter()
    per_type: dict[str, tuple[float, int]] = {}
    resources: list[dict[str, Any]] = []
    requests_before = client.requests

    async def one(rtype: str, param: str) -> None:
        search = client.resources(rtype).search(**{param: patient_id})
        if page_size:
            search = search.limit(page_size)
        found = await search.fetch_all()
        per_type[rtype] = (time.perf_counter() - start, len(found))
        resources.extend(dict(r) for r in found)

    await asyncio.gather(*(one(t, p) for t, p in types.items()))
    t_overview = max((per_type[t][0] for t in overview if t in per_type), default=0.0)

    org_ids = sorted({m.group(1) for r in resources for ref in _refs(r) if (m := _ORG_REF.search(ref))})
    if org_ids:
        search = client.resources("Organization").search(_id=",".join(org_ids))
        if page_size:
            search = search.limit(page_size)
        orgs = await search.fetch_all()
        per_type["Organization"] = (time.perf_counter() - start, len(orgs))
        resources.extend(dict(o) for o in orgs)
    t_all = time.perf_counter() - start
    return PeerResult(
        t_overview=t_overview,
        t_all=t_all,
        requests=client.requests - requests_before,
        resources=len(resources),
        per_type=per_type,
    )


def _refs(value: Any, depth: int = 0):
    if depth > 8:
        return
    if isinstance(value, dict):
        ref = value.get("reference")
        if isinstance(ref, str):
            yield ref
        for child in value.values():
            if isinstance(child, (dict, list)):
                yield from _refs(child, depth + 1)
    elif isinstance(value, list):
        for child in value:
            yield from _refs(child, depth + 1)


TUNED_PAGE_SIZE = 1000  # the demo server's maximum `_count` (its CapabilityStatement says so)


async def run_peer(base_url: str, cpr: str, page_size: int | None = TUNED_PAGE_SIZE) -> PeerResult:
    client = CountingFHIRClient(base_url)
    patient_id = await find_patient_id(client, cpr)
    return await fetch_record(client, patient_id, page_size=page_size)


if __name__ == "__main__":  # quick manual check: python bench/peer_fhirpy.py URL CPR
    import sys

    result = asyncio.run(run_peer(sys.argv[1], sys.argv[2]))
    print(
        f"overview {result.t_overview:.2f} s, all {result.t_all:.2f} s, "
        f"{result.requests} requests, {result.resources} resources"
    )
    for rtype, (t, n) in sorted(result.per_type.items(), key=lambda kv: kv[1][0]):
        print(f"  {rtype:22s} {t:6.2f} s  {n:5d}")
