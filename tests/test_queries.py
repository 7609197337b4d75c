"""The pane searches as data and their URL shape."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qsl

from sjtui.record.model import Pane
from sjtui.record.queries import (
    OVERVIEW_PANES,
    PaneQuery,
    count_url,
    organisation_query,
    pane_queries,
    query_url,
)


def test_every_shown_pane_has_a_query_and_overview_panes_come_first():
    queries = pane_queries("poul")
    panes = {q.pane for q in queries}
    assert panes == set(Pane) - {Pane.OVERVIEW}
    first_rest = [q.pane in OVERVIEW_PANES for q in queries]
    assert first_rest == sorted(first_rest, reverse=True)
    assert {Pane.BASIC, Pane.CAVE, Pane.MEDICATION, Pane.COURSES, Pane.APPOINTMENTS} <= OVERVIEW_PANES


def test_params_shape():
    queries = pane_queries("poul", page_size=50)
    by_type = {(q.resource_type, q.params.get("category", "")): q for q in queries}
    assert by_type[("Patient", "")].params["_id"] == "poul"
    lab = by_type[("Observation", "laboratory")]
    assert lab.pane == Pane.LABS and lab.params["patient"] == "poul"
    assert lab.params["_sort"] == "-date" and lab.params["_count"] == "50"
    assert by_type[("Observation", "vital-signs")].pane == Pane.HOME
    assert by_type[("DiagnosticReport", "RAD")].pane == Pane.IMAGING
    # Labs asks for every report (LAB, MB, other sections, none); imaging ones go to imaging.
    assert by_type[("DiagnosticReport", "")].pane == Pane.LABS
    assert by_type[("Procedure", "")].pane == Pane.COURSES
    assert by_type[("CarePlan", "")].pane == Pane.COURSES
    assert "_sort" not in by_type[("MedicationStatement", "")].params  # no date parameter
    for q in queries:
        assert q.params.get("_sort", "-date") == "-date"
        assert "_lastUpdated" not in q.params
        if q.resource_type in ("Observation", "DocumentReference", "DiagnosticReport"):
            elements = q.params["_elements"].split(",")
            assert elements[0] == "meta"  # the private mark must never be dropped
            assert elements[1] in ("subject", "patient")  # whose data it is
        else:  # small resources: the element list would cost more upload than it saves
            assert "_elements" not in q.params
    doc = by_type[("DocumentReference", "")].params["_elements"].split(",")
    assert "content" in doc and "custodian" in doc


def test_without_elements_and_with_since():
    since = datetime(2026, 2, 1, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    queries = pane_queries("poul", since=since, use_elements=False)
    assert all("_elements" not in q.params for q in queries)
    assert all(q.params["_lastUpdated"] == "gt2026-02-01T09:00:00Z" for q in queries)  # in UTC
    naive = pane_queries("poul", since=datetime(2026, 2, 1, 9, 0))
    assert naive[0].params["_lastUpdated"] == "gt2026-02-01T09:00:00Z"


def test_query_url_encoding():
    since = datetime(2026, 2, 1, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    (lab,) = [q for q in pane_queries("poul", since=since) if q.params.get("category") == "laboratory"]
    url = query_url(lab)
    # A delta sync's search is lean: no sort, no element list (it usually finds nothing).
    assert url == ("Observation?patient=poul&category=laboratory&_lastUpdated=gt2026-02-01T09:00:00Z&_count=200")
    assert dict(parse_qsl(url.partition("?")[2])) == lab.params
    (full,) = [q for q in pane_queries("poul") if q.params.get("category") == "laboratory"]
    url = query_url(full)
    assert url.startswith("Observation?patient=poul&category=laboratory&_sort=-date&")
    assert "_elements=meta,subject,status," in url and " " not in url
    assert dict(parse_qsl(url.partition("?")[2])) == full.params
    odd = PaneQuery(Pane.NOTES, "DocumentReference", {"patient": "a b&c", "x": "æ"})
    assert query_url(odd) == "DocumentReference?patient=a%20b%26c&x=%C3%A6"
    assert query_url(PaneQuery(Pane.NOTES, "Patient")) == "Patient"


def test_organisation_query():
    assert organisation_query([]) is None
    q = organisation_query(["b", "a", "b", ""])
    assert q is not None and query_url(q) == "Organization?_id=a,b"


def test_report_results_included_only_when_asked():
    plain = {(q.pane, q.resource_type): q for q in pane_queries("poul")}
    assert "_include" not in plain[(Pane.LABS, "DiagnosticReport")].params
    asked = {(q.pane, q.resource_type): q for q in pane_queries("poul", include_report_results=True)}
    labs = asked[(Pane.LABS, "DiagnosticReport")]
    assert labs.params["_include"] == "DiagnosticReport:result"
    assert "_include" not in asked[(Pane.IMAGING, "DiagnosticReport")].params
    assert "_include" not in count_url(labs)  # counting matches, not what comes along


def test_source_includes_are_asked_only_where_declared_and_repeat_the_include_parameter() -> None:
    from sjtui.record.source_includes import SourceIncludes, source_urls

    declared = {"DiagnosticReport": {"DiagnosticReport:performer", "DiagnosticReport:result"}}
    parents = {"Organization": {"Organization:partof"}}

    def includes(table: dict[str, set[str]]) -> SourceIncludes:
        return SourceIncludes(lambda rtype, include: include in table.get(rtype, set()))

    report = PaneQuery(Pane.LABS, "DiagnosticReport", {"patient": "p", "_include": "DiagnosticReport:result"})
    asked = includes({**declared, **parents}).search(report)
    assert query_url(asked) == (
        "DiagnosticReport?patient=p&_include=DiagnosticReport:result"
        "&_include=DiagnosticReport:performer:Organization&_include:iterate=Organization:partof"
    )
    assert count_url(asked) == "DiagnosticReport?patient=p&_summary=count"  # includes are no filters
    assert includes(declared).search(report).also == (("_include", "DiagnosticReport:performer:Organization"),)
    assert includes({}).search(report) == report  # nothing declared: the plain search
    notes = PaneQuery(Pane.NOTES, "DocumentReference", {"patient": "p"})
    assert includes({**declared, **parents}).search(notes) == notes  # not declared for this type
    known: set[str] = set()
    resource = {"resourceType": "Encounter", "serviceProvider": {"reference": "Organization/a"}}
    assert source_urls([resource], known, includes(parents)) == [
        "Organization?_id=a&_include:iterate=Organization:partof"
    ]
    assert source_urls([resource], set()) == ["Organization?_id=a"]
