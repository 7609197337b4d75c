"""Danish first: the command palette, the help windows and the record's dialogs show no
English UI words in the Danish UI (Pilot, on the search and the record screens)."""

from __future__ import annotations

import pytest

from ui_fakes import make_app, open_poul, screen_text, settle_active_pane, wait_for_text
from view_checks import foreign_words, raw_codes

pytestmark = pytest.mark.usefixtures("ui_home")

# Textual's own English texts that must have been replaced in Danish.
TEXTUAL_ENGLISH = (
    "Search for commands",
    "Quit the application",
    "Change theme",
    "Show keys",
    "Save screenshot",
    "Maximize",
    "Minimize",
    "No matches found",
    "Keys",
    "Screenshot",
    "Theme",
)


def english_in(text: str) -> list[str]:
    return [w for w in TEXTUAL_ENGLISH if w in text] + foreign_words(text, "da") + raw_codes(text)


async def test_palette_and_help_on_the_search_screen_are_danish() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        text = await wait_for_text(pilot, "Kommando")
        await pilot.pause(0.3)
        text = screen_text(app)
        assert english_in(text) == [], text
        await pilot.press("escape", "f1")
        text = await wait_for_text(pilot, "Hjælp")
        assert english_in(text) == [], text


async def test_palette_and_help_on_the_record_are_danish() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot)
        await settle_active_pane(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.5)
        text = screen_text(app)
        assert english_in(text) == [], text
        await pilot.press("escape")
        for tab in ("1", "3", "7"):
            await pilot.press(tab)
            await settle_active_pane(pilot)
            await pilot.press("f1")
            text = await wait_for_text(pilot, "Hjælp")
            assert english_in(text) == [], text
            await pilot.press("escape")


@pytest.mark.parametrize(("lang", "said"), [("da", "Ingen kommandoer eller borgere fundet"), ("en", "No commands")])
async def test_the_palette_says_nothing_was_found_in_the_ui_language(lang: str, said: str) -> None:
    """Textual builds "No matches found" in English inside its palette; ours says it in the
    UI's language."""
    app = make_app(lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"qqxzv")
        text = await wait_for_text(pilot, said)
        if lang == "da":
            assert english_in(text) == [], text
