"""The courses and diagnoses tab (issue #13): Poul's courses from the demo backend with their
SKS-coded diagnoses, nesting (encounters under their episode, procedures and plans under
their course), the ctrl+t key, and the three states of the list in Danish and English."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from sjtui.record.entries import Course, Diagnosis
from sjtui.record.model import Gap, PaneData, Source
from sjtui.ui.panes.courses import nested, period_text, shown_diagnoses

from thin_screens import demo_app
from ui_fakes import FakeService, make_app, open_poul, poul_record, settle_active_pane, wait_for, wait_for_text

pytestmark = pytest.mark.usefixtures("ui_home")
SRC = Source("Sygehus Lillebælt, Vejle", "Lungesektion", "hospital")


def _course(
    key: str, kind: str, day: int, *, episode: str = "", course: str = "", diagnoses: tuple[Diagnosis, ...] = ()
) -> Course:
    return Course(
        resource_key=key,
        date=datetime(2026, 9, day, 10, tzinfo=UTC),
        source=SRC,
        private=False,
        course_key=course,
        end=None,
        kind=kind,
        title=key,
        diagnosis=diagnoses[0].text if diagnoses else "",
        episode_key=episode,
        diagnoses=diagnoses,
    )


def test_encounters_nest_under_their_episode_and_procedures_under_their_encounter() -> None:
    exa = Diagnosis("Condition/c1", "DJ441", "SKS", "KOL i exacerbation")
    items = [
        _course("Procedure/p1", "procedure", 16, course="Encounter/e1"),
        _course("Encounter/e2", "outpatient", 15, episode="EpisodeOfCare/ep"),
        _course("Encounter/e1", "inpatient", 14, episode="EpisodeOfCare/ep", diagnoses=(exa,)),
        _course("CarePlan/cp", "careplan", 13, course="EpisodeOfCare/ep"),
        _course("EpisodeOfCare/ep", "episode", 1),
        _course("Encounter/loose", "outpatient", 2),
    ]
    order = [(depth, c.resource_key) for depth, c in nested(items)]
    assert order == [
        (0, "EpisodeOfCare/ep"),
        (1, "Encounter/e2"),
        (1, "Encounter/e1"),
        (2, "Procedure/p1"),
        (1, "CarePlan/cp"),
        (0, "Encounter/loose"),
    ]
    # An episode without its own diagnoses shows those of its encounters.
    assert shown_diagnoses(items[4], items) == (exa,)
    # A filter that hides the parent leaves the child at the top level, never lost.
    assert [(d, c.resource_key) for d, c in nested([items[0]])] == [(0, "Procedure/p1")]


def test_a_cycle_in_junk_data_lists_each_course_once() -> None:
    a = _course("Encounter/a", "outpatient", 3, episode="EpisodeOfCare/b")
    b = replace(_course("EpisodeOfCare/b", "episode", 2), episode_key="Encounter/a")
    assert sorted(c.resource_key for _, c in nested([a, b])) == ["Encounter/a", "EpisodeOfCare/b"]


def test_period_text_has_no_invented_end() -> None:
    ongoing = _course("EpisodeOfCare/x", "episode", 1)
    assert period_text(ongoing) == "01.09.2026–" or period_text(ongoing).endswith("–")
    assert not period_text(_course("Procedure/x", "procedure", 1)).endswith("–")


async def test_ctrl_t_shows_pouls_courses_with_coded_diagnoses_and_departments() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await wait_for(pilot, lambda: pilot.app.screen.record.courses.loaded)
        await pilot.press("ctrl+t")
        await pilot.pause()
        await settle_active_pane(pilot)
        text = await wait_for_text(
            pilot, "Lungeforløb", "└ Indlæggelse", "└ Ambulant", "DJ441 Kronisk obstrukti", "Status: aktiv", "Forløb"
        )
        # the highlighted course in full under the list, department included
        assert "Endoskopisk lungevolumenreduktion (ventilbehandling)" in text
        assert "Lungemedicinsk afdeling J" in text


async def test_ctrl_t_and_the_palette_name_the_tab_in_english() -> None:
    app = demo_app("en")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await wait_for(pilot, lambda: pilot.app.screen.record.courses.loaded)
        await pilot.press("ctrl+t")
        await pilot.pause()
        await settle_active_pane(pilot)
        text = await wait_for_text(pilot, "Courses", "Admission", "Outpatient", "DJ441")
        assert "Indlæggelse" not in text


@pytest.mark.parametrize(
    "lang,state,needle",
    [
        ("da", "failed", "Ikke kendt"),
        ("da", "empty", "Ingen oplysninger."),
        ("en", "failed", "Not known"),
        ("en", "empty", "No information."),
    ],
)
async def test_the_courses_list_is_known_empty_only_when_the_search_succeeded(
    lang: str, state: str, needle: str
) -> None:
    data: PaneData[Course] = (
        PaneData(loaded=True, gaps=(Gap("failed", "Encounter", "500"),)) if state == "failed" else PaneData(loaded=True)
    )
    record = replace(poul_record(), courses=data)
    app = make_app(FakeService({"poul": record}), lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await pilot.press("ctrl+t")
        await pilot.pause()
        await settle_active_pane(pilot)
        text = await wait_for_text(pilot, needle)
        if state == "failed":
            assert "Ingen oplysninger" not in text and "No information" not in text


async def test_medication_can_be_filtered_by_course_once_a_drug_belongs_to_one() -> None:
    """The course chooser appears on the medication list only when a drug names its course;
    choosing the admission leaves the drugs of that admission."""
    from textual.widgets import Select

    record = poul_record()
    linked = replace(record.medication.items[1], course_key="Encounter/adm1")
    record = replace(
        record,
        medication=replace(record.medication, items=(record.medication.items[0], linked, *record.medication.items[2:])),
    )
    app = make_app(FakeService({"poul": record}))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await pilot.press("5")
        await pilot.pause()
        await settle_active_pane(pilot)
        chooser = app.screen.query_one("#pane-medication #f-course", Select)
        assert chooser.display
        chooser.value = "Encounter/adm1"
        await pilot.pause()
        await settle_active_pane(pilot)
        text = await wait_for_text(pilot, "Prednisolon 25 mg")
        assert "Spiolto Respimat" not in text.split("Prednisolon")[1] and "Atrovent" not in text


async def test_the_course_chooser_stays_away_from_a_medication_list_without_courses() -> None:
    from textual.widgets import Select

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await pilot.press("5")
        await pilot.pause()
        await settle_active_pane(pilot)
        await wait_for_text(pilot, "Spiolto Respimat")
        assert not app.screen.query_one("#pane-medication #f-course", Select).display
