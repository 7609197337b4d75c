"""The journal list says date, type, title and source (issue #13): the title (the note's
description) is a column of its own at 120 and at 80 columns; the author gives way first."""

from __future__ import annotations

import pytest

from ui_fakes import make_app, open_poul, settle_active_pane, wait_for_text

pytestmark = pytest.mark.usefixtures("ui_home")


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
@pytest.mark.parametrize("lang,heading", [("da", "Titel"), ("en", "Title")])
async def test_the_journal_list_has_a_title_column(size: tuple[int, int], lang: str, heading: str) -> None:
    app = make_app(lang=lang)
    async with app.run_test(size=size) as pilot:
        await open_poul(pilot)
        await pilot.press("2")
        await pilot.pause()
        await settle_active_pane(pilot)
        text = await wait_for_text(pilot, heading, "Sygeplejenotat", "Epikrise")
        rows = [line for line in text.splitlines() if "Epikrise" in line and "Udskrevet" in line]
        assert rows, "the discharge summary's title is in its row"
