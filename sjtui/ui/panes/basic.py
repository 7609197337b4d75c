"""Stamkort: personal details, general practitioner, living will and organ donation, and
relatives."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from sjtui.cpr import format_cpr
from sjtui.i18n import t
from sjtui.record.model import Pane, Record
from sjtui.ui.formatting import age, fmt_date, fmt_datetime
from sjtui.ui.known import not_known_line
from sjtui.ui.language_names import language_name
from sjtui.ui.panes.base import RecordPane
from sjtui.ui.panes.registrations import registrations_section
from sjtui.ui.phone_numbers import display_phone
from sjtui.ui.render import literal

_GENDERS = {"male", "female", "other", "unknown"}


class BasicPane(RecordPane):
    PANE = Pane.BASIC
    HELP_KEY = "help.basic"

    def build(self) -> ComposeResult:
        with VerticalScroll(classes="basic-scroll", can_focus=True):
            yield Static(id="basic-card")
            yield Static(id="basic-relatives")
            yield Static(id="basic-registrations")
            yield Static(classes="pane-status", markup=False)

    def render_record(self, record: Record) -> None:
        c = record.citizen
        card = Table.grid(padding=(0, 3))
        card.add_column(style="bold", no_wrap=True)
        card.add_column()
        years = age(c.birth_date, self.today)
        born = fmt_date(c.birth_date) + (f"  ({t('record.age', age=years)})" if years is not None else "")
        gender = t(f"basic.gender.{c.gender}") if c.gender in _GENDERS else c.gender
        address = t("record.protected") if c.protected and not c.address else c.address
        bad = set(c.unreadable_fields)

        def mark(value: Text, *fields: str) -> Text:
            if bad.intersection(fields):
                value.append((" " if value.plain else "") + t("unreadable.field"), style="italic")
            return value

        rows = [
            ("basic.name", mark(literal(c.name), "name")),
            ("basic.cpr", mark(Text(format_cpr(c.cpr)), "identifier")),
            ("basic.born", mark(Text(born), "birthDate")),
            ("basic.gender", literal(gender)),
            ("basic.address", literal(address, "bold" if c.protected else "")),
            ("basic.phone", literal(display_phone(c.phone))),
            ("basic.language", literal(language_name(c.language))),
            ("basic.gp", literal(c.gp)),
            ("basic.gp_phone", literal(display_phone(c.gp_phone))),
        ]
        if c.updated is not None:
            rows.append(("basic.updated", Text(fmt_datetime(c.updated))))
        for key, value in rows:
            card.add_row(t(key), value)
        self.query_one("#basic-card", Static).update(card)
        self.query_one("#basic-registrations", Static).update(registrations_section(record.registrations))

        relatives = record.basic.items or c.relatives
        rel = Table(
            title=t("basic.relatives"),
            title_justify="left",
            title_style="bold underline",
            show_edge=False,
            box=None,
            padding=(0, 3),
            show_header=False,
        )
        rel.add_column(style="bold")
        rel.add_column()
        rel.add_column()
        for r in relatives:
            rel.add_row(literal(r.name), literal(r.relationship), literal(display_phone(r.phone)))
        if not relatives:
            rel.add_row(Text(t("basic.no_relatives")), Text(""), Text(""))
        self.query_one("#basic-relatives", Static).update(rel)

        parts = []
        if record.basic.hidden:
            parts.append(t("pane.hidden", n=record.basic.hidden))
        unknown = not_known_line(record.basic, has_shown=True)
        if unknown:
            parts.append(unknown)
        if c.unreadable_fields:
            parts.append(t("unreadable.fields", fields=", ".join(c.unreadable_fields)))
        status = self.query_one(".pane-status", Static)
        status.update(Text("   ".join(parts), end=""))
        status.display = bool(parts)

    def focus_within(self) -> None:
        for scroll in self.query(".basic-scroll"):
            scroll.focus()
