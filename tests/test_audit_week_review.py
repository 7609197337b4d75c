"""The municipality's week review (issue 12): the organisation's AuditEvents from the server
merged with the local journal by id, the review counts reviewed rows truthfully, its marks
go into the export, and the review is the auditor's."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from types import SimpleNamespace

import httpx
import pytest

from sjtui.access.grant import Basis, Clinician, Grant
from sjtui.access.roles import may_read_organisation_audit, may_review_audit
from sjtui.audit.entry import AuditEntry
from sjtui.audit.export import lookups, render, week_bounds
from sjtui.audit.fhir_sink import FhirAuditSink
from sjtui.audit.journal import AuditJournal
from sjtui.audit.outbox import AuditOutbox
from sjtui.audit.review import ReviewMark, ReviewStore, render_report
from sjtui.audit.server_events import merge_lookups, server_lookups
from sjtui.crypto.aead import Sealer
from sjtui.demo.app import create_app
from sjtui.fhir.client import FhirClient
from sjtui.ui.screens.audit_review import FetchServer

from ui_fakes import make_app, wait_for

WEEK = "2026-W47"
ANNE = Clinician("sygpl-1", "Anne Sygeplejerske", "Vejen Kommune", "ws-1")
BO = Clinician("sygpl-2", "Bo Sygeplejer", "Vejen Kommune", "ws-2")


def _grant(who: Clinician, pid: str, cpr: str, reason: str) -> Grant:
    return Grant(patient_id=pid, cpr=cpr, basis=Basis.CONSENT, reason=reason, clinician=who)


async def test_the_week_covers_every_workstation_once(tmp_path) -> None:
    server = create_app()
    client = FhirClient("http://demo", transport=httpx.ASGITransport(app=server), http2=False)
    journals = {}
    for who, pid, cpr, day in ((ANNE, "poul", "1203541237", 17), (BO, "lars", "0408572349", 18)):
        journal = AuditJournal(tmp_path / who.workstation, Sealer(bytes(32)))
        grant = _grant(who, pid, cpr, f"Hjemmebesøg {who.workstation}")
        journal.append(AuditEntry.opening(grant, at=datetime(2026, 11, day, 9, 0, tzinfo=UTC)))
        journal.append(AuditEntry.pane_view(grant, "labs", at=datetime(2026, 11, day, 9, 1, tzinfo=UTC)))
        report = await AuditOutbox(journal, FhirAuditSink(client)).deliver_pending()
        assert report.pending == 0
        journals[who.workstation] = journal
    start, end = week_bounds(WEEK)
    local = lookups(journals["ws-1"], start, end)  # Anne's workstation
    from_server = await server_lookups(client, start, end, site="Vejen Kommune")
    rows = merge_lookups(local, from_server)
    await client.aclose()
    assert [(r.clinician_id, r.cpr, r.panes_viewed) for r in rows] == [
        ("sygpl-1", "1203541237", "labs"),
        ("sygpl-2", "0408572349", "labs"),
    ]
    assert len({r.entry_id for r in rows}) == 2  # Anne's opening once, though local and on the server
    assert rows[1].reason == "Hjemmebesøg ws-2" and rows[1].workstation == "ws-2"


def _rows(n: int) -> list:
    journal_rows = []
    from sjtui.audit.export import LookupRow

    for i in range(n):
        journal_rows.append(
            LookupRow(
                time=f"2026-11-17T09:{i:02d}:00+01:00",
                clinician_id="sygpl-1",
                clinician_name="Anne",
                organisation="Vejen Kommune",
                workstation="ws-1",
                cpr="1203541237",
                basis="consent",
                reason="Hjemmebesøg",
                panes_viewed="",
                documents_opened=0,
                private_revealed=False,
                break_glass=False,
                break_glass_reason="",
                offline=False,
                entry_id=f"e{i}",
            )
        )
    return journal_rows


def test_the_report_counts_reviewed_rows_truthfully() -> None:
    rows = _rows(40)
    marks = {f"e{i}": ReviewMark(f"e{i}", True, "", "Revisor Ras") for i in range(12)}
    report = render_report(rows, marks, WEEK, "Revisor Ras")
    assert "Gennemgået: 12 af 40 opslag" in report
    assert "bekræfter at have gennemgået 12 af 40 opslag" in report
    assert "28 opslag er ikke gennemgået" in report
    english = render_report(rows, marks, WEEK, "Revisor Ras", lang="en")
    assert "Reviewed: 12 of 40 look-ups" in english


def test_the_marks_go_into_the_export(tmp_path) -> None:
    store = ReviewStore(tmp_path / "marks", Sealer(bytes(32)))
    store.mark("e1", False, "Ingen relation til borgeren", "Revisor Ras")
    rows = _rows(2)
    table = list(csv.DictReader(io.StringIO(render(rows, "csv", marks=store.marks()))))
    assert [r["review"] for r in table] == ["not reviewed", "not justified"]
    assert table[1]["review_comment"] == "Ingen relation til borgeren" and table[1]["reviewer"] == "Revisor Ras"
    as_json = json.loads(render(rows, "json", marks=store.marks()))
    assert as_json[1]["review"] == "not justified"


def test_the_review_is_the_auditors() -> None:
    nurse = SimpleNamespace(roles=["nurse"])
    auditor = SimpleNamespace(roles=["auditor"])
    assert not may_review_audit(nurse) and may_review_audit(auditor)
    assert may_review_audit(None) and not may_read_organisation_audit(None)  # local journal only
    assert may_read_organisation_audit(auditor) and not may_read_organisation_audit(nurse)


@pytest.mark.usefixtures("ui_home")
async def test_f10_is_refused_to_a_signed_in_non_auditor(tmp_path) -> None:
    from sjtui.ui.screens.audit_review import AuditReviewScreen

    services = SimpleNamespace(
        journal=AuditJournal(tmp_path / "a", Sealer(bytes(32))),
        review_store=ReviewStore(tmp_path / "m", Sealer(bytes(32))),
        identity=SimpleNamespace(roles=["nurse"]),
        warnings=[],
    )
    app = make_app(services=services)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f10")
        await wait_for(pilot, lambda: any("revisor" in n.message for n in app._notifications))
        assert not isinstance(app.screen, AuditReviewScreen)
        services.identity = SimpleNamespace(roles=["auditor"])
        await pilot.press("f10")
        await wait_for(pilot, lambda: isinstance(app.screen, AuditReviewScreen))
        assert app.focused is app.screen.query_one("#review-week")


class _ReviewHost:
    """A tiny app hosting the review screen alone, as tests/test_ui_audit_review.py does."""

    @staticmethod
    def make(journal: AuditJournal, store: ReviewStore, fetch: FetchServer) -> object:
        from datetime import date

        from textual.app import App

        from sjtui.i18n import set_language
        from sjtui.ui.screens.audit_review import AuditReviewScreen

        class Host(App[None]):
            def on_mount(self) -> None:
                set_language("da")
                self.push_screen(
                    AuditReviewScreen(journal, store, "Revisor Ras", date(2026, 11, 25), "da", fetch_server=fetch)
                )

        return Host()


@pytest.mark.usefixtures("ui_home")
@pytest.mark.parametrize("server_up", [True, False])
async def test_the_review_screen_works_on_the_organisations_week(tmp_path, server_up) -> None:
    from textual.widgets import DataTable, Static

    journal = AuditJournal(tmp_path / "audit", Sealer(bytes(32)))
    journal.append(
        AuditEntry.opening(
            _grant(ANNE, "poul", "1203541237", "Hjemmebesøg"), at=datetime(2026, 11, 17, 9, 0, tzinfo=UTC)
        )
    )
    [local] = lookups(journal, *week_bounds(WEEK))
    from dataclasses import replace

    other = replace(
        local, entry_id="from-ws-2", workstation="ws-2", clinician_id="sygpl-2", time="2026-11-18T10:00:00+01:00"
    )

    async def fetch(start: datetime, end: datetime) -> list:  # a stand-in for server_lookups
        if not server_up:
            raise OSError("no route to host")
        return [local, other]  # Anne's own opening comes back from the server too

    app = _ReviewHost.make(journal, ReviewStore(tmp_path / "marks", Sealer(bytes(32))), fetch)
    async with app.run_test(size=(160, 40)) as pilot:
        table = None
        for _ in range(100):
            await pilot.pause(0.05)
            table = app.screen.query_one("#review-table", DataTable)
            status = str(app.screen.query_one("#review-status", Static).render())
            if "opslag" in status:
                break
        assert table is not None
        if server_up:
            assert table.row_count == 2  # Anne's (once) and Bo's workstation
            assert "2 opslag, 0 gennemgået" in status and "alle arbejdsstationer" in status
        else:
            assert table.row_count == 1 and "kun denne maskines log" in status
