"""A thin client: 80x24, NO_COLOR (Textual greys every colour out). Nothing that matters is
cut, focus and checkbox state show without colour, and lists keep their columns."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from sjtui.ui.widgets.entry_list import EntryList

from thin_screens import SCENARIOS, THIN, demo_app
from ui_fakes import make_app, open_poul, screen_text, settle_active_pane, wait_for

pytestmark = pytest.mark.usefixtures("ui_home")


@pytest.fixture
def no_color(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")


def lines_with(text: str, needle: str) -> list[str]:
    return [line for line in text.splitlines() if needle in line]


@pytest.mark.usefixtures("no_color")
async def test_labs_keep_value_unit_reference_and_flag_at_80_columns() -> None:
    app = make_app()
    async with app.run_test(size=THIN) as pilot:
        await SCENARIOS["labs"].run_before(pilot)
        text = screen_text(app)
    (header,) = [line for line in text.splitlines() if "Dato " in line and "Analyse " in line]
    for heading in ("Resultat", "Enhed", "Ref.", "Flag"):
        assert heading in header, header
    kalium = lines_with(text, "P-Kalium ")[0]  # the list's row (the line below it is the entry in full)
    for cell in ("3,2", "mmol/L", "3,5–4,6", " L"):
        assert cell in kalium, kalium
    (pco2,) = lines_with(text, "pCO2")
    assert "kPa" in pco2 and "4,7–6" in pco2 and pco2.rstrip().endswith("H"), pco2


@pytest.mark.usefixtures("no_color")
async def test_demo_labs_names_are_cut_with_an_ellipsis_not_the_values() -> None:
    app = demo_app()
    async with app.run_test(size=THIN) as pilot:
        await SCENARIOS["labs_demo"].run_before(pilot)
        text = screen_text(app)
    (crp,) = lines_with(text, "P-C-reaktiv")
    assert "…" in crp and "mg/l" in crp and "< 8" in crp and crp.rstrip().endswith("H"), crp


@pytest.mark.parametrize("size", [THIN, (120, 40)])
async def test_columns_come_back_after_a_filter_with_no_hits(size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await open_poul(pilot)
        await pilot.press("3")
        await settle_active_pane(pilot)
        table = app.screen.active_pane().query_one(EntryList)
        before = [(c.label.plain, c.get_render_width(table)) for c in table.ordered_columns]
        width_before = table.size.width
        rows_before = [line for line in screen_text(app).splitlines() if "P-Kalium" in line]
        # Every prefix matches nothing ("x" alone would find Amoxicillin in the susceptibilities).
        await pilot.press("slash", *"qxyzy")
        await settle_active_pane(pilot)
        assert table.row_count == 0
        assert table.size.width == width_before  # the list keeps the width of its pane
        await pilot.press(*["backspace"] * 5)
        await settle_active_pane(pilot)
        after = [(c.label.plain, c.get_render_width(table)) for c in table.ordered_columns]
        rows_after = [line for line in screen_text(app).splitlines() if "P-Kalium" in line]
    assert after == before
    assert rows_after == rows_before


@pytest.mark.usefixtures("no_color")
@pytest.mark.parametrize(
    "name, box",
    [
        ("help", "#help-box"),
        ("consent", "#consent-box"),
        ("break_glass", "#bg-box"),
        ("lock", "#lock-box"),
        ("passphrase", ".audit-dialog"),
        ("error_details", "#help-box"),
    ],
)
async def test_dialogs_fit_80x24(name: str, box: str) -> None:
    scenario = SCENARIOS[name]
    app = scenario.app()
    async with app.run_test(size=THIN) as pilot:
        await scenario.run_before(pilot)
        region = app.screen.query_one(box).region
        text = screen_text(app)
    assert region.x >= 0 and region.right <= THIN[0] and region.bottom <= THIN[1], region
    if name == "consent":  # who the consent is for stays in view
        assert "Poul Erik Madsen" in text and "120354-1237" in text


@pytest.mark.usefixtures("no_color")
async def test_the_protection_badge_is_not_cut_at_80_columns() -> None:
    app = demo_app()
    async with app.run_test(size=THIN) as pilot:
        await open_poul(pilot, query="0902792466")
        await settle_active_pane(pilot)
        text = screen_text(app)
    assert (
        "Navne- og adressebeskyttelse" in text.replace("\n", " ").replace("  ", " ") or "adressebeskyttelse" in text
    ), text
    assert "Ane Kirstine Bach" in text and "Data pr." in text


@pytest.mark.usefixtures("no_color")
async def test_focus_shows_without_colour() -> None:
    """The highlighted row is reverse video while the list has the focus (underlined when
    not); a text field in focus has a double border, an idle one a single border."""
    app = make_app()
    async with app.run_test(size=THIN) as pilot:
        await SCENARIOS["labs"].run_before(pilot)
        table = app.screen.active_pane().query_one(EntryList)
        assert app.screen.focused is table
        focused_style = table.get_component_rich_style("datatable--cursor")
        await pilot.press("slash")
        await pilot.pause()
        field = app.screen.focused
        assert isinstance(field, Input)
        blurred_style = table.get_component_rich_style("datatable--cursor")
        field_style = field.rich_style
    assert focused_style.reverse and not blurred_style.reverse and blurred_style.underline
    assert field_style.underline  # the compact filter field, being typed in

    app = make_app()
    async with app.run_test(size=THIN) as pilot:
        await SCENARIOS["consent"].run_before(pilot)
        reason = app.screen.query_one("#consent-reason", Input)
        assert reason.styles.border_top[0] == "solid"
        highlighted, other = app.screen.query("#consent-basis RadioButton")
        assert highlighted.get_component_rich_style("toggle--label").underline
        assert not other.get_component_rich_style("toggle--label").underline
        await pilot.press("enter")  # basis chosen: the focus moves to the reason
        await wait_for(pilot, lambda: app.screen.focused is reason)
        await pilot.pause()
        assert reason.styles.border_top[0] == "double"


@pytest.mark.usefixtures("no_color")
async def test_a_checkbox_shows_its_state_as_a_glyph() -> None:
    scenario = SCENARIOS["break_glass"]
    app = scenario.app()
    async with app.run_test(size=THIN) as pilot:
        await scenario.run_before(pilot)
        unticked = lines_with(screen_text(app), "Jeg bekræfter")
        app.screen.query_one("#bg-confirm").focus()
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        ticked = lines_with(screen_text(app), "Jeg bekræfter")
    assert "[ ]" in unticked[0] and "[x]" not in unticked[0], unticked
    assert "[x]" in ticked[0], ticked


def test_fit_columns_gives_way_in_steps() -> None:
    """Flexible columns first, then short headings, then droppable columns, then the names
    down to their heading; flags and reference ranges never."""
    from rich.text import Text

    from sjtui.ui.widgets.entry_list import fit_columns

    keys = ["col.date", "col.analysis", "col.value", "col.reference", "col.flag", "col.source"]
    row = [
        "10.11.2026 08:05",
        "P-C-reaktivt protein",
        "12",
        "8,3–10,5",
        "H",
        "Sygehus Lillebælt, Vejle, Klinisk Biokemisk Afdeling",
    ]
    flex = [("col.source", 12), ("col.analysis", 22)]

    def fit(width: int) -> tuple[list[str], list[str]]:
        cells = [Text(c) for c in row]
        layout = fit_columns(keys, [cells], width, flex, ["col.source"])
        return layout.labels, [cells[keys.index(k)].plain for k in layout.keys]

    labels, cells = fit(200)  # room for all: nothing cut
    assert cells == row and "Referenceinterval" in labels
    labels, cells = fit(90)  # the source gives way first
    assert cells[-1].endswith("…") and cells[1] == row[1]
    labels, cells = fit(66)  # short heading, then the source is left out
    assert labels == ["Dato", "Analyse", "Resultat", "Ref.", "Flag"] and cells[1] == row[1]
    labels, cells = fit(56)  # the name is cut, the flag and reference range are not
    assert cells[1].endswith("…") and cells[3:] == ["8,3–10,5", "H"]


async def test_text_fields_use_console_glyphs_on_the_linux_console(monkeypatch) -> None:
    """TERM=linux (colour on): text fields drop the thin block glyphs a console font lacks
    for single and double box lines; the double line marks the field being typed in."""
    monkeypatch.setenv("TERM", "linux")
    app = make_app()
    async with app.run_test(size=THIN) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#search-input", Input)
        assert app.screen.focused is field
        assert field.styles.border_top[0] == "double"
        assert "▔" not in screen_text(app) and "═" in screen_text(app)


@pytest.mark.usefixtures("no_color")
async def test_a_quarantined_entry_is_shown_in_full_under_a_narrow_list() -> None:
    app = make_app()
    async with app.run_test(size=THIN) as pilot:
        await SCENARIOS["labs"].run_before(pilot)
        await pilot.press("end")  # the last row: the entry that could not be read
        await settle_active_pane(pilot)
        text = screen_text(app)
    full = " ".join(text.split("─" * 20)[-1].split())  # the lines under the list, joined
    assert "Kunne ikke læses" in full and "Observation" in full and "fejl i data" in full, text
