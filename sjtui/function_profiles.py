"""Function profiles: the tab order and default filters of the acute-care nurse, the home
nurse and the addiction-centre worker. Headless (no Textual): read by `config.py`, used by
`sjtui.ui.tab_order`.

    role = "home-care"                 # acute | home-care | addiction (also in [profiles.NAME])
    tab_order = ["overview", "home", "medication"]   # the first tabs; the rest follow
    [filters]                          # default filters per tab: days = 30 | 90 | 365, text
    home = { days = 30 }
    notes = { text = "Sygeplejenotat" }

Precedence: `tab_order` and `[filters]` in the config win over the role's preset, which wins
over the default order. Without `role`, the signed-in identity's role claim may choose the
preset (a token naming "acute", "home-care" or "addiction"); the config always wins.
Default filters are shown as removable chips above the list; removing one shows everything.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

#: Function roles (English keys; the UI shows their Danish names).
ROLES = ("acute", "home-care", "addiction")
#: The record's tabs in their default order (ids of `sjtui.record.model.Pane`).
TAB_IDS = (
    "overview",
    "notes",
    "labs",
    "imaging",
    "medication",
    "vaccinations",
    "home",
    "appointments",
    "basic",
    "access_log",
    "courses",
)
#: Period choices of the filter line (days).
PERIOD_DAYS = (30, 90, 365)


class FunctionProfileError(ValueError):
    """An invalid `role`, `tab_order` or `[filters]` setting; the message names the key."""


@dataclass(frozen=True, slots=True)
class DefaultFilter:
    days: int | None = None
    text: str = ""


@dataclass(frozen=True, slots=True)
class FunctionProfile:
    role: str = ""  # "" when no role applies
    tab_order: tuple[str, ...] = TAB_IDS  # every tab, in the order shown
    filters: Mapping[str, DefaultFilter] = field(default_factory=dict)


PRESETS: dict[str, tuple[tuple[str, ...], dict[str, DefaultFilter]]] = {
    # Acute call-out: CAVE and the overview first, what is given, what was measured, what
    # was written, what was seen; the newest labs first (a month).
    "acute": (
        ("overview", "medication", "labs", "notes", "imaging", "courses", "appointments", "home"),
        {"labs": DefaultFilter(days=30)},
    ),
    # Home nursing: the home measurements of the last month, medication, visits, notes.
    "home-care": (
        ("overview", "home", "medication", "appointments", "notes", "labs", "basic"),
        {"home": DefaultFilter(days=30)},
    ),
    # Addiction centre: medication (substitution), notes, appointments, labs.
    "addiction": (
        ("overview", "medication", "notes", "appointments", "labs", "courses", "basic"),
        {"notes": DefaultFilter(days=365)},
    ),
}


def complete_order(first: Iterable[str]) -> tuple[str, ...]:
    """`first`, then every other tab in the default order."""
    head = list(dict.fromkeys(first))
    return (*head, *(tab for tab in TAB_IDS if tab not in head))


def check_role(value: object, key: str = "role") -> str | None:
    if value is None or value == "":
        return None
    if value not in ROLES:
        raise FunctionProfileError(f"invalid setting '{key}': must be one of " + ", ".join(repr(r) for r in ROLES))
    return str(value)


def check_tab_order(value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FunctionProfileError("invalid setting 'tab_order': must be a list of tab names")
    for tab in value:
        if tab not in TAB_IDS:
            raise FunctionProfileError(
                f"invalid setting 'tab_order': no tab named {tab!r} (tabs: {', '.join(TAB_IDS)})"
            )
    if len(set(value)) != len(value):
        raise FunctionProfileError("invalid setting 'tab_order': a tab is named twice")
    return list(value)


def check_filters(value: object) -> dict[str, DefaultFilter]:
    if not isinstance(value, dict):
        raise FunctionProfileError("invalid setting 'filters': must be a table of tabs, e.g. home = { days = 30 }")
    out: dict[str, DefaultFilter] = {}
    for tab, table in value.items():
        if isinstance(table, DefaultFilter):
            out[tab] = table
            continue
        key = f"filters.{tab}"
        if tab not in TAB_IDS or tab in ("overview", "basic"):
            raise FunctionProfileError(f"invalid setting '{key}': no tab with a filter line named {tab!r}")
        if not isinstance(table, dict):
            raise FunctionProfileError(f"invalid setting '{key}': must be a table, e.g. {{ days = 30 }}")
        unknown = sorted(set(table) - {"days", "text"})
        if unknown:
            raise FunctionProfileError(f"invalid setting '{key}.{unknown[0]}': unknown setting (days, text)")
        days = table.get("days")
        if days is not None and (isinstance(days, bool) or days not in PERIOD_DAYS):
            raise FunctionProfileError(f"invalid setting '{key}.days': must be one of 30, 90, 365")
        text = table.get("text", "")
        if not isinstance(text, str):
            raise FunctionProfileError(f"invalid setting '{key}.text': must be text")
        out[tab] = DefaultFilter(days=days, text=text.strip())
    return out


def role_from_identity(roles: Iterable[str]) -> str:
    """The first function role a signed-in identity's role claim names ("" for none)."""
    for role in roles:
        if role in ROLES:
            return role
    return ""


def function_profile(
    role: str | None,
    tab_order: Iterable[str] = (),
    filters: Mapping[str, DefaultFilter] | None = None,
    identity_roles: Iterable[str] = (),
) -> FunctionProfile:
    """The profile in effect: config's `role`, else the identity's; config's `tab_order`
    and `[filters]` over the role's preset."""
    chosen = role or role_from_identity(identity_roles)
    preset_order, preset_filters = PRESETS.get(chosen, ((), {}))
    order = list(tab_order) or list(preset_order)
    chosen_filters = dict(filters) if filters else dict(preset_filters)
    return FunctionProfile(chosen, complete_order(order), chosen_filters)


__all__ = [
    "PRESETS",
    "ROLES",
    "TAB_IDS",
    "DefaultFilter",
    "FunctionProfile",
    "FunctionProfileError",
    "check_filters",
    "check_role",
    "check_tab_order",
    "function_profile",
    "role_from_identity",
]
