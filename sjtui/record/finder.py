"""Finding a citizen: by CPR (with or without the dash) or by name. No record data, so no
consent is needed yet. Offline, a CPR is looked up in the encrypted cache.

While the clinician reads the consent window the server's capabilities are learned in the
same round trip as the search, so the opening starts straight with the overview batch.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

from sjtui.access.grant import Clinician
from sjtui.audit.entry import AuditEntry
from sjtui.cpr import CPR_SYSTEM, looks_like_cpr, normalise_cpr
from sjtui.fhir.client import FhirClient
from sjtui.fhir.errors import FhirError, FhirOfflineError, FhirTimeoutError
from sjtui.record.cache_glue import CacheGlue
from sjtui.record.entries import CitizenSummary
from sjtui.record.errors import OfflineError, ServerError
from sjtui.record.mapping import citizen_summary

NAME_SEARCH_LIMIT = 20


class CitizenFinder:
    def __init__(self, client: FhirClient, cache: CacheGlue, set_online: Callable[[bool], None]) -> None:
        self._client = client
        self._cache = cache
        self._set_online = set_online

    async def find(self, query: str) -> list[CitizenSummary]:
        """Raises `sjtui.cpr.InvalidCpr` for a CPR-shaped but invalid number."""
        query = query.strip()
        if not query:
            return []
        if query_kind(query) == "cpr":
            return await self._by_cpr(normalise_cpr(query))
        return await self._by_name(query)

    async def _prefetch_capabilities(self) -> None:
        try:
            await self._client.capabilities()
        except FhirError:
            pass  # the opening tries again

    async def _search(self, params: dict[str, str]) -> list[dict]:
        try:
            result, _ = await asyncio.gather(
                self._client.search("Patient", params, max_pages=1), self._prefetch_capabilities()
            )
        except (FhirOfflineError, FhirTimeoutError):
            self._set_online(False)
            raise
        except FhirError as exc:
            raise ServerError("the server could not search", detail=exc.message) from exc
        self._set_online(True)
        return result.resources

    async def _by_cpr(self, cpr: str) -> list[CitizenSummary]:
        try:
            resources = await self._search({"identifier": f"{CPR_SYSTEM}|{cpr}"})
        except (FhirOfflineError, FhirTimeoutError) as exc:
            patient = self._cache.lookup_patient(cpr)
            summary = citizen_summary(patient) if patient else None
            if summary is not None:
                return [summary]
            raise OfflineError("the server cannot be reached", detail=exc.message) from exc
        return _summaries(resources)

    async def _by_name(self, query: str) -> list[CitizenSummary]:
        words = query.split()
        try:
            resources = await self._search({"name": words[0], "_count": str(NAME_SEARCH_LIMIT)})
        except (FhirOfflineError, FhirTimeoutError) as exc:
            raise OfflineError("the server cannot be reached", detail=exc.message) from exc
        rest = [w.casefold() for w in words[1:]]
        return [h for h in _summaries(resources) if all(w in h.name.casefold() for w in rest)]


def query_kind(query: str) -> str:
    """ "cpr" for a CPR-shaped query (with or without the dash), else "name"."""
    query = query.strip()
    return "cpr" if looks_like_cpr(query) or query.replace("-", "").isdigit() else "name"


def _summaries(resources: list[dict]) -> list[CitizenSummary]:
    found = [citizen_summary(r) for r in resources if r.get("resourceType") == "Patient"]
    return [s for s in found if s is not None]


def search_entry(clinician: Clinician, query: str, hits: list[CitizenSummary], *, at: datetime, via: str) -> AuditEntry:
    """The audit entry of a look-up: what was asked, how, and whom it found."""
    kind = query_kind(query)
    one = hits[0] if len(hits) == 1 else None
    return AuditEntry.search(
        clinician,
        query.strip(),
        at=at,
        query_kind=kind,
        via=via,
        patient_id=one.patient_id if one is not None and kind == "cpr" else "",
        cpr=normalise_cpr(query) if kind == "cpr" else "",
        found=tuple(h.patient_id for h in hits),
    )
