"""What is new since this clinician last opened the record (issue #13): the first opening says
so, a known record with nothing new says "nothing new since ...", new entries are counted per
kind, a failed refresh makes the news "not known" (never "none"), each clinician has their
own marker, and the marker is sealed on disk (no CPR, no date, no user id readable)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sjtui.access.grant import Clinician
from sjtui.crypto.key import UnlockedKey
from sjtui.demo.app import create_app
from sjtui.record.entries import Note
from sjtui.record.model import ListState, PaneData, Record, Source
from sjtui.record.news import Previous, news_since
from sjtui.record.news_model import NewsState
from sjtui.record.pane_data import Gap

from record_servers import find_one, open_all, services_for

NURSE = Clinician("nurse01", "Sygeplejerske Test", assurance="proven")
OTHER = Clinician("nurse02", "Anden Sygeplejerske", assurance="proven")
# Real time (the cache's retention runs on the real clock), after every fixture date.
T0 = datetime.now(UTC).replace(microsecond=0)
R0 = datetime(2026, 11, 20, 13, 5, tzinfo=UTC)  # the rule's own tests: a fixed time


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SJTUI_HOME", str(tmp_path))
    return tmp_path


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def _note(rid: str, updated: datetime) -> dict:
    return {
        "resourceType": "DocumentReference",
        "id": rid,
        "meta": {"versionId": "1", "lastUpdated": updated.isoformat()},
        "status": "current",
        "subject": {"reference": "Patient/poul"},
        "type": {"text": "Sygeplejenotat"},
        "date": updated.isoformat(),
        "description": "Ny note efter besøget",
        "content": [{"attachment": {"contentType": "text/plain", "data": "SGVq"}}],
    }


def _services(app, key, clinician, clock):
    return services_for(app, key, clinician=clinician, clock=clock)


# --- the rule, on its own ------------------------------------------------------------------


def _entry(key: str, when: datetime) -> Note:
    return Note(key, when, Source(), False, "", "note", "Notat", "", "", None, "", "text/plain")


def _record(notes: PaneData[Note]) -> Record:
    from ui_fakes import poul_record

    known = PaneData(loaded=True)
    return Record(
        citizen=poul_record().citizen,
        notes=notes,
        labs=known,
        imaging=known,
        medication=known,
        appointments=known,
    )


def test_the_rule_first_time_nothing_new_new_and_not_known() -> None:
    old, new = _entry("DocumentReference/a", R0 - timedelta(days=3)), _entry("DocumentReference/b", R0)
    resources = {
        "DocumentReference/a": {"meta": {"lastUpdated": "2026-11-17T10:00:00+01:00"}},
        "DocumentReference/b": {"meta": {"lastUpdated": "2026-11-20T14:00:00+01:00"}},
    }
    record = _record(PaneData(items=(new, old), loaded=True))
    assert news_since(record, resources, None).state is NewsState.FIRST

    seen_both = Previous(at=R0 + timedelta(hours=1), keys=frozenset(resources))
    quiet = news_since(record, resources, seen_both)
    assert quiet.state is NewsState.COMPARED and quiet.fully_known and quiet.total == 0

    seen_old = Previous(at=R0 - timedelta(days=1), keys=frozenset({"DocumentReference/a"}))
    news = news_since(record, resources, seen_old)
    assert news.keys == {"DocumentReference/b"} and news.newest[0].resource_key == "DocumentReference/b"
    assert {k.kind: k.count for k in news.kinds}["notes"] == 1

    # a changed entry (lastUpdated after the previous opening) is news too
    changed = dict(resources, **{"DocumentReference/a": {"meta": {"lastUpdated": "2026-11-21T10:00:00+01:00"}}})
    assert news_since(record, changed, seen_both).keys == {"DocumentReference/a"}

    failed = _record(PaneData(items=(old,), loaded=True, gaps=(Gap("offline"),)))
    unknown = news_since(failed, resources, seen_both)
    notes = next(k for k in unknown.kinds if k.kind == "notes")
    assert notes.state is ListState.UNKNOWN and notes.why == ("offline",)
    assert not unknown.fully_known  # so never "nothing new"

    assert news_since(record, resources, seen_both, checking=True).state is NewsState.CHECKING


# --- over the record service, the demo backend and the encrypted cache ----------------------


async def test_first_opening_then_nothing_new_then_a_new_note() -> None:
    app, key, clock = create_app(), UnlockedKey.ephemeral(), Clock()
    services = _services(app, key, NURSE, clock)
    poul = await find_one(services.service)
    first = await open_all(services.service, poul)
    assert first[-1].news is not None and first[-1].news.state is NewsState.FIRST

    clock.now = T0 + timedelta(hours=2)
    again = await open_all(_services(app, key, NURSE, clock).service, poul)
    assert again[0].from_cache and again[0].news.state is NewsState.CHECKING  # not "nothing new" yet
    news = again[-1].news
    assert news.state is NewsState.COMPARED and news.since == T0
    assert news.fully_known and news.total == 0, news.kinds

    app.state.store.add(_note("poul-new-note", T0 + timedelta(hours=3)))
    clock.now = T0 + timedelta(hours=4)
    third = await open_all(_services(app, key, NURSE, clock).service, poul)
    news = third[-1].news
    assert news.since == T0 + timedelta(hours=2)
    assert news.keys == {"DocumentReference/poul-new-note"}
    assert {k.kind: k.count for k in news.kinds} == {"notes": 1, "results": 0, "medication": 0, "appointments": 0}
    assert news.newest[0].title == "Sygeplejenotat"
    # the lists mark what is new to this clinician, and only that
    assert third[-1].notes.new_keys == {"DocumentReference/poul-new-note"}
    assert not third[-1].labs.new_keys and not third[-1].appointments.new_keys


async def test_a_failed_refresh_makes_the_news_not_known_and_keeps_the_marker() -> None:
    app, key, clock = create_app(), UnlockedKey.ephemeral(), Clock()
    services = _services(app, key, NURSE, clock)
    poul = await find_one(services.service)
    await open_all(services.service, poul)

    clock.now = T0 + timedelta(hours=2)
    app.state.faults.fail_next(10, status=400, retry_after=None, method="POST")
    failed = await open_all(_services(app, key, NURSE, clock).service, poul)
    news = failed[-1].news
    assert news.state is NewsState.COMPARED and not news.fully_known
    assert all(k.state is ListState.UNKNOWN for k in news.kinds)

    clock.now = T0 + timedelta(hours=3)
    later = await open_all(_services(app, key, NURSE, clock).service, poul)
    assert later[-1].news.since == T0  # the failed opening did not move the marker


async def test_each_clinician_has_their_own_marker() -> None:
    app, key, clock = create_app(), UnlockedKey.ephemeral(), Clock()
    poul = await find_one(_services(app, key, NURSE, clock).service)
    await open_all(_services(app, key, NURSE, clock).service, poul)

    clock.now = T0 + timedelta(hours=1)
    other = await open_all(_services(app, key, OTHER, clock).service, poul)
    assert other[-1].news.state is NewsState.FIRST  # the saved copy is shared, the marker is not

    clock.now = T0 + timedelta(hours=2)
    mine = await open_all(_services(app, key, NURSE, clock).service, poul)
    assert mine[-1].news.since == T0  # not the other clinician's opening


async def test_without_a_cache_or_an_identity_the_news_are_not_known() -> None:
    app, key, clock = create_app(), UnlockedKey.ephemeral(), Clock()
    no_cache = services_for(app, key, clinician=NURSE, clock=clock, use_cache=False)
    poul = await find_one(no_cache.service)
    records = await open_all(no_cache.service, poul)
    assert records[-1].news.state is NewsState.NOT_REMEMBERED and records[-1].news.why == "no-cache"
    anonymous = _services(app, key, Clinician("unknown", "unknown"), clock)
    records = await open_all(anonymous.service, poul)
    assert records[-1].news.state is NewsState.NOT_REMEMBERED and records[-1].news.why == "no-identity"


async def test_the_marker_is_sealed_on_disk(home) -> None:
    app, key, clock = create_app(), UnlockedKey.ephemeral(), Clock()
    services = _services(app, key, NURSE, clock)
    poul = await find_one(services.service)
    await open_all(services.service, poul)
    files = [p for p in home.rglob("*") if p.is_file() and "sqlite" in p.name]
    assert files, "the cache was written"
    raw = b"".join(p.read_bytes() for p in files)
    for needle in ("1203541237", "120354-1237", "nurse01", T0.date().isoformat(), "2026-11-20", "poul-doc-018", "Poul"):
        assert needle.encode() not in raw, needle
    assert not any("1203541237" in p.name or "nurse01" in p.name for p in home.rglob("*"))
    for path in files:
        assert path.stat().st_mode & 0o077 == 0  # owner-only
