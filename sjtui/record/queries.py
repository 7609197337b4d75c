"""The FHIR searches each pane needs, in one place, as data.

Each `PaneQuery` is one search (resource type + parameters) whose results fill one pane. The
fetch engine sends them as entries of a batch Bundle (or as parallel GETs) using `query_url`.

Choices:
- `patient=<id>` on every clinical search; the Patient itself by `_id`.
- `_sort=-date` only where the type has a `date` search parameter (never `-_lastUpdated`);
  the mapping sorts anyway, the server sort just makes the first page the newest one.
- `_elements` lists exactly the elements the mapping reads, and ALWAYS `meta`: servers may
  drop non-mandatory elements, and `meta.security` carries the private mark; losing it would
  show private-marked data. `_elements=` is left out with `use_elements=False`.
- `since` adds `_lastUpdated=gt<iso>` (delta sync) and leaves out `_sort` and `_elements`:
  a reopen usually finds nothing changed, so the request itself is most of its cost.
- Sources (Organizations): the first step's searches do not `_include` them (the overview's
  batch stays small); the second step asks the sources the first named by `_id`, and its own
  searches `_include` their entries' Organizations with their parents where the server
  declares it (`source_includes.py`). What is still missing is asked by `_id` after the step,
  then once more for parents (`partOf`). Organizations are few, cacheable and rarely change:
  on later openings (delta syncs, no includes) this costs no round trip.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import quote, urlencode

from sjtui.record.model import Pane


@dataclass(frozen=True)
class PaneQuery:
    pane: Pane
    resource_type: str
    params: dict[str, str] = field(default_factory=dict)
    # Further parameters that may repeat a name (`_include`), after `params` in the URL; never
    # filters (a count or an id listing of the search leaves them out).
    also: tuple[tuple[str, str], ...] = ()


# Panes the overview needs; fetched in the first round trip.
OVERVIEW_PANES: frozenset[Pane] = frozenset(
    {
        Pane.BASIC,
        Pane.CAVE,
        Pane.MEDICATION,
        Pane.COURSES,
        Pane.APPOINTMENTS,
        Pane.LABS,
        Pane.HOME,
    }
)

# Elements the mapping reads, per resource type (id and meta are always added).
ELEMENTS: dict[str, tuple[str, ...]] = {
    "Patient": (
        "identifier",
        "name",
        "birthDate",
        "gender",
        "address",
        "telecom",
        "communication",
        "generalPractitioner",
        "contact",
        "deceased",
    ),
    "RelatedPerson": ("patient", "name", "relationship", "telecom"),
    "AllergyIntolerance": (
        "patient",
        "code",
        "criticality",
        "clinicalStatus",
        "verificationStatus",
        "reaction",
        "recordedDate",
        "onset",
        "recorder",
        "asserter",
        "encounter",
    ),
    "Flag": ("subject", "status", "code", "category", "period", "author", "encounter"),
    "DocumentReference": (
        "subject",
        "status",
        "type",
        "date",
        "author",
        "custodian",
        "context",
        "description",
        "content",
    ),
    "Observation": (
        "subject",
        "status",
        "category",
        "code",
        "effective",
        "issued",
        "value",
        "dataAbsentReason",
        "interpretation",
        "referenceRange",
        "hasMember",
        "component",
        "performer",
        "encounter",
        "device",
    ),
    "DiagnosticReport": (
        "subject",
        "status",
        "category",
        "code",
        "effective",
        "issued",
        "performer",
        "resultsInterpreter",
        "result",
        "conclusion",
        "presentedForm",
        "encounter",
    ),
    "MedicationStatement": (
        "subject",
        "status",
        "medication",
        "effective",
        "dateAsserted",
        "dosage",
        "reasonCode",
        "informationSource",
        "context",
        # the change history (sjtui.record.medication_history): versions, why, who
        "statusReason",
        "partOf",
        "basedOn",
        "note",
    ),
    "MedicationRequest": (
        "subject",
        "status",
        "medication",
        "authoredOn",
        "dosageInstruction",
        "dispenseRequest",
        "reasonCode",
        "requester",
        "encounter",
        "statusReason",
        "priorPrescription",
        "note",
    ),
    "Immunization": (
        "patient",
        "status",
        "vaccineCode",
        "occurrence",
        "recorded",
        "protocolApplied",
        "performer",
        "encounter",
    ),
    "Appointment": (
        "status",
        "start",
        "end",
        "description",
        "serviceType",
        "appointmentType",
        "reasonCode",
        "participant",
    ),
    "Encounter": (
        "subject",
        "status",
        "class",
        "type",
        "serviceType",
        "period",
        "serviceProvider",
        "reasonCode",
        "diagnosis",
        "episodeOfCare",
    ),
    "EpisodeOfCare": ("patient", "status", "type", "period", "managingOrganization", "diagnosis"),
    "Condition": ("subject", "code", "encounter", "clinicalStatus"),
    "Procedure": (
        "subject",
        "status",
        "code",
        "performed",
        "performer",
        "location",
        "reasonCode",
        "reasonReference",
        "encounter",
    ),
    "CarePlan": (
        "subject",
        "status",
        "intent",
        "title",
        "category",
        "description",
        "period",
        "author",
        "contributor",
        "addresses",
        "encounter",
    ),
    "Consent": ("patient", "status", "scope", "category", "dateTime", "organization", "performer", "provision"),
    "AuditEvent": ("type", "subtype", "action", "recorded", "agent", "source", "entity", "purposeOfEvent"),
}

# `_elements` only where it saves more than it costs: these lists are long and their
# resources carry large parts no list shows (attachment data, narrative, presentedForm).
# For the small types the element list itself would cost more upload than it saves download.
ELEMENTS_WORTH_IT: frozenset[str] = frozenset({"Observation", "DocumentReference", "DiagnosticReport"})

# (pane, resource type, extra params, sorts by date)
_SEARCHES: tuple[tuple[Pane, str, dict[str, str], bool], ...] = (
    (Pane.BASIC, "Patient", {}, False),
    (Pane.BASIC, "RelatedPerson", {}, False),
    # The basic card's living will and organ donor registrations: its own list, so that a
    # server without Consent leaves them "not known" and the relatives known.
    (Pane.REGISTRATIONS, "Consent", {}, True),
    (Pane.CAVE, "AllergyIntolerance", {}, True),
    (Pane.CAVE, "Flag", {}, True),
    (Pane.MEDICATION, "MedicationStatement", {}, False),
    (Pane.MEDICATION, "MedicationRequest", {}, False),
    (Pane.COURSES, "Encounter", {}, True),
    (Pane.COURSES, "EpisodeOfCare", {}, True),
    (Pane.COURSES, "Condition", {}, False),
    (Pane.COURSES, "Procedure", {}, True),
    (Pane.COURSES, "CarePlan", {}, True),
    (Pane.APPOINTMENTS, "Appointment", {}, True),
    (Pane.LABS, "Observation", {"category": "laboratory"}, True),
    # Every report, not only microbiology: other systems file lab reports under `LAB` or a
    # section of HL7 v2 table 0074 (HM, CH, ...) or with no category at all, and a search
    # cannot ask for "no category" portably. The mapping sends imaging categories to imaging.
    (Pane.LABS, "DiagnosticReport", {}, True),
    (Pane.HOME, "Observation", {"category": "vital-signs"}, True),
    (Pane.NOTES, "DocumentReference", {}, True),
    (Pane.IMAGING, "DiagnosticReport", {"category": "RAD"}, True),
    (Pane.VACCINATIONS, "Immunization", {}, True),
    (Pane.ACCESS_LOG, "AuditEvent", {}, True),
)


def _iso(moment: datetime) -> str:
    """An instant in UTC, `Z`-suffixed: shorter than an offset, which a URL also escapes."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def elements_param(resource_type: str) -> str:
    return ",".join(("meta", *ELEMENTS.get(resource_type, ())))


#: Asked with the labs pane's reports when the server declares it: other systems' lab results
#: often carry no category, so the `category=laboratory` search does not find them.
REPORT_RESULTS = "DiagnosticReport:result"


def pane_queries(
    patient_id: str,
    *,
    since: datetime | None = None,
    use_elements: bool = True,
    page_size: int = 200,
    include_report_results: bool = False,
) -> list[PaneQuery]:
    """Every search for one citizen's record, overview panes first. `include_report_results`
    adds `_include=DiagnosticReport:result` to the labs pane's report search."""
    queries: list[PaneQuery] = []
    for pane, rtype, extra, sorts in _SEARCHES:
        params: dict[str, str] = {"_id": patient_id} if rtype == "Patient" else {"patient": patient_id}
        params.update(extra)
        # A delta sync asks for few resources (usually none): no sort, no element list, as
        # every byte of the request (and of the server's echo of it) is paid each reopen.
        if sorts and since is None:
            params["_sort"] = "-date"
        if since is not None:
            params["_lastUpdated"] = "gt" + _iso(since)
        if use_elements and rtype in ELEMENTS_WORTH_IT and since is None:
            params["_elements"] = elements_param(rtype)
        if include_report_results and pane == Pane.LABS and rtype == "DiagnosticReport":
            params["_include"] = REPORT_RESULTS
        params["_count"] = str(page_size)
        queries.append(PaneQuery(pane, rtype, params))
    queries.sort(key=lambda q: q.pane not in OVERVIEW_PANES)
    return queries


def query_url(q: PaneQuery) -> str:
    """The relative URL of a search, e.g. for a batch entry: `Observation?patient=x&...`.

    Values are percent-encoded (a "+" in a time zone offset becomes %2B); commas, colons and
    the token bar stay readable, as FHIR servers expect them literally.
    """
    if not q.params and not q.also:
        return q.resource_type
    return q.resource_type + "?" + urlencode([*q.params.items(), *q.also], quote_via=quote, safe=",:|")


def organisation_query(ids: Iterable[str]) -> PaneQuery | None:
    """One search for the given Organization ids (sorted, deduplicated), None when empty.

    Parents of departments (`partOf`) are found by a second call with the missing ids.
    """
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return None
    return PaneQuery(Pane.OVERVIEW, "Organization", {"_id": ",".join(wanted)})


# --- deletions on the server (delta sync) ---------------------------------------------------
# `_lastUpdated=gt` shows what changed, never what was deleted. So a delta sync also asks, in
# the same batch, how many resources each search matches now (`_summary=count`: a few bytes);
# only where the server has fewer than the cache knows does it list the ids that remain
# (`_elements=id`) and forget the others.
_FILTERS_ONLY = ("_lastUpdated", "_elements", "_sort", "_count", "_summary", "_include", "_include:iterate")


def _filters(q: PaneQuery) -> dict[str, str]:
    return {k: v for k, v in q.params.items() if k not in _FILTERS_ONLY}


def covers(wider: PaneQuery, narrower: PaneQuery) -> bool:
    """Does `wider` find everything `narrower` finds (same type, fewer filters)? The labs
    pane's search for every report covers the imaging pane's `category=RAD` one."""
    if wider is narrower or wider.resource_type != narrower.resource_type:
        return False
    mine, theirs = _filters(wider).items(), _filters(narrower).items()
    return mine < theirs


def covering(queries: list[PaneQuery]) -> list[tuple[PaneQuery, PaneQuery]]:
    """(narrower, wider) for every search another one of `queries` covers."""
    out = []
    for q in queries:
        wider = next((w for w in queries if covers(w, q)), None)
        if wider is not None:
            out.append((q, wider))
    return out


def count_url(q: PaneQuery) -> str:
    """The search's filters only, asking for the number of matches: `Flag?patient=x&_summary=count`."""
    return query_url(PaneQuery(q.pane, q.resource_type, {**_filters(q), "_summary": "count"}))


def census_query(q: PaneQuery, page_size: int) -> PaneQuery:
    """Every match of the search, ids only (the least a server sends per resource)."""
    return PaneQuery(q.pane, q.resource_type, {**_filters(q), "_elements": "id", "_count": str(page_size)})


def matches(resource: object, q: PaneQuery) -> bool:
    """Would this (cached) resource of the citizen be found by the search? The same test the
    server applies for the parameters our searches use (type, `category`)."""
    if not isinstance(resource, dict) or resource.get("resourceType") != q.resource_type:
        return False
    wanted = q.params.get("category")
    if wanted is None:
        return True
    for category in resource.get("category") or ():
        codings = category.get("coding") if isinstance(category, dict) else None
        for coding in codings if isinstance(codings, list) else ():
            if isinstance(coding, dict) and coding.get("code") == wanted:
                return True
    return False
