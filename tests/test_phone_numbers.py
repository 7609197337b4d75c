"""Phone numbers on the basic card: a Danish number in pairs, anything else as sent."""

from __future__ import annotations

import pytest

from sjtui.ui.phone_numbers import display_phone

from thin_screens import demo_app
from ui_fakes import open_poul, screen_text, settle_active_pane, wait_for


@pytest.mark.parametrize(
    ("sent", "shown"),
    [
        ("+4510200101", "+45 10 20 01 01"),
        ("004510200101", "+45 10 20 01 01"),
        ("+45 10-20-01-01", "+45 10 20 01 01"),
        ("10200101", "10 20 01 01"),
        ("10 20 01 01", "10 20 01 01"),
        ("(+45) 1020 0101", "+45 10 20 01 01"),
    ],
)
def test_a_danish_number_is_shown_in_pairs(sent: str, shown: str) -> None:
    assert display_phone(sent) == shown


@pytest.mark.parametrize(
    "sent",
    [
        "+46701234567",  # Swedish: not ours to regroup
        "+4510200101 lok. 12",  # an extension stays with its number
        "1020010",  # seven digits: not a Danish number
        "kun hverdage",
        "",
    ],
)
def test_anything_else_is_shown_as_sent(sent: str) -> None:
    assert display_phone(sent) == sent


@pytest.mark.usefixtures("ui_home")
async def test_the_basic_card_shows_poul_s_numbers_in_pairs() -> None:
    app = demo_app("da")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_poul(pilot, "1203541237")
        screen = app.screen
        await wait_for(pilot, lambda: screen.record is not None and screen.record.basic.loaded, tries=200)
        await pilot.press("9")
        await settle_active_pane(pilot)
        text = screen_text(app)
    assert "+45 10 20 01 01" in text  # his own mobile, sent as +4510200101
    assert "+4510200101" not in text
