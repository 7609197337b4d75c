"""An in-memory RecordServiceApi for UI tests: hand-made records, every call recorded.

Deliberately small and synchronous in spirit: `open` yields a partial Record (overview panes)
and then the full one, like the real service does progressively.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime

from textual.widgets import Input

from sjtui.access.grant import Clinician, Grant, require_grant
from sjtui.config import Settings
from sjtui.cpr import InvalidCpr, looks_like_cpr, normalise_cpr
from sjtui.record.entries import (
    AccessLogEntry,
    Appointment,
    CaveItem,
    Citizen,
    CitizenSummary,
    Course,
    HomeMeasurement,
    ImagingReport,
    LabComponent,
    LabResult,
    MedicationEntry,
    Note,
    ReferenceRange,
    Relative,
    Susceptibility,
    Vaccination,
)
from sjtui.record.errors import NotAuthorised, OfflineError
from sjtui.record.model import Gap, Pane, PaneData, Record, Source, Unreadable
from sjtui.record.service_api import ServiceStatus

OUH = Source("Odense Universitetshospital", "Lungemedicinsk afdeling J", "hospital")
VEJLE = Source("Sygehus Lillebælt, Vejle", "Medicinsk afdeling, Lungesektion", "hospital")
GP = Source("Lægerne Vestergade, Vejen", "", "gp")
HOME = Source("Vejen Kommune, Hjemmesygeplejen", "", "municipality")
EVIL = "[bold red]x[/] \x1b[31mRØD\x1b[0m"


def _e(key: str, when: datetime | None, source: Source = OUH, course: str = "") -> dict:
    return dict(resource_key=key, date=when, source=source, private=False, course_key=course)


def poul_summary() -> CitizenSummary:
    return CitizenSummary(
        "poul", "1203541237", "Poul Erik Madsen", date(1954, 3, 12), "Vestergade 12, 6600 Vejen", False
    )


def ane_summary() -> CitizenSummary:
    return CitizenSummary("ane", "0902792466", "Ane Kirstine Bach", date(1979, 2, 9), "", True)


def poul_record() -> Record:
    def d(*parts: int) -> datetime:
        return datetime(*parts, tzinfo=UTC)

    citizen = Citizen(
        "Patient/poul",
        "1203541237",
        "Poul Erik Madsen",
        "Poul Erik",
        "Madsen",
        date(1954, 3, 12),
        "male",
        "Vestergade 12, 6600 Vejen",
        "+45 75 36 00 00",
        False,
        False,
        "Lægerne Vestergade, Vejen",
        "+45 75 36 11 11",
        "dansk",
        (Relative("Hanne Madsen", "Hustru", "+45 20 30 40 50"),),
    )
    course = Course(
        **_e("Encounter/adm1", d(2026, 10, 2, 9, 0)),
        end=d(2026, 10, 9, 12, 0),
        kind="inpatient",
        title="Indlæggelse, Lungemedicinsk afdeling J",
        diagnosis="KOL med akut exacerbation",
    )
    notes = (
        Note(
            **_e("DocumentReference/n2", d(2026, 11, 18, 13, 5), HOME),
            kind="note",
            title="Sygeplejenotat",
            author="Sygeplejerske Mette Lund",
            summary="Hjemmebesøg",
            body=None,
            body_url="Binary/b2",
            content_type="text/plain",
        ),
        Note(
            **_e("DocumentReference/n1", d(2026, 10, 9, 11, 0), OUH, "Encounter/adm1"),
            kind="discharge",
            title="Epikrise",
            author="Overlæge Jens Holm",
            summary="Udskrevet efter KOL-exacerbation",
            body=f"Epikrise.\nMarkup {EVIL} slut.",
            body_url="",
            content_type="text/plain",
        ),
    )
    labs = (
        LabResult(
            **_e("Observation/k1", d(2026, 11, 10, 8, 30), VEJLE),
            kind="single",
            code="NPU03230",
            code_system="http://npu-terminology.org",
            name="P-Kalium",
            value="3,2",
            numeric=3.2,
            unit="mmol/L",
            reference=ReferenceRange(3.5, 4.6, ""),
            flag="L",
        ),
        LabResult(
            **_e("Observation/bg1", d(2026, 10, 3, 7, 0), OUH, "Encounter/adm1"),
            kind="bloodgas",
            code="",
            code_system="",
            name="Arteriel blodgas",
            value="",
            numeric=None,
            unit="",
            reference=None,
            flag="",
            components=(
                LabComponent("pH", "pH", "7,32", 7.32, "", ReferenceRange(7.35, 7.45, ""), "L"),
                LabComponent("pCO2", "pCO2", "7,1", 7.1, "kPa", ReferenceRange(4.7, 6.0, ""), "H"),
            ),
        ),
        LabResult(
            **_e("DiagnosticReport/mb1", d(2026, 9, 1, 10, 0), VEJLE),
            kind="microbiology",
            code="",
            code_system="",
            name="Ekspektorat, dyrkning",
            value="",
            numeric=None,
            unit="",
            reference=None,
            flag="",
            organism="Haemophilus influenzae",
            susceptibilities=(Susceptibility("Ampicillin", "R"), Susceptibility("Amoxicillin/clav.", "S")),
        ),
    )
    imaging = (
        ImagingReport(
            **_e("DiagnosticReport/ct1", d(2026, 6, 1, 9, 0), OUH),
            title="CT af thorax",
            conclusion="Udtalt emfysem, ingen tumor.",
            body=None,
            body_url="Binary/ct1",
        ),
    )
    medication = (
        MedicationEntry(
            **_e("MedicationStatement/m1", d(2026, 1, 5), GP),
            name="Spiolto Respimat",
            atc="R03AL06",
            status="active",
            dosage="2 pust 1 gang dagligt",
            reason="KOL",
            period_start=date(2026, 1, 5),
            period_end=None,
        ),
        MedicationEntry(
            **_e("MedicationStatement/m2", d(2026, 10, 2), OUH),
            name="Prednisolon 25 mg",
            atc="H02AB06",
            status="paused",
            dosage="1 tablet morgen",
            reason="KOL-exacerbation",
            period_start=date(2026, 10, 2),
            period_end=None,
        ),
        MedicationEntry(
            **_e("MedicationStatement/m3", d(2025, 3, 1), GP),
            name="Atrovent",
            atc="R03BB01",
            status="stopped",
            dosage="2 pust 4 gange dagligt",
            reason="KOL",
            period_start=date(2025, 3, 1),
            period_end=date(2026, 1, 5),
        ),
    )
    vaccinations = (
        Vaccination(
            **_e("Immunization/v1", d(2026, 10, 15), GP),
            name="Influenzavaccine",
            atc="J07BB02",
            dose="Dosis 1",
            status="completed",
        ),
    )
    home = (
        HomeMeasurement(
            **_e("Observation/h1", d(2026, 11, 19, 7, 45), Source(kind="citizen")),
            code="59408-5",
            name="Iltmætning (SpO2)",
            value="88",
            numeric=88.0,
            unit="%",
            reference=ReferenceRange(90, None, ""),
            flag="L",
            device="Pulsoximeter Nonin",
        ),
    )
    appointments = (
        Appointment(
            **_e("Appointment/a2", d(2026, 12, 3, 10, 0), OUH),
            end=d(2026, 12, 3, 10, 30),
            status="booked",
            description="Lungeambulatoriet, kontrol",
            location="Ambulatorium J",
        ),
        Appointment(
            **_e("Appointment/a1", d(2026, 9, 1, 9, 0), VEJLE),
            end=None,
            status="fulfilled",
            description="Spirometri",
            location="Lungesektionen",
        ),
    )
    cave = (
        CaveItem(
            **_e("AllergyIntolerance/c1", d(2019, 5, 1), GP),
            kind="allergy",
            title="Penicillin",
            detail="Udslæt",
            criticality="high",
            active=True,
        ),
    )
    log = (
        AccessLogEntry(
            **_e("AuditEvent/l1", d(2026, 11, 18, 13, 0), HOME),
            who="Mette Lund",
            organisation="Vejen Kommune",
            purpose="Behandling",
            reason="Hjemmebesøg",
            action="Læst",
        ),
    )
    return Record(
        citizen=citizen,
        cave=PaneData(cave, loaded=True),
        notes=PaneData(notes, loaded=True, new_keys=frozenset({"DocumentReference/n2"})),
        labs=PaneData(labs, loaded=True, unreadable=(Unreadable("Observation/bad", "no value"),)),
        imaging=PaneData(imaging, loaded=True),
        medication=PaneData(medication, loaded=True),
        vaccinations=PaneData(vaccinations, loaded=True),
        home=PaneData(home, loaded=True),
        appointments=PaneData(appointments, loaded=True),
        courses=PaneData((course,), loaded=True),
        access_log=PaneData(log, loaded=True, hidden=0),
        basic=PaneData(citizen.relatives, loaded=True),
        # A server that does not carry the registers: living will and organ donor "not known".
        registrations=PaneData(loaded=True, gaps=(Gap("unsupported", "Consent"),)),
        as_of=d(2026, 11, 20, 13, 5),
    )


class FakeService:
    """Serves hand-made records; `calls` lists what the UI asked for, in order."""

    def __init__(self, records: dict[str, Record] | None = None, citizens: list[CitizenSummary] | None = None) -> None:
        self.records = records if records is not None else {"poul": poul_record()}
        self.citizens = citizens if citizens is not None else [poul_summary(), ane_summary()]
        self.calls: list[tuple] = []
        self.bodies = {"Binary/b2": "Hjemmebesøg. SpO2 88 % i hvile.", "Binary/ct1": "Fuld beskrivelse af CT."}
        self.fail_search = False
        self.bytes = 0
        self.search_via: list[str] = []

    async def find_citizens(self, query: str, *, via: str = "search") -> list[CitizenSummary]:
        self.calls.append(("find", query))
        self.search_via.append(via)
        if self.fail_search:
            raise OfflineError("server unreachable", detail="ConnectError: demo")
        if looks_like_cpr(query):
            cpr = normalise_cpr(query)
            return [c for c in self.citizens if c.cpr == cpr]
        if any(ch.isdigit() for ch in query):
            raise InvalidCpr("a CPR number has 10 digits: DDMMÅÅ-NNNN")
        words = query.lower().split()
        return [c for c in self.citizens if all(w in c.name.lower() for w in words)]

    async def open(self, citizen: CitizenSummary, grant: Grant) -> AsyncIterator[Record]:
        self.calls.append(("open", citizen.patient_id, grant.basis.value, grant.reason))
        try:
            require_grant(grant, citizen.patient_id)
        except Exception as exc:
            raise NotAuthorised(str(exc)) from exc
        record = self.records[citizen.patient_id]
        self.bytes += 12345
        partial = replace(record, notes=PaneData(), labs=PaneData(), imaging=PaneData())
        yield partial
        yield record

    async def load_body(self, grant: Grant, entry: Note | ImagingReport) -> str:
        self.calls.append(("body", entry.resource_key))
        return self.bodies.get(entry.body_url, "")

    async def break_glass(self, grant: Grant, reason: str) -> Grant:
        self.calls.append(("break_glass", reason))
        return grant.with_break_glass(reason)

    def record_pane_view(self, grant: Grant, pane: Pane) -> asyncio.Future[None]:
        self.calls.append(("view", pane.value))
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done

    async def audit_written(self) -> None:
        self.calls.append(("audit_written", ""))

    def close(self, grant: Grant) -> None:
        self.calls.append(("close", grant.patient_id))

    def status(self) -> ServiceStatus:
        return ServiceStatus("demo", True, self.bytes, 1, 0, "off", None)

    def opened(self) -> list[tuple]:
        return [c for c in self.calls if c[0] in ("open", "body", "view")]


def screen_text(app: object) -> str:
    """The current screen as plain text (what a user sees), for assertions."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system=None,
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console.print(update)
    return console.export_text()


# --- Pilot helpers ------------------------------------------------------------------------

TODAY = date(2026, 11, 20)


def make_app(service: FakeService | None = None, **kw):  # -> SjtuiApp
    from sjtui.ui.app import SjtuiApp

    settings = kw.pop("settings", Settings())
    return SjtuiApp(
        service=service or FakeService(), settings=settings, clinician=Clinician("n1", "Nurse"), today=TODAY, **kw
    )


async def wait_for(pilot, predicate, tries: int = 200) -> None:
    for _ in range(tries):
        if predicate():
            return
        await pilot.pause(0.05)
    raise AssertionError("condition not reached")


def _screen_quiet(app) -> bool:
    """Nothing left to lay out, repaint or size on the current screen (Textual internals)."""
    from textual.widgets import DataTable

    screen = app.screen
    if (
        getattr(screen, "_layout_required", False)
        or getattr(screen, "_repaint_required", False)
        or getattr(screen, "_recompose_required", False)
        or getattr(screen, "_dirty_widgets", None)
    ):
        return False
    return not any(getattr(table, "_require_update_dimensions", False) for table in screen.query(DataTable))


async def settle_active_pane(pilot) -> None:
    """Wait until the record screen's shown pane is built, drawn and fetching nothing, and
    the picture on screen has stopped changing (two identical frames, nothing pending)."""

    def settled() -> bool:
        active_pane = getattr(pilot.app.screen, "active_pane", None)
        if active_pane is None:  # another screen (help, dialog) is on top
            return True
        pane = active_pane()
        return pane is not None and pane.settled

    await wait_for(pilot, settled)
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    previous = None
    for _ in range(200):
        text = screen_text(pilot.app)
        if text == previous and settled() and _screen_quiet(pilot.app):
            return
        previous = text
        await pilot.pause(0.05)
    raise AssertionError("the screen did not settle")


async def wait_for_text(pilot, *needles: str, tries: int = 200) -> str:
    """Wait until every needle is on screen; return the screen text (fail with what is missing)."""
    text = ""
    for _ in range(tries):
        text = screen_text(pilot.app)
        if all(needle in text for needle in needles):
            return text
        await pilot.pause(0.05)
    missing = [needle for needle in needles if needle not in text]
    raise AssertionError(f"not on screen: {missing!r}\n{text}")


async def type_text(pilot, selector: str, text: str, typed: bool = False) -> None:
    """Fill a field: really typed when `typed` (slow under Pilot), else set at once."""
    if typed:
        await pilot.press(*text)
    else:
        pilot.app.screen.query_one(selector, Input).value = text


async def start_opening(pilot, query: str = "1203541237", reason: str = "Hjemmebesøg", typed: bool = False) -> None:
    """Search, choose the citizen and confirm the consent window (the opening starts)."""
    app = pilot.app
    await type_text(pilot, "#search-input", query, typed)
    await pilot.press("enter")
    from sjtui.ui.screens.consent import ConsentScreen

    await wait_for(pilot, lambda: isinstance(app.screen, ConsentScreen))
    await pilot.press("enter")
    await type_text(pilot, "#consent-reason", reason, typed)
    await pilot.press("enter")


async def open_poul(pilot, query: str = "1203541237", reason: str = "Hjemmebesøg", typed: bool = False) -> None:
    app = pilot.app
    from sjtui.ui.screens.record import RecordScreen

    await start_opening(pilot, query, reason, typed)
    await wait_for(
        pilot,
        lambda: (
            isinstance(app.screen, RecordScreen) and app.screen.record is not None and app.screen.record.notes.loaded
        ),
    )
    await pilot.pause()
