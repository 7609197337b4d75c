"""The supervisor's audit review screen alone, on a real sealed journal in tmp_path."""

from __future__ import annotations

import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import DataTable, Input, Static
from textual.worker import WorkerFailed

from sjtui.access.grant import Basis, Clinician, Grant
from sjtui.audit.entry import AuditEntry
from sjtui.audit.journal import AuditJournal
from sjtui.audit.review import ReviewStore
from sjtui.crypto.aead import Sealer
from sjtui.i18n import set_language
from sjtui.ui.app import css_paths
from sjtui.ui.screens.audit_dialogs import CommentScreen, ReportScreen
from sjtui.ui.screens.audit_review import AuditReviewScreen, previous_iso_week

AUDIT_CSS = Path(__file__).resolve().parents[1] / "styles" / "audit.tcss"
TODAY = date(2026, 11, 25)  # a Wednesday in 2026-W48; the default week is 2026-W47
NURSE = Clinician("n1", "Hanne Sygeplejerske", "Vejen Kommune", "ws-7")
DOCTOR = Clinician("d2", "Jens Læge", "Vejen Kommune", "ws-9")


def _grant(pid: str, cpr: str, who: Clinician, reason: str, basis: Basis = Basis.CONSENT) -> Grant:
    return Grant(patient_id=pid, cpr=cpr, basis=basis, reason=reason, clinician=who)


@pytest.fixture
def journal(tmp_path: Path) -> AuditJournal:
    j = AuditJournal(tmp_path / "audit", Sealer(bytes(32)))
    poul = _grant("poul", "1203541237", NURSE, "Hjemmebesøg, KOL")
    lars = _grant("lars", "0408572349", DOCTOR, "[bold]Tilsyn[/bold]", Basis.CURRENT_TREATMENT)
    mikkel = _grant("mikkel", "1405863457", NURSE, "Misbrugsbehandling").with_break_glass(
        "Akut forgiftning", at=datetime(2026, 11, 19, 8, 5, tzinfo=UTC)
    )
    j.append(AuditEntry.opening(poul, at=datetime(2026, 11, 17, 9, 0, tzinfo=UTC)))
    j.append(AuditEntry.pane_view(poul, "labs", at=datetime(2026, 11, 17, 9, 1, tzinfo=UTC)))
    j.append(AuditEntry.opening(lars, at=datetime(2026, 11, 18, 13, 30, tzinfo=UTC)))
    j.append(AuditEntry.opening(mikkel, at=datetime(2026, 11, 19, 8, 0, tzinfo=UTC)))
    j.append(AuditEntry.break_glass(mikkel))
    later = _grant("inge", "2311411128", NURSE, "Hjemmepleje")  # next week: not listed
    j.append(AuditEntry.opening(later, at=datetime(2026, 11, 24, 10, 0, tzinfo=UTC)))
    return j


@pytest.fixture
def store(tmp_path: Path) -> ReviewStore:
    return ReviewStore(tmp_path / "review" / "marks.jsonl", Sealer(bytes(32)))


class Host(App[None]):
    CSS_PATH = [*css_paths(), AUDIT_CSS]

    def __init__(self, journal: AuditJournal, store: ReviewStore, save_dir: Path) -> None:
        set_language("da")
        super().__init__()
        self.results: list[object] = []
        self.journal, self.store, self.save_dir = journal, store, save_dir

    def on_mount(self) -> None:
        screen = AuditReviewScreen(self.journal, self.store, "Supervisor Sørensen", TODAY, "da", save_dir=self.save_dir)
        self.push_screen(screen, self.results.append)


async def _settle(app: App[None], pilot: object) -> None:
    for _ in range(3):
        try:
            await app.workers.wait_for_complete()
        except WorkerFailed:
            pass  # a worker's own error is the app's to report: the tests assert what it showed
        await pilot.pause()


async def _confirm_week(app: App[None], pilot: object) -> None:
    """The screen opens with the week field focused: Enter confirms the week (table focused)."""
    assert app.focused is app.screen.query_one("#review-week", Input)
    await pilot.press("enter")  # type: ignore[attr-defined]
    await _settle(app, pilot)


def _table(app: App[None]) -> DataTable[object]:
    return app.screen.query_one("#review-table", DataTable)


def _row(app: App[None], index: int) -> list[str]:
    return [str(cell) for cell in _table(app).get_row_at(index)]


def _status(app: App[None]) -> str:
    return str(app.screen.query_one("#review-status", Static).render())


def test_previous_iso_week() -> None:
    assert previous_iso_week(TODAY) == "2026-W47"
    assert previous_iso_week(date(2026, 1, 5)) == "2026-W01"  # Monday of W02
    assert previous_iso_week(date(2027, 1, 6)) == "2026-W53"


async def test_lists_the_previous_weeks_lookups(journal: AuditJournal, store: ReviewStore, tmp_path: Path) -> None:
    app = Host(journal, store, tmp_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await _settle(app, pilot)
        await _confirm_week(app, pilot)
        assert app.screen.query_one("#review-week", Input).value == "2026-W47"
        assert _table(app).row_count == 3
        # mark, time, clinician, CPR, basis, break-the-glass, reason, panes
        assert _row(app, 0) == [
            "–",
            "17.11.2026 10:00",
            "Hanne Sygeplejerske",
            "120354-1237",
            "Samtykke",
            "nej",
            "Hjemmebesøg, KOL",
            "Laboratoriesvar",
        ]
        second = _row(app, 1)
        assert second[4] == "Aktuelt forløb" and second[6] == "[bold]Tilsyn[/bold]"  # literal
        assert _row(app, 2)[3] == "140586-3457" and _row(app, 2)[5] == "ja"
        assert "3 opslag, 0 gennemgået" in _status(app)
        detail = str(app.screen.query_one("#review-detail", Static).render())
        assert "Hjemmebesøg, KOL" in detail and "Vejen Kommune, ws-7" in detail
        await pilot.press("down", "down")
        detail = str(app.screen.query_one("#review-detail", Static).render())
        assert "Værdispring: Akut forgiftning" in detail


async def test_mark_justified_and_not_justified_then_report(
    journal: AuditJournal, store: ReviewStore, tmp_path: Path
) -> None:
    app = Host(journal, store, tmp_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await _settle(app, pilot)
        await _confirm_week(app, pilot)
        await pilot.press("j")  # first row: justified, comment optional
        assert isinstance(app.screen, CommentScreen)
        await pilot.press("enter")
        await _settle(app, pilot)
        assert _row(app, 0)[0] == "Berettiget"
        assert _table(app).cursor_row == 1  # moved on to the next look-up
        await pilot.press("u")  # second row: not justified, comment required
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CommentScreen)  # refused: empty comment
        assert "kommentar" in str(app.screen.query_one("#comment-error", Static).render()).lower()
        await pilot.press(*"Ingen relation til borgeren", "enter")
        await _settle(app, pilot)
        assert _row(app, 1)[0] == "Ikke berettiget"
        assert "2 gennemgået (1 berettigede, 1 ikke berettigede)" in _status(app)

        marks = store.marks()
        first_id, second_id = (str(k.value) for k in list(_table(app).rows)[:2])
        assert marks[first_id].justified and marks[first_id].reviewer == "Supervisor Sørensen"
        assert not marks[second_id].justified
        assert marks[second_id].comment == "Ingen relation til borgeren"

        await pilot.press("r")
        await _settle(app, pilot)
        assert isinstance(app.screen, ReportScreen)
        report = app.screen.report
        for line in (
            "Opslag i alt: 3",
            "Berettigede: 1",
            "Ikke berettigede: 1",
            "Ikke gennemgået: 1",
            "Ingen relation til borgeren",
            "Supervisor Sørensen",
        ):
            assert line in report
        field = app.screen.query_one("#report-filename", Input)
        assert field.value == "audit-kvittering-2026-W47.txt"
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        saved = tmp_path / "audit-kvittering-2026-W47.txt"
        assert saved.read_text(encoding="utf-8") == report
        assert stat.S_IMODE(saved.stat().st_mode) == 0o600
        await pilot.press("ctrl+s")  # never overwrites
        await _settle(app, pilot)
        assert "findes allerede" in str(app.screen.query_one("#report-message", Static).render())
        await pilot.press("escape")  # closes the report
        await pilot.pause()
        assert isinstance(app.screen, AuditReviewScreen)


async def test_cancelled_comment_stores_nothing(journal: AuditJournal, store: ReviewStore, tmp_path: Path) -> None:
    app = Host(journal, store, tmp_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await _settle(app, pilot)
        await _confirm_week(app, pilot)
        await pilot.press("u", *"abc", "escape")
        await _settle(app, pilot)
        assert isinstance(app.screen, AuditReviewScreen)
        assert _row(app, 0)[0] == "–"
    assert store.marks() == {}


async def test_other_week_and_bad_week(journal: AuditJournal, store: ReviewStore, tmp_path: Path) -> None:
    app = Host(journal, store, tmp_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await _settle(app, pilot)
        field = app.screen.query_one("#review-week", Input)
        field.value = ""
        field.focus()
        await pilot.press(*"uge 12", "enter")  # letters go into the field, not to the J/U/R keys
        await _settle(app, pilot)
        assert isinstance(app.screen, AuditReviewScreen)
        assert field.value == "uge 12"
        assert "Skriv ugen" in _status(app)
        assert _table(app).row_count == 3  # the loaded week stays
        field.value = "2026-w48"
        field.focus()
        await pilot.press("enter")
        await _settle(app, pilot)
        assert _table(app).row_count == 1
        assert _row(app, 0)[2] == "Hanne Sygeplejerske" and _row(app, 0)[3] == "231141-1128"
        field.value = "2026-W30"
        field.focus()
        await pilot.press("enter")
        await _settle(app, pilot)
        assert _table(app).row_count == 0 and "ingen opslag" in _status(app)
        await pilot.press("j")  # nothing to mark
        await pilot.pause()
        assert isinstance(app.screen, AuditReviewScreen)
        assert "Vælg først" in _status(app)


async def test_wrong_key_shows_a_plain_message(journal: AuditJournal, tmp_path: Path) -> None:
    wrong = AuditJournal(journal.dir, Sealer(bytes([1]) * 32))
    store = ReviewStore(tmp_path / "marks.jsonl", Sealer(bytes([1]) * 32))
    app = Host(wrong, store, tmp_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await _settle(app, pilot)
        assert _table(app).row_count == 0
        assert "kunne ikke læses" in _status(app) and "authentication" in _status(app)


async def test_a_bug_in_a_review_worker_is_reported_not_swallowed(
    journal: AuditJournal, store: ReviewStore, tmp_path: Path, monkeypatch
) -> None:
    def broken_marks() -> dict[str, object]:
        raise KeyError("a bug, not a disk error")

    class RoutingHost(Host):  # as SjtuiApp: the one error router, details kept for F8
        reported: list[BaseException] = []

        def report_unexpected(self, exc: BaseException) -> None:
            self.reported.append(exc)

    monkeypatch.setattr(store, "marks", broken_marks)
    app = RoutingHost(journal, store, tmp_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await _settle(app, pilot)
        assert isinstance(app.screen, AuditReviewScreen)  # the app is still running
        assert "kunne ikke læses" in _status(app) and "KeyError" in _status(app)
        assert [type(e) for e in app.reported] == [KeyError]


async def test_escape_goes_back(journal: AuditJournal, store: ReviewStore, tmp_path: Path) -> None:
    app = Host(journal, store, tmp_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await _settle(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
    assert app.results == [None]
