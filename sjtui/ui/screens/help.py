"""Help for the focused area: what it shows and the keys that work there (from the registry)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from sjtui.i18n import t
from sjtui.ui.keys import Command, bindings_for, commands_for, key_label, localise_bindings
from sjtui.ui.tab_order import TabPlan, ordered_by_tabs


def keys_table(commands: list[Command], keymap: dict[str, str]) -> Table:
    table = Table.grid(padding=(0, 3))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column()
    for c in commands:
        table.add_row(
            Text(key_label(c.id, keymap), end=""), Text(c.title(), end=""), Text(c.description(), style="dim", end="")
        )
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings_for("help")

    def __init__(self, help_key: str, scopes: list[str], keymap: dict[str, str], tabs: TabPlan | None = None) -> None:
        """`tabs`: the record screen's tab order (its tab keys are listed in that order)."""
        super().__init__()
        self.tabs = tabs
        localise_bindings(self)
        self.help_key = help_key
        self.scopes = scopes
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(t("help.title"), id="help-title")
            yield Static(t(self.help_key), id="help-text", markup=False)
            for scope in self.scopes:
                commands = [c for c in commands_for(scope) if c.id != "help.close"]
                if not commands:
                    continue
                if self.tabs is not None:
                    commands = ordered_by_tabs(commands, self.tabs.order)
                title = t("help.general") if scope == "app" else t("help.keys")
                if scope == "record" and self.tabs is not None and self.tabs.role:
                    title += "  " + t("help.role", role=t(f"role.{self.tabs.role}"))
                yield Static(title, classes="help-heading")
                yield Static(keys_table(commands, self.keymap), classes="help-keys")
            yield Static(t("help.close"), classes="help-hint")


class DetailsScreen(ModalScreen[None]):
    """The technical detail of the last error, on request (no personal data by contract)."""

    BINDINGS = bindings_for("help")

    def __init__(self, title: str, detail: str) -> None:
        super().__init__()
        localise_bindings(self)
        self.title_text = title
        self.detail = detail

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(t("error.details_title"), id="help-title")
            yield Static(Text(self.title_text, style="bold", end=""), markup=False)
            yield Static(Text(self.detail or t("error.no_details"), end=""), markup=False)
            yield Static(t("help.close"), classes="help-hint")
