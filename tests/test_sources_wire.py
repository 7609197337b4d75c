"""The sources of a first opening (Organizations, their parents, services, places) come with
the second step's searches where the server declares `_include`; where it does not, or
ignores it, the follow-up look-ups by `_id` still bring every one. Over the wire against the
demo server (no timings)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from sjtui.backend import Services
from sjtui.demo.app import create_app

from record_servers import DEMO_CITIZENS, open_demo

_SOURCE_REF = re.compile(r"^(Organization|HealthcareService|Location)/([A-Za-z0-9\-.]+)$")


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SJTUI_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def app() -> Iterator[Any]:
    yield create_app()


class Seen:
    """What the server was asked: each HTTP request, and each search (batch entries too)."""

    def __init__(self, app: Any, *, ignore_includes: bool = False) -> None:
        self.requests: list[str] = []
        self.searches: list[str] = []
        handler = app.state.handler
        inner = handler.handle

        def handle(req, *, in_batch: bool = False):
            line = f"{req.method} /{req.path}"
            if ignore_includes:  # a server that takes `_include` and leaves it out
                req.query = [(k, v) for k, v in req.query if not k.startswith("_include")]
            if in_batch or req.method == "GET":
                self.searches.append(line + "?" + "&".join(f"{k}={v}" for k, v in req.query))
            if not in_batch:
                self.requests.append(line)
            return inner(req, in_batch=in_batch)

        handler.handle = handle


def without_includes(app: Any) -> None:
    """The demo server as one that declares no `searchInclude`."""
    for rest in app.state.handler._capability["rest"]:
        for resource in rest["resource"]:
            resource.pop("searchInclude", None)


def _missing_sources(services: Services) -> set[str]:
    """Sources some resource of the opening names that the opening does not hold."""
    opening = services.service._opening
    assert opening is not None
    held = set(opening.resources)
    named: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            ref = value.get("reference")
            if isinstance(ref, str) and _SOURCE_REF.match(ref):
                named.add(ref)
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    for resource in opening.resources.values():
        walk(resource)
    return named - held


@pytest.mark.parametrize("name", sorted(DEMO_CITIZENS))
async def test_a_first_opening_brings_every_source_in_two_requests_when_includes_are_declared(app, name) -> None:
    seen = Seen(app)
    before = len(seen.requests)
    records, services = await open_demo(app, DEMO_CITIZENS[name])
    opening_requests = [r for r in seen.requests[before:] if r == "POST /"]
    # The overview's batch and the rest's batch: no look-up of sources after them.
    assert len(opening_requests) == 2, seen.requests
    assert not _missing_sources(services)
    assert records[-1].labs.complete and records[-1].notes.complete and records[-1].vaccinations.complete
    second = [s for s in seen.searches if "_include" in s]
    assert second and any("_include:iterate=Organization:partof" in s for s in second)
    # The overview's batch asks no sources (it stays as small as the overview needs).
    first_batch = seen.searches[: seen.searches.index(next(s for s in seen.searches if "_count=1000" in s))]
    assert not any("_include=" in s and ":Organization" in s for s in first_batch)


async def test_without_declared_includes_the_sources_are_looked_up_after_the_step(app) -> None:
    without_includes(app)
    seen = Seen(app)
    records, services = await open_demo(app)
    assert not any("_include" in s for s in seen.searches)
    lookups = [s for s in seen.searches if s.startswith("GET /Organization?_id=")]
    assert lookups  # the follow-up look-up, as before
    assert seen.requests.count("POST /") >= 3
    assert not _missing_sources(services)
    assert records[-1].labs.complete


async def test_a_server_that_ignores_the_includes_costs_the_follow_up_look_ups_and_misses_nothing(app) -> None:
    seen = Seen(app, ignore_includes=True)
    records, services = await open_demo(app)
    assert seen.requests.count("POST /") >= 3  # the look-ups of what the includes did not bring
    assert not _missing_sources(services)
    assert records[-1].vaccinations.complete and records[-1].labs.complete


async def test_included_resources_are_sources_never_pane_entries(app) -> None:
    records, _ = await open_demo(app)
    last = records[-1]
    # The Organizations that came as includes label the entries; no pane lists them.
    for pane in (last.notes, last.labs, last.vaccinations, last.imaging, last.registrations):
        assert all("Organization/" not in getattr(item, "resource_key", "") for item in pane.items)
    assert any(item.source.label() for item in last.vaccinations.items)


async def test_a_foreign_citizens_resource_sent_as_an_include_is_not_shown(app) -> None:
    """A server that includes another citizen's Observation in an answer: not Poul's data."""
    handler = app.state.handler
    inner = handler.handle

    def handle(req, *, in_batch: bool = False):
        result = inner(req, in_batch=in_batch)
        if req.path == "Immunization" and isinstance(result.body, dict):
            lars = handler.store.for_patient("Observation", "lars")[0]
            entry = {"fullUrl": "http://demo/x", "resource": lars.resource, "search": {"mode": "include"}}
            result.body["entry"] = [*result.body.get("entry", []), entry]
        return result

    handler.handle = handle
    records, _ = await open_demo(app)
    last = records[-1]
    shown = {item.resource_key for item in (*last.labs.items, *last.home.items)}
    assert not any(key.startswith("Observation/lars") for key in shown)
    assert last.vaccinations.items


async def test_the_demo_answers_include_and_iterate_as_it_declares(app) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://demo") as http:
        statement = (await http.get("/metadata")).json()
        declared = {r["type"]: r.get("searchInclude", []) for r in statement["rest"][0]["resource"]}
        assert "Organization:partof" in declared["Organization"]
        assert "Immunization:performer" in declared["Immunization"]
        r = await http.get(
            "/Immunization",
            params=[
                ("patient", "poul"),
                ("_include", "Immunization:performer:Organization"),
                ("_include:iterate", "Organization:partof"),
            ],
        )
        assert r.status_code == 200
        bundle = r.json()
        modes = {
            e["resource"]["resourceType"] + "/" + e["resource"]["id"]: e["search"]["mode"] for e in bundle["entry"]
        }
        included = {k for k, m in modes.items() if m == "include"}
        assert included and all(k.startswith("Organization/") for k in included)
        assert "Organization/sle" in included  # the parent of the vaccinating department
        assert bundle["total"] == sum(1 for m in modes.values() if m == "match")
        assert "_include" in bundle["link"][0]["url"]
        bad = await http.get("/Immunization", params={"patient": "poul", "_include": "Observation:performer"})
        assert bad.status_code == 400
