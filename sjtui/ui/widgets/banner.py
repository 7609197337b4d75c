"""The citizen banner: name, CPR, age and CAVE on every tab, plus data age and notices.

CAVE (allergies and critical warnings) is always visible: it is the one thing a nurse must
never miss, so it is never hidden behind a tab or cut by a filter.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from sjtui.cpr import format_cpr
from sjtui.i18n import t
from sjtui.record.entries import CaveItem, Citizen, CitizenSummary
from sjtui.record.model import ListState, PaneData, Record
from sjtui.ui.formatting import age, fmt_datetime
from sjtui.ui.known import not_known_line
from sjtui.ui.render import clean, literal


def cave_words(item: CaveItem, *, detail: bool = True) -> list[str]:
    """Kind, criticality, confirmation and status as words (never colour alone); with
    `detail`, the reaction / flag text too."""
    if item.kind in ("no-known", "not-asked"):
        return [t("cave.statement") if item.kind == "no-known" else t("cave.not_asked")]
    words = [t("record.cave.allergy") if item.kind == "allergy" else t("record.cave.warning")]
    if item.criticality == "high":
        words.append(t("record.cave.high"))
    if item.unconfirmed:
        words.append(t("cave.unconfirmed"))
    if not item.active:
        status = t(f"cave.status.{item.status}")
        words.append(status if status != f"cave.status.{item.status}" else t("cave.status.inactive"))
    if detail and item.detail:
        words.append(item.detail)
    return words


def _append_item(text: Text, item: CaveItem) -> None:
    text.append_text(literal(item.title, "bold"))
    text.append(" (")
    text.append_text(literal(", ".join(cave_words(item))))
    text.append(")")


def cave_text(data: PaneData[CaveItem]) -> Text:
    """ "CAVE: Penicillin (allergi, høj risiko) · ..." with kind and criticality as words;
    "Ingen kendte CAVE" only for a complete list; else "Ikke kendt: <why>"."""
    text = Text(f"{t('record.cave')}: ", style="bold", end="")
    state = data.state
    if state is ListState.LOADING and not data.items:
        text.append(t("pane.loading"))
        return text
    shown = [i for i in data.items if i.is_cave]
    statements = [i for i in data.items if i.active and i.kind in ("no-known", "not-asked")]
    for n, item in enumerate(shown):
        if n:
            text.append(" · ")
        _append_item(text, item)
    unknown = not_known_line(data, has_shown=bool(shown))
    if unknown:
        if shown:
            text.append(" · ")
        text.append(unknown, style="bold reverse")
    elif not shown:
        text.append(t("cave.hidden_only", n=data.hidden) if data.hidden else t("record.no_cave"))
    for item in statements:
        text.append(" · ")
        _append_item(text, item)
    return text


class CitizenBanner(Vertical):
    """Who is open. Updated in place as the record arrives; cleared on switch.

    Updates that come before the parts are composed or while they are being taken down (a
    record arriving in the moment F2 closes it) change nothing and raise nothing."""

    def _part(self, part_id: str) -> Static | None:
        found = self.query(f"#{part_id}")
        return found.first(Static) if found else None

    def compose(self) -> ComposeResult:
        with Horizontal(id="banner-top"):
            yield Static(id="banner-who", markup=False)
            yield Static(id="banner-asof", markup=False)
        yield Static(id="banner-cave", markup=False)
        yield Static(id="banner-notice", markup=False)

    def show_citizen(self, citizen: Citizen | CitizenSummary, today: date) -> None:
        who = literal(citizen.name, "bold")
        who.append("   ")
        who.append(format_cpr(citizen.cpr))
        years = age(citizen.birth_date, today)
        if years is not None:
            who.append("   ")
            who.append(t("record.age", age=years))
        if citizen.protected:
            who.append("   ")
            who.append(t("record.protected"), style="bold")
        if isinstance(citizen, Citizen) and citizen.deceased:
            who.append("   ")
            who.append(t("record.deceased"), style="bold")
        part = self._part("banner-who")
        if part is not None:
            part.update(who)

    def show_record(
        self,
        record: Record,
        today: date,
        hidden: int,
        break_glass_key: str,
        loading: list[str],
        break_glass_reason: str = "",
        hidden_complete: bool = True,
    ) -> None:
        """`break_glass_reason`: break-the-glass is in force for this opening, and why.
        `hidden_complete`: `hidden` counts every pane (else what has arrived: "at least")."""
        self.show_citizen(record.citizen, today)
        as_of = Text(end="")
        if record.as_of is not None:
            as_of.append(t("record.as_of", time=fmt_datetime(record.as_of)))
            if record.from_cache:
                as_of.append(" " + t("record.from_cache"))
        else:
            as_of.append(t("record.as_of.none"))
        cave, notice, shown_as_of = self._part("banner-cave"), self._part("banner-notice"), self._part("banner-asof")
        if cave is None or notice is None or shown_as_of is None:
            return
        shown_as_of.update(as_of)
        cave.update(cave_text(record.cave))
        cave.set_class(any(i.is_cave for i in record.cave.items), "has-cave")
        cave.set_class(record.cave.state is ListState.UNKNOWN, "cave-unknown")
        notices: list[str] = []
        if record.offline:
            notices.append(
                t("record.offline", time=fmt_datetime(record.as_of)) if record.as_of else t("record.offline.none")
            )
        if break_glass_reason:
            notices.append(t("record.break_glass_active", reason=clean(break_glass_reason, single_line=True)))
        if hidden:
            key = "record.hidden" if hidden_complete else "record.hidden_at_least"
            notices.append(t(key, n=hidden, key=break_glass_key))
        if loading:
            notices.append(t("record.loading_panes", panes=", ".join(loading)))
        notice.update(Text("   ".join(notices), end=""))
        notice.display = bool(notices)
        notice.set_class(record.offline, "offline")
        notice.set_class(bool(break_glass_reason), "break-glass")

    def show_opening(self, citizen: CitizenSummary, today: date) -> None:
        self.show_citizen(citizen, today)
        as_of, cave, notice = self._part("banner-asof"), self._part("banner-cave"), self._part("banner-notice")
        if as_of is None or cave is None or notice is None:
            return
        as_of.update(t("record.opening"))
        cave.update(f"{t('record.cave')}: {t('pane.loading')}")
        notice.display = False
