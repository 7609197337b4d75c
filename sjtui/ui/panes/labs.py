"""Laboratory results: value, unit, reference range and H/L flag as text; panels (blood gas,
spirometry) and microbiology (organism and S/I/R susceptibility) shown expanded."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult

from sjtui.record.cumulative import build_cumulative
from sjtui.record.entries import LabResult
from sjtui.record.model import Pane, PaneData, Record
from sjtui.ui.honest import date_cell
from sjtui.ui.panes.base import ListPane
from sjtui.ui.panes.cells import flag_cell, measured_cell, range_cell, sir_cell, unit_cell
from sjtui.ui.panes.filtering import apply_filter
from sjtui.ui.render import literal, short
from sjtui.ui.widgets.cumulative_view import CumulativeView
from sjtui.ui.widgets.entry_list import EntryList, Row

BLANK = Text("", end="")
# Widths chosen so date, value, unit, reference and the H/L flag always fit in 120 columns;
# long names are cut with "…" (the full text is in the filter list and the help).
NAME_WIDTH = 30
CONCLUSION_WIDTH = 30


class LabsPane(ListPane):
    PANE = Pane.LABS
    HELP_KEY = "help.labs"
    COLUMNS = (
        "col.new",
        "col.date",
        "col.analysis",
        "col.value",
        "col.unit",
        "col.reference",
        "col.flag",
        "col.source",
    )
    # Values are short numbers; only the long words of microbiology ("I (intermediær)") and
    # rare units are cut, and only on a narrow screen.
    FLEX = (("col.source", 12), ("col.analysis", 22), ("col.value", 9), ("col.unit", 8))
    TEXT_FILTER = True

    def rows(self, items: Sequence[LabResult], data: PaneData[Any], record: Record) -> list[Row]:
        rows: list[Row] = []
        for lab in items:
            key = lab.resource_key
            when = date_cell(lab.date, self.today)
            source = literal(lab.source.label())
            new = self.new_cell(lab, data)
            if lab.kind == "microbiology":
                organism = lab.organism or lab.value
                rows.append(
                    Row(key, (new, when, literal(lab.name, "bold"), BLANK, BLANK, BLANK, flag_cell(lab.flag), source))
                )
                if organism:
                    rows.append(
                        Row(
                            f"~{key}#o",
                            (
                                BLANK,
                                BLANK,
                                short("   " + organism, NAME_WIDTH, "bold"),
                                BLANK,
                                BLANK,
                                BLANK,
                                BLANK,
                                BLANK,
                            ),
                        )
                    )
                for n, s in enumerate(lab.susceptibilities):
                    rows.append(
                        Row(
                            f"~{key}#s{n}",
                            (
                                BLANK,
                                BLANK,
                                short("   " + s.antibiotic, NAME_WIDTH),
                                sir_cell(s.result),
                                BLANK,
                                BLANK,
                                BLANK,
                                BLANK,
                            ),
                        )
                    )
                if lab.conclusion:
                    rows.append(
                        Row(
                            f"~{key}#c",
                            (
                                BLANK,
                                BLANK,
                                short("   " + lab.conclusion, CONCLUSION_WIDTH, "italic"),
                                BLANK,
                                BLANK,
                                BLANK,
                                BLANK,
                                BLANK,
                            ),
                        )
                    )
            elif lab.components:
                rows.append(
                    Row(
                        key,
                        (
                            new,
                            when,
                            literal(lab.name, "bold"),
                            measured_cell(lab),
                            unit_cell(lab.unit),
                            range_cell(lab.reference),
                            flag_cell(lab.flag),
                            source,
                        ),
                    )
                )
                for n, c in enumerate(lab.components):
                    rows.append(
                        Row(
                            f"~{key}#m{n}",
                            (
                                BLANK,
                                BLANK,
                                short("   " + c.name, NAME_WIDTH),
                                measured_cell(c),
                                unit_cell(c.unit),
                                range_cell(c.reference),
                                flag_cell(c.flag),
                                BLANK,
                            ),
                        )
                    )
                if lab.conclusion:
                    rows.append(
                        Row(
                            f"~{key}#c",
                            (
                                BLANK,
                                BLANK,
                                short("   " + lab.conclusion, CONCLUSION_WIDTH, "italic"),
                                BLANK,
                                BLANK,
                                BLANK,
                                BLANK,
                                BLANK,
                            ),
                        )
                    )
            else:
                rows.append(
                    Row(
                        key,
                        (
                            new,
                            when,
                            literal(lab.name),
                            measured_cell(lab),
                            unit_cell(lab.unit),
                            range_cell(lab.reference),
                            flag_cell(lab.flag),
                            source,
                        ),
                    )
                )
        return rows

    # --- cumulative view (kumulativ visning): the same results as a table over time -------
    cumulative = False

    def compose_body(self) -> ComposeResult:
        yield from super().compose_body()
        view = CumulativeView(classes="cumulative")
        view.display = False
        yield view

    def toggle_cumulative(self) -> None:
        """Switch between the list and the cumulative table (the filters apply to both)."""
        self.cumulative = not self.cumulative
        if not self._built:
            return
        self.query_one(EntryList).display = not self.cumulative
        for line in self.query(".entry-full"):
            line.display = not self.cumulative
        view = self.query_one(CumulativeView)
        view.display = self.cumulative
        if self.record is not None:
            self.render_record(self.record)
        self.focus_within()

    def render_record(self, record: Record) -> None:
        super().render_record(record)
        if self.cumulative:
            items = apply_filter(
                list(record.labs.items), self.filter, today=self.today, record=record, bodies=self.bodies()
            )
            self.query_one(CumulativeView).show_table(build_cumulative(items))

    def focus_within(self) -> None:
        if self.cumulative and self._built:
            self.query_one(CumulativeView).focus()
        else:
            super().focus_within()
