"""The large synthetic citizen (issue 14, scale: 20,000 Observations, 2,000 notes, 500
MedicationStatements) is opened whole: every observation ends up known, with or without
`Observation/$lastn` (without it the overview asks 100 entries a page and the `next` links
keep that size, so a bound on pages cut the lab list at 5,100)."""

from __future__ import annotations

import pytest

from sjtui.config import Settings
from sjtui.crypto.key import UnlockedKey
from sjtui.demo import create_app
from sjtui.demo.synthetic.generator import generate_large_record
from sjtui.record.pane_data import ListState

from faulty_demo import without_lastn
from record_servers import find_one, open_all, services_for

pytestmark = pytest.mark.slow


def _of_type(bundle: dict, rtype: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == rtype]


async def test_every_observation_of_the_large_citizen_is_known_from_plain_searches() -> None:
    # The path that was cut: no `$lastn`, so labs and home start with the overview's pages of
    # 100 (with `$lastn` their full lists ask 1,000 a page; the bench opens that way).
    large = generate_large_record(seed=1, medications=500)  # built here, not when collected
    cpr = next(ident["value"] for p in _of_type(large, "Patient") for ident in p.get("identifier", []))
    observations = {f"Observation/{o['id']}" for o in _of_type(large, "Observation")}
    app = create_app(bundles=[large])
    without_lastn(app)
    services = services_for(app, UnlockedKey.ephemeral(), Settings(), use_cache=False)
    citizen = await find_one(services.service, cpr)
    final = (await open_all(services.service, citizen))[-1]
    await services.service.aclose()

    assert len(observations) == 20_000
    known = {i.resource_key for i in final.labs.items} | {i.resource_key for i in final.home.items}
    assert known >= observations
    for pane in (final.labs, final.home, final.notes, final.medication):
        assert pane.state is ListState.KNOWN and not pane.gaps, pane.why_unknown()
    assert len({i.resource_key for i in final.notes.items}) == 2_000
    assert len({i.resource_key for i in final.medication.items}) == 500
