"""Never "none" when the answer is "not known" (issue #10): every pane is not known (with
why) when its search failed, answered with something other than a searchset, or returned
unreadable entries; a parameter the server rejects is left out and remembered."""

from __future__ import annotations

import dataclasses

import pytest

from sjtui.audit.journal import AuditJournal
from sjtui.crypto.key import UnlockedKey
from sjtui.demo.app import create_app
from sjtui.demo.reject_params import RejectParams, outcome
from sjtui.fhir.capability_memory import RejectedParamsMemory
from sjtui.fhir.client import FhirClient
from sjtui.i18n import set_language
from sjtui.record.model import ListState, Pane, Record
from sjtui.record.overview import build_overview
from sjtui.record.service import RecordService
from sjtui.ui.panes.overview import _left, _right
from sjtui.ui.widgets.banner import cave_text

from record_servers import (
    PANE_SEARCHES,
    client_for,
    find_one,
    open_all,
    search_of,
    services_for,
)


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SJTUI_HOME", str(tmp_path))
    set_language("da")
    yield tmp_path
    set_language("da")


QUIRKS = {
    # a batch entry that failed (a server error for this one search)
    "failed": lambda entry: {"response": {"status": "500 Internal Server Error"}, "resource": outcome("boom")},
    # an OperationOutcome where the searchset belongs, with a 200
    "outcome": lambda entry: {"response": {"status": "200 OK"}, "resource": outcome("odd")},
    # a searchset whose `entry` is not a list
    "entry-not-list": lambda entry: {
        "response": {"status": "200 OK"},
        "resource": {"resourceType": "Bundle", "type": "searchset", "entry": {"resource": {"resourceType": "Flag"}}},
    },
    # a searchset with an entry that is not a resource
    "junk-entry": lambda entry: {
        **entry,
        "resource": {**entry["resource"], "entry": [*(entry["resource"].get("entry") or []), 5]},
    },
}
EXPECTED_REASON = {
    "failed": "failed",
    "outcome": "not-searchset",
    "entry-not-list": "not-searchset",
    "junk-entry": "entries",
}


@pytest.mark.parametrize("quirk", sorted(QUIRKS))
@pytest.mark.parametrize("pane", sorted(PANE_SEARCHES))
async def test_every_pane_is_not_known_when_its_search_misbehaves(pane: str, quirk: str) -> None:
    def hook(url: str, entry: dict) -> dict:
        return QUIRKS[quirk](entry) if search_of(url, pane) else entry

    services = services_for(RejectParams(create_app(), [], entry_hook=hook), UnlockedKey.ephemeral(), use_cache=False)
    poul = await find_one(services.service)
    final = (await open_all(services.service, poul))[-1]
    data = getattr(final, pane)
    assert data.state is ListState.UNKNOWN and not data.known_empty
    assert EXPECTED_REASON[quirk] in data.why_unknown()
    # Panes that share the search: labs and home (Observations), imaging and labs (every report).
    sharing = {"labs": {"home"}, "home": {"labs"}, "imaging": {"labs"}}.get(pane, set())
    others = [p for p in PANE_SEARCHES if p != pane and p not in sharing]
    assert all(getattr(final, p).state is not ListState.UNKNOWN for p in others if p != "basic")


@pytest.mark.parametrize("quirk", ["failed", "outcome", "entry-not-list"])
async def test_cave_banner_and_overview_say_not_known_never_none(quirk: str) -> None:
    """The finding: "CAVE: Ingen kendte CAVE" for a citizen whose allergy search failed."""

    def hook(url: str, entry: dict) -> dict:
        hit = any(search_of(url, p) for p in ("cave", "medication", "home", "labs", "appointments", "courses"))
        hit = hit or url.startswith("Observation/$lastn?")  # the overview's newest values too
        return QUIRKS[quirk](entry) if hit else entry

    services = services_for(RejectParams(create_app(), [], entry_hook=hook), UnlockedKey.ephemeral(), use_cache=False)
    poul = await find_one(services.service)
    final = (await open_all(services.service, poul))[-1]
    banner = cave_text(final.cave).plain
    # The Flag search still answered: its warning is shown, and CAVE is "not fully known".
    assert "Ikke fuldt kendt: " in banner and "Ingen kendte CAVE" not in banner
    assert "Theophyllin" not in banner
    ov = build_overview(final, today=final.as_of.date())
    text = _left(ov, final).plain + "\n" + _right(ov, final).plain
    assert "Ingen." not in text and "Ingen kendte CAVE" not in text
    # CAVE, medication, admission, appointments, labs, home: each says so in words (Poul's
    # medication is "not fully known": his prescriptions' search still answered)
    assert text.count("kendt: ") >= 6 and text.count("Ikke kendt: ") >= 4


@pytest.mark.parametrize("batch", [True, False], ids=["batch", "parallel-gets"])
@pytest.mark.parametrize("rejected", ["_sort", "_elements", "_lastUpdated=gt"])
async def test_a_rejected_parameter_is_left_out_and_remembered(home, monkeypatch, batch: bool, rejected: str) -> None:
    """Against a server that rejects `_sort` the allergy is still shown, the list is known;
    the next start (same server) does not send the parameter at all."""
    if not batch:  # a server whose batch cannot search (Google Cloud Healthcare)
        original = FhirClient.capabilities

        async def no_batch_search(self, *args, **kwargs):
            return dataclasses.replace(await original(self, *args, **kwargs), batch_search_supported=False)

        monkeypatch.setattr(FhirClient, "capabilities", no_batch_search)
    server = RejectParams(create_app(), [rejected])
    key = UnlockedKey.ephemeral()
    memory = RejectedParamsMemory(home / "mem")

    async def opening() -> Record:
        service = RecordService(
            client_for(server), journal=AuditJournal(None, key.sealer), rejected_memory=memory
        )  # as the backend wires a real server
        poul = await find_one(service)
        return (await open_all(service, poul))[-1]

    final = await opening()
    if rejected == "_lastUpdated=gt":  # only delta syncs send it: nothing to reject here
        assert not server.rejected
    else:
        assert server.rejected
    assert [c.title for c in final.cave.items if c.kind == "allergy"] == ["Theophyllin"]
    assert final.cave.complete and final.notes.complete and final.labs.complete
    before = len(server.rejected)
    again = await opening()
    assert len(server.rejected) == before  # remembered: not sent again
    assert again.cave.complete


def test_rejected_params_memory_is_owner_only_and_survives(tmp_path) -> None:
    memory = RejectedParamsMemory(tmp_path / "m")
    memory.save("https://fhir.example", {"Observation": {"_sort"}})
    files = list((tmp_path / "m").iterdir())
    assert len(files) == 1 and files[0].stat().st_mode & 0o077 == 0
    assert RejectedParamsMemory(tmp_path / "m").load("https://fhir.example") == {"Observation": {"_sort"}}
    assert RejectedParamsMemory(tmp_path / "m").load("https://other.example") == {}


def test_pane_state_rule() -> None:
    from sjtui.record.model import Gap, PaneData, Unreadable

    assert PaneData(loaded=True).state is ListState.EMPTY
    assert PaneData(loaded=False).state is ListState.LOADING
    assert PaneData(loaded=True, unreadable=(Unreadable("Flag/x", "bad"),)).state is ListState.UNKNOWN
    assert PaneData(loaded=True, gaps=(Gap("partial"),)).state is ListState.UNKNOWN
    assert PaneData(loaded=True, error="boom").state is ListState.UNKNOWN
    assert PaneData(items=(1,), loaded=True).state is ListState.KNOWN
    assert not PaneData(loaded=True, hidden=2).known_empty
    assert Pane.CAVE.value == "cave"


async def test_a_list_whose_later_pages_failed_says_how_much_is_missing() -> None:
    def hook(url: str, entry: dict) -> dict:
        if search_of(url, "notes"):
            entry["resource"]["link"] = [{"relation": "next", "url": "http://demo/DocumentReference?broken=1"}]
            entry["resource"]["total"] = len(entry["resource"].get("entry") or []) + 40
        return entry

    app = create_app()

    async def failing_pages(scope, receive, send):
        if scope.get("type") == "http" and b"broken=1" in scope.get("query_string", b""):
            await send(
                {"type": "http.response.start", "status": 500, "headers": [(b"content-type", b"application/fhir+json")]}
            )
            await send({"type": "http.response.body", "body": b'{"resourceType":"OperationOutcome"}'})
            return
        await app(scope, receive, send)

    services = services_for(RejectParams(failing_pages, [], entry_hook=hook), UnlockedKey.ephemeral(), use_cache=False)
    poul = await find_one(services.service)
    final = (await open_all(services.service, poul))[-1]
    assert final.notes.items and final.notes.state is ListState.UNKNOWN
    [gap] = [g for g in final.notes.gaps if g.reason == "partial"]
    assert gap.missing == 40
    from sjtui.ui.known import not_known_line

    line = not_known_line(final.notes, has_shown=True)
    assert line.startswith("Ikke fuldt kendt: kun delvist hentet (40 mangler): ")  # and why, in words
