"""Search the whole opened record (F7): notes, reports, labs (panel members included), home
measurements and medication, with Danish folding, on what is already on this machine.

Hits are listed newest first with the matching words highlighted; Enter goes to the entry in
its tab. Snippets are server text: cleaned and shown as plain Text, the highlight is a style
on the spans found in that cleaned text (never markup).

Typing ahead is safe: what is typed before the window is up goes into the query, Enter
searches at once (so the Down and Enter typed right after it move in the hits), and letters
typed while the hits have the focus refine the query.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static

from sjtui.i18n import t
from sjtui.record.model import Record
from sjtui.record.textsearch import SearchHit, find_spans, search_record
from sjtui.ui.formatting import fmt_date
from sjtui.ui.keys import bindings_for, localise_bindings
from sjtui.ui.numbers import measure, ucum_display
from sjtui.ui.render import clean

HIGHLIGHT = "bold reverse"
MIN_QUERY = 2
TYPING_PAUSE_SECONDS = 0.2


def value_with_unit(value: str, unit: str) -> str:
    return f"{measure(value, None, unit).text} {ucum_display(unit)}".strip()


def highlighted(query: str, snippet: str) -> Text:
    """`snippet` as plain text with every occurrence of the query's words highlighted."""
    text = Text(clean(snippet, single_line=True), end="", no_wrap=True, overflow="ellipsis")
    for start, end in find_spans(query, text.plain):
        text.stylize(HIGHLIGHT, start, end)
    return text


class FindInput(Input):
    """The query field; Enter searches at once, in the order the keys came."""

    async def _on_key(self, event: events.Key) -> None:
        screen = self.screen
        if event.key == "enter" and isinstance(screen, FindScreen):
            event.stop()
            event.prevent_default()
            screen.submit(self.value)
            return
        await super()._on_key(event)


class FindScreen(ModalScreen[SearchHit | None]):
    BINDINGS = bindings_for("find")

    def __init__(self, record: Record, bodies: Mapping[str, str], query: str = "") -> None:
        super().__init__()
        localise_bindings(self)
        self.record = record
        self.bodies = dict(bodies)
        self.initial = query
        self.hits: list[SearchHit] = []
        self._timer: Timer | None = None
        self._early: list[events.Key] = []  # keys typed before the window was composed

    def compose(self) -> ComposeResult:
        with Vertical(id="find-box"):
            yield Static(t("find.title"), id="find-title")
            field = FindInput(value=self.initial, placeholder=t("find.placeholder"), id="find-input")
            field.cursor_blink = False  # nothing repaints while idle (SSH)
            yield field
            yield Static("", id="find-count", markup=False)
            yield DataTable(id="find-hits", cursor_type="row")
            yield Static(t("find.keys"), id="find-hint", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#find-hits", DataTable)
        for key in ("col.date", "find.col.tab", "find.col.what", "find.col.text"):
            table.add_column(t(key), key=key)
        self.set_focus(self.query_one("#find-input", Input))  # at once: keys typed ahead follow
        if self.initial:
            self.run_search(self.initial)
        early, self._early = self._early, []
        for event in early:
            self.hand_over(event)

    @on(Input.Changed, "#find-input")
    def _changed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        query = event.value
        self._timer = self.set_timer(TYPING_PAUSE_SECONDS, lambda: self.run_search(query))

    @on(Input.Submitted, "#find-input")
    def _submitted(self, event: Input.Submitted) -> None:
        self.submit(event.value)

    def submit(self, query: str) -> None:
        """Search now and give the hits the focus now (the next key typed moves in them)."""
        if self._timer is not None:
            self._timer.stop()
        self.run_search(query)
        if self.hits:
            self.set_focus(self.query_one("#find-hits", DataTable))

    def on_key(self, event: events.Key) -> None:
        self.take_key(event)

    def hand_over(self, event: events.Key) -> None:
        """A key typed ahead that went elsewhere (the record screen below, or this screen
        before it was composed): taken here as if typed now, in order."""
        event.stop()
        event.prevent_default()
        again = events.Key(event.key, event.character)  # the original is spent
        if not self.take_key(again):
            # e.g. Down or Enter in the hits: pressed again, to reach their bindings (the keys
            # of the burst are all through the app's queue by now, so the order holds)
            pressed = events.Key(event.key, event.character)
            pressed.set_sender(self.app)  # as the driver sends it: it bubbles up to the app
            self.app.post_message(pressed)

    def take_key(self, event: events.Key) -> bool:
        """A key no field took (typed before the window was up, or while the hits have the
        focus): letters and Backspace go into the query; Enter before the field had the
        focus searches. True: taken."""
        found = self.query("#find-input")
        if not found:  # not composed yet: kept, and handed over once the field is there
            self._early.append(event)
            event.stop()
            event.prevent_default()
            return True
        field = found.first(FindInput)
        if self.focused is field and event.key != "enter" and not event.is_printable:
            return False
        if event.key == "enter" and self.focused is not field and self.focused is not None:
            return False  # the hits' own Enter: go to the hit
        if event.key == "enter":
            self.submit(field.value)
        elif event.is_printable and event.character:
            field.insert_text_at_cursor(event.character)
            self.set_focus(field)
        elif event.key == "backspace":
            field.action_delete_left()
            self.set_focus(field)
        else:
            return False
        event.stop()
        event.prevent_default()
        return True

    def run_search(self, query: str) -> None:
        count = self.query_one("#find-count", Static)
        table = self.query_one("#find-hits", DataTable)
        table.clear()
        if len(query.strip()) < MIN_QUERY:
            self.hits = []
            count.update(t("find.short", n=MIN_QUERY))
            return
        self.hits = search_record(self.record, query, self.bodies, value_text=value_with_unit)
        count.update(t("find.count", n=len(self.hits)) if self.hits else t("find.none"))
        for n, hit in enumerate(self.hits):
            table.add_row(
                Text(fmt_date(hit.date), end=""),
                Text(t(f"tab.{hit.pane.value}"), end=""),
                highlighted(query, hit.title),
                highlighted(query, hit.snippet),
                key=str(n),
            )

    @on(DataTable.RowSelected, "#find-hits")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value if event.row_key is not None else None
        if key is not None and key.isdigit() and int(key) < len(self.hits):
            self.dismiss(self.hits[int(key)])
