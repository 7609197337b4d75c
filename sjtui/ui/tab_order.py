"""The record screen's tabs in the order of the clinician's function profile, with the digit
keys following the shown order and the profile's default filters per tab.

The order and filters come from `sjtui.function_profiles` (config `role`, `tab_order`,
`[filters]`; without a configured role, the signed-in identity's role claim). The keys go in
through the app's keymap (binding ids `tab.<pane>`), so the footer, the help and the palette
show the keys that work; a key the user chose in `keymap` wins over the profile's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sjtui.access.roles import roles_of
from sjtui.function_profiles import DefaultFilter, function_profile
from sjtui.record.model import Pane
from sjtui.ui.keys import TAB_KEYS, TAB_PANES
from sjtui.ui.widgets.filter_bar import UiFilter

#: Keys for the tabs after the tenth (the digits are used up).
EXTRA_KEYS = ("ctrl+t",)


@dataclass(frozen=True, slots=True)
class TabPlan:
    role: str = ""
    order: tuple[Pane, ...] = TAB_PANES
    filters: Mapping[Pane, UiFilter] = field(default_factory=dict)


def _ui_filter(flt: DefaultFilter) -> UiFilter:
    return UiFilter(days=flt.days, text=flt.text)


def tab_plan(settings: Any, identity: object | None = None) -> TabPlan:
    """The tabs and default filters for these settings and this signed-in identity."""
    profile = function_profile(
        getattr(settings, "role", None),
        getattr(settings, "tab_order", ()) or (),
        getattr(settings, "filters", None),
        roles_of(identity),
    )
    order = tuple(Pane(tab) for tab in profile.tab_order if tab in {p.value for p in TAB_PANES})
    order += tuple(p for p in TAB_PANES if p not in order)
    filters = {Pane(tab): _ui_filter(flt) for tab, flt in profile.filters.items() if tab in {p.value for p in order}}
    return TabPlan(profile.role, order, filters)


def tab_keys(order: Sequence[Pane]) -> dict[str, str]:
    """Binding id -> key: the digits 1-9, 0 in the shown order, then the extra keys."""
    keys = (*TAB_KEYS, *EXTRA_KEYS)
    return {f"tab.{pane.value}": keys[n] for n, pane in enumerate(order) if n < len(keys)}


def keymap_for(order: Sequence[Pane], user: Mapping[str, str]) -> dict[str, str]:
    """The profile's tab keys, then the user's own keymap (it wins; a profile key the user
    gave to another command is left out rather than bound twice)."""
    taken = {k.strip() for keys in user.values() for k in keys.split(",")}
    mine = {bid: key for bid, key in tab_keys(order).items() if bid not in user and key not in taken}
    return {**mine, **user}


def apply_tab_keys(app: Any, order: Sequence[Pane]) -> None:
    """Bind the tab keys in the shown order (app-wide keymap: footer, help and palette follow)."""
    app.keymap = keymap_for(order, dict(app.settings.keymap))
    app.set_keymap(app.keymap)


def ordered_by_tabs(commands: Sequence[Any], order: Sequence[Pane]) -> list[Any]:
    """Commands with the tab commands in the shown order (the others where they were)."""
    tabs = sorted((c for c in commands if c.tab is not None), key=lambda c: order.index(c.tab))
    it = iter(tabs)
    return [next(it) if c.tab is not None else c for c in commands]
