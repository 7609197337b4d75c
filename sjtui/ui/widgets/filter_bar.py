"""A filter line above a list: source, course (forløb), period, and free text.

Compact one-line widgets; emits `FilterBar.Changed` with a `UiFilter`. The filtering itself
lives in `sjtui.record.filters` (no Textual there)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Select

from sjtui.i18n import t
from sjtui.ui.render import literal
from sjtui.ui.widgets.calm import CalmInput

PERIODS = ("all", "30", "90", "365")


@dataclass(frozen=True, slots=True)
class UiFilter:
    source: str = ""  # Source.label()
    course: str = ""  # course_key
    days: int | None = None
    text: str = ""

    @property
    def active(self) -> bool:
        return bool(self.source or self.course or self.days or self.text)


class FilterBar(Horizontal):
    class Changed(Message):
        def __init__(self, bar: FilterBar, value: UiFilter) -> None:
            super().__init__()
            self.bar = bar
            self.value = value

    def __init__(
        self,
        *,
        text: bool = True,
        courses: bool = True,
        courses_when_linked: bool = False,
        initial: UiFilter | None = None,
        **kwargs: Any,
    ) -> None:
        """`courses_when_linked`: the course chooser is shown only while some entry of the
        pane belongs to a course (lists that are seldom linked to one, e.g. medication).
        `initial`: the period and text it starts with (a function profile's default filter)."""
        super().__init__(**kwargs)
        self._initial = initial or UiFilter()
        self._with_text = text
        self._with_courses = courses or courses_when_linked
        self._courses_when_linked = courses_when_linked
        self._sources: tuple[str, ...] = ()
        self._courses: tuple[tuple[str, str], ...] = ()

    def compose(self) -> ComposeResult:
        yield Select[str]([], prompt=t("filter.source.all"), compact=True, id="f-source")
        if self._with_courses:
            course = Select[str]([], prompt=t("filter.course.all"), compact=True, id="f-course")
            course.display = not self._courses_when_linked
            yield course
        yield Select[str](
            [(t(f"filter.period.{p}"), p) for p in PERIODS[1:]],
            prompt=t("filter.period.all"),
            compact=True,
            id="f-period",
            value=str(self._initial.days) if self._initial.days else Select.NULL,
        )
        if self._with_text:
            yield CalmInput(value=self._initial.text, placeholder=t("filter.text"), compact=True, id="f-text")

    def set_choices(self, sources: list[str], courses: list[tuple[str, str]]) -> None:
        """Offer the sources and courses present in the pane's data (label, key)."""
        if tuple(sources) != self._sources:
            self._sources = tuple(sources)
            select = self.query_one("#f-source", Select)
            keep = select.value
            select.set_options([(literal(s), s) for s in sources])
            if keep in sources:
                select.value = keep
        if self._with_courses and tuple(courses) != self._courses:
            self._courses = tuple(courses)
            select = self.query_one("#f-course", Select)
            keep = select.value
            select.set_options([(literal(label), key) for label, key in courses])
            if keep in [k for _, k in courses]:
                select.value = keep
            if self._courses_when_linked:
                select.display = bool(courses)

    def value(self) -> UiFilter:
        def sel(id_: str) -> str:
            found = self.query(f"#{id_}")
            if not found:
                return ""
            v = found.first(Select).value
            return v if isinstance(v, str) else ""

        period = sel("f-period")
        text = self.query_one("#f-text", Input).value if self._with_text else ""
        return UiFilter(
            source=sel("f-source"),
            course=sel("f-course"),
            days=int(period) if period else None,
            text=text.strip(),
        )

    def clear_part(self, part: str) -> None:
        """Clear one part of the filter ("source", "course", "days", "text"): a removed chip."""
        if part == "source":
            self.query_one("#f-source", Select).clear()
        elif part == "course" and self._with_courses:
            self.query_one("#f-course", Select).clear()
        elif part == "days":
            self.query_one("#f-period", Select).clear()
        elif part == "text" and self._with_text:
            self.query_one("#f-text", Input).value = ""

    def clear(self) -> None:
        for select in self.query(Select):
            select.clear()
        for field in self.query(Input):
            field.value = ""

    def focus_first(self) -> Input | None:
        """Focus the text field (else the source choice) at once, not a message round later:
        keys typed right after the filter key must find the focus already there. Returns the
        text field when it took the focus."""
        target = (self.query("#f-text") or self.query("#f-source")).first()
        self.screen.set_focus(target)
        return target if isinstance(target, Input) else None

    @on(Select.Changed)
    @on(Input.Changed)
    def _changed(self, event: Message) -> None:
        event.stop()
        self.post_message(self.Changed(self, self.value()))


class FilterTypeAhead:
    """Keys typed right after the filter key (`/`, F3) land in the filter field, in order.

    The filter key is acted on where the record screen first sees it (its `on_key`), not as a
    binding: a binding is looked up only once the key has travelled up to the app, and the
    keys typed right after it (one burst, or one packet over a slow SSH link) have by then
    gone to the list and are lost. Characters and Backspace that still reach the screen after
    the focus moved to the filter field were sent to the list before the move: they go into
    the field. Only the field the filter key focused is fed, and only while it has the focus.
    """

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        self._field: Input | None = None

    def armed(self, field: Input | None) -> None:
        self._field = field

    def route(self, event: events.Key, focused: object) -> bool:
        """Feed a typed-ahead key into the filter field; True when it was taken."""
        field = self._field
        if field is None or focused is not field:
            self._field = None
            return False
        if event.is_printable and event.character:
            field.insert_text_at_cursor(event.character)
        elif event.key == "backspace":
            field.action_delete_left()
        else:
            return False
        event.stop()
        event.prevent_default()
        return True
