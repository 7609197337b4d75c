"""No tab label is cut into a fragment ("Forlø") on an 80-column screen, in either language,
before or after the tabs are visited (Pilot; keys in one burst)."""

from __future__ import annotations

import pytest

from sjtui.i18n import set_language
from sjtui.record.model import Pane
from sjtui.ui.keys import TAB_PANES
from sjtui.ui.widgets.tab_labels import GAP, fitted_labels, row_width

from burst_keys import burst
from ui_fakes import make_app, open_poul, screen_text, settle_active_pane
from view_checks import cut_tab_labels, tab_row

pytestmark = pytest.mark.usefixtures("ui_home")


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_tab_label_fits_80_columns_as_a_whole_word(lang: str) -> None:
    set_language(lang)
    labels = fitted_labels(TAB_PANES, 80)
    assert row_width(labels) <= 80
    assert all(len(label) >= 3 for label in labels.values())
    assert GAP == 1


def test_labels_give_way_only_as_far_as_needed() -> None:
    set_language("da")
    assert fitted_labels(TAB_PANES, 200)[Pane.LABS] == "Laboratoriesvar"
    narrow = fitted_labels(TAB_PANES, 80)
    assert narrow[Pane.COURSES] == "Forløb" and narrow[Pane.OVERVIEW] == "Overbl."


@pytest.mark.parametrize("lang", ["da", "en"])
async def test_the_eleventh_tab_is_whole_at_80_columns_before_it_is_chosen(lang: str) -> None:
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_poul(pilot, reason="Hjemmebesøg")
        await settle_active_pane(pilot)
        labels = [app.screen.query_one("TabbedContent").get_tab(p.value).label_text for p in TAB_PANES]
        assert cut_tab_labels(app) == []
        row = tab_row(screen_text(app), labels)
        assert row.split() == " ".join(labels).split()  # every label whole, none cut
        await burst(pilot, "2", "3", "ctrl+t", "1")
        await settle_active_pane(pilot)
        assert cut_tab_labels(app) == []
        assert app.last_error is None
