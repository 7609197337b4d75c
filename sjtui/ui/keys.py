"""The one registry of commands: id, default keys, action, label and help text.

Footer, help screen, command palette and the user keymap (`settings.keymap`, applied with
`App.set_keymap`) are all generated from `COMMANDS`, so a key shown anywhere is the key that
works. Binding descriptions hold i18n keys at class level and are translated per instance by
`localise_bindings` (the language is chosen at start, after the classes were built).

Keys stick to what reaches an app through tmux, SSH and odd terminals: letters, digits,
F1-F10, arrows, and a few ctrl keys that have an F-key alternative.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from textual.binding import Binding, BindingsMap, BindingType
from textual.dom import DOMNode

from sjtui.i18n import t
from sjtui.record.pane_ids import Pane

# Tab order on the record screen: the first ten with digit keys 1-9, 0, then the ones with
# keys of their own (`EXTRA_TAB_KEYS`: the digits are used up).
TAB_PANES: tuple[Pane, ...] = (
    Pane.OVERVIEW,
    Pane.NOTES,
    Pane.LABS,
    Pane.IMAGING,
    Pane.MEDICATION,
    Pane.VACCINATIONS,
    Pane.HOME,
    Pane.APPOINTMENTS,
    Pane.BASIC,
    Pane.ACCESS_LOG,
    Pane.COURSES,
)
TAB_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0")
EXTRA_TAB_KEYS: dict[Pane, str] = {Pane.COURSES: "ctrl+t"}


def tab_key(pane: Pane) -> str:
    """The key(s) that show a tab (before the user's keymap)."""
    index = TAB_PANES.index(pane)
    return TAB_KEYS[index] if index < len(TAB_KEYS) else EXTRA_TAB_KEYS[pane]


@dataclass(frozen=True, slots=True)
class Command:
    """One user command. `scope` says where it is bound: "app" (everywhere), "search",
    "record", "consent", "help"; `action` is a Textual action string in that scope."""

    id: str
    keys: str
    action: str
    label: str  # i18n key
    help: str  # i18n key
    scope: str
    show: bool = False  # shown in the footer
    priority: bool = False
    palette: bool = True  # offered in the command palette
    tab: Pane | None = None  # tab commands: label/help are formatted with the tab's name

    def title(self) -> str:
        return t(self.label, tab=t(f"tab.{self.tab}")) if self.tab else t(self.label)

    def description(self) -> str:
        return t(self.help, tab=t(f"tab.{self.tab}")) if self.tab else t(self.help)

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.label,  # translated per instance (localise_bindings)
            show=self.show,
            priority=self.priority,
            id=self.id,
            tooltip=self.help,
        )


COMMANDS: tuple[Command, ...] = (
    Command("app.quit", "ctrl+q", "quit", "cmd.quit", "cmd.quit.help", "app", show=True, priority=True),
    Command("app.help", "f1", "app.show_help", "cmd.help", "cmd.help.help", "app", show=True),
    Command(
        "app.palette",
        "ctrl+p",
        "app.command_palette",
        "cmd.palette",
        "cmd.palette.help",
        "app",
        priority=True,
        palette=False,
    ),  # the footer shows it on the right by itself
    Command("app.theme", "f9", "app.toggle_theme", "cmd.theme", "cmd.theme.help", "app"),
    Command("app.error_details", "f8", "app.error_details", "cmd.details", "cmd.details.help", "app"),
    Command("app.lock", "f12", "app.lock", "cmd.lock", "cmd.lock.help", "app"),
    Command("app.audit_review", "f10", "app.audit_review", "cmd.audit_review", "cmd.audit_review.help", "app"),
    Command("search.focus", "ctrl+f", "focus_search", "cmd.search", "cmd.search.help", "search"),
    # Priority: acted on when the key arrives, before the keys typed after it are handed to
    # the record screen (a CPR typed right after F2 belongs to the search field, not the tabs).
    Command(
        "record.switch_citizen",
        "f2,ctrl+n",
        "switch_citizen",
        "cmd.switch",
        "cmd.switch.help",
        "record",
        show=True,
        priority=True,
    ),
    Command("record.filter", "slash,f3", "focus_filter", "cmd.filter", "cmd.filter.help", "record", show=True),
    Command("record.clear_filter", "f4", "clear_filter", "cmd.clear_filter", "cmd.clear_filter.help", "record"),
    Command("record.break_glass", "f6", "break_glass", "cmd.break_glass", "cmd.break_glass.help", "record"),
    # Clinical views (sjtui.ui.screens.record_clinical): the trend of the selected row, the
    # labs' cumulative table, search across the whole record.
    Command("record.trend", "t", "show_trend", "cmd.trend", "cmd.trend.help", "record"),
    Command("record.cumulative", "k", "toggle_cumulative", "cmd.cumulative", "cmd.cumulative.help", "record"),
    Command("record.find", "f7", "find_in_record", "cmd.find", "cmd.find.help", "record"),
    *(
        Command(f"tab.{pane.value}", key, f"show_tab('{pane.value}')", "cmd.tab", "cmd.tab.help", "record", tab=pane)
        for pane, key in ((p, tab_key(p)) for p in TAB_PANES)
    ),
    Command("consent.submit", "ctrl+s", "submit", "cmd.submit", "cmd.submit.help", "consent", show=True, palette=False),
    Command("consent.cancel", "escape", "cancel", "cmd.cancel", "cmd.cancel.help", "consent", show=True, palette=False),
    Command("help.close", "escape,f1", "dismiss", "cmd.close", "cmd.close", "help", palette=False),
    Command("trend.table", "v", "toggle_table", "cmd.trend_table", "cmd.trend_table.help", "trend"),
    Command("trend.copy", "c", "copy_values", "cmd.trend_copy", "cmd.trend_copy.help", "trend"),
    Command("trend.close", "escape,q", "dismiss", "cmd.close", "cmd.close", "trend", palette=False),
    Command("find.close", "escape", "dismiss", "cmd.close", "cmd.close", "find", palette=False),
)

BY_ID: dict[str, Command] = {c.id: c for c in COMMANDS}


def commands_for(scope: str) -> list[Command]:
    return [c for c in COMMANDS if c.scope == scope]


def bindings_for(scope: str) -> list[BindingType]:
    """The `BINDINGS` list of a screen or the app."""
    return [c.binding() for c in commands_for(scope)]


def localise_bindings(node: DOMNode) -> None:
    """Translate the descriptions of `node`'s bindings (i18n keys) into the current language."""
    translated: dict[str, list[Binding]] = {}
    for key, bindings in node._bindings.key_to_bindings.items():
        out = []
        for b in bindings:
            command = BY_ID.get(b.id or "")
            if command is not None:
                b = dataclasses.replace(b, description=command.title(), tooltip=command.description())
            out.append(b)
        translated[key] = out
    node._bindings = BindingsMap.from_keys(translated)


def key_label(command_id: str, keymap: dict[str, str] | None = None) -> str:
    """The key a user presses for a command (after their keymap), for on-screen hints."""
    keys = (keymap or {}).get(command_id) or BY_ID[command_id].keys
    first = keys.split(",")[0].strip()
    names = {"slash": "/", "escape": "Esc", "enter": "Enter"}
    if first in names:
        return names[first]
    return "+".join(p.upper() if len(p) <= 3 else p.capitalize() for p in first.split("+"))
