"""The basic card's section on the living will and the organ donor decision.

Each register gets a row in one of the three states of its list (`record.registrations`):
- registered: what it says in plain words, when, and from where;
- found none: only after a complete, successful search, and worded so it does not claim
  the register has none (this server may not carry the national registers);
- not known: why (the search failed, was refused, the server does not support Consent).
Server text (organs, situations, sources) is shown literally.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from sjtui.i18n import t
from sjtui.record.entries import Registration
from sjtui.record.model import ListState, PaneData
from sjtui.ui.formatting import fmt_date
from sjtui.ui.known import reasons
from sjtui.ui.render import literal

KINDS = ("living-will", "organ-donor")


def _donor_words(item: Registration) -> Text:
    decision = item.decision if item.decision in ("yes", "no", "relatives") else ""
    if item.decision == "limited":
        text = Text(t("reg.donor.limited"), style="bold")
        if item.items:
            text.append("\n" + t("reg.donor.only") + " ")
            text.append_text(literal(", ".join(item.items)))
        if item.excluded:
            text.append("\n" + t("reg.donor.except") + " ")
            text.append_text(literal(", ".join(item.excluded)))
        return text
    return Text(t(f"reg.donor.{decision or 'unstated'}"), style="bold")


def _living_will_words(item: Registration) -> list[RenderableType]:
    text = Text(t("reg.will.registered"), style="bold")
    if item.note:
        text.append("\n" + t("reg.will.asks") + " ")
        text.append_text(literal(item.note))
    if not item.items:
        text.append("\n" + t("reg.will.no_situations"), style="italic")
        return [text]
    text.append("\n" + t("reg.will.covers"))
    situations = Table.grid(padding=(0, 0))
    situations.add_column(no_wrap=True)
    situations.add_column()
    for situation in item.items:  # a wrapped situation stays indented under its bullet
        situations.add_row("  • ", literal(situation))
    return [text, situations]


def _where_when(item: Registration) -> Text:
    parts = []
    if item.date is not None:
        parts.append(t("reg.registered_on", date=fmt_date(item.date)))
    source = item.source.label()
    text = Text(", ".join(parts), style="dim")
    if source:
        text.append((" · " if parts else "") + t("reg.source") + " ", style="dim")
        text.append_text(literal(source, "dim"))
    return text


def _cell(kind: str, data: PaneData[Registration]) -> RenderableType:
    mine = [i for i in data.items if i.kind == kind]
    if mine:
        parts: list[RenderableType] = []
        for item in mine:
            parts.extend([_donor_words(item)] if kind == "organ-donor" else _living_will_words(item))
            where = _where_when(item)
            if where.plain:
                parts.append(where)
        return Group(*parts)
    state = data.state
    if state is ListState.LOADING:
        return Text(t("pane.loading"), style="italic")
    if state is ListState.UNKNOWN:
        return Text(t("state.not_known", reasons=reasons(data)), style="bold")
    if data.hidden:  # a private-marked registration may be this one: never "none found"
        return Text(t("pane.hidden", n=data.hidden))
    # Known: a complete, successful search, and nothing of this kind in force.
    return Text(t("reg.none_here"))


def registrations_section(data: PaneData[Registration]) -> Group:
    """The section: a title and a row per register."""
    table = Table.grid(padding=(0, 3))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for kind in KINDS:
        table.add_row(t(f"reg.kind.{kind}"), _cell(kind, data))
    return Group(Text(t("reg.title"), style="bold underline"), table)
