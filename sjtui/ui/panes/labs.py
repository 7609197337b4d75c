"""Laboratory results: value, unit, reference range and H/L flag as text; panels (blood gas,
spirometry) and microbiology (organism and S/I/R susceptibility) shown expanded."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text

from sjtui.record.model import LabResult, Pane, PaneData, Record
from sjtui.ui.formatting import fmt_datetime
from sjtui.ui.panes.base import ListPane
from sjtui.ui.panes.cells import flag_cell, range_cell, sir_cell, value_cell
from sjtui.ui.render import literal, short
from sjtui.ui.widgets.entry_list import Row

BLANK = Text("", end="")
# Widths chosen so date, value, unit, reference and the H/L flag always fit in 120 columns;
# long names are cut with "…" (the full text is in the filter list and the help).
NAME_WIDTH = 30
CONCLUSION_WIDTH = 30


class LabsPane(ListPane):
    PANE = Pane.LABS
    HELP_KEY = "help.labs"
    COLUMNS = ("col.new", "col.date", "col.analysis", "col.value", "col.unit", "col.reference",
               "col.flag", "col.source")
    # Values are short numbers; only the long words of microbiology ("I (intermediær)") and
    # rare units are cut, and only on a narrow screen.
    FLEX = (("col.source", 12), ("col.analysis", 22), ("col.value", 9), ("col.unit", 8))
    TEXT_FILTER = True

    def rows(self, items: Sequence[LabResult], data: PaneData[Any], record: Record) -> list[Row]:
        rows: list[Row] = []
        for lab in items:
            key = lab.resource_key
            when = fmt_datetime(lab.date)
            source = literal(lab.source.label())
            new = self.new_cell(lab, data)
            if lab.kind == "microbiology":
                organism = lab.organism or lab.value
                rows.append(Row(key, (new, when, literal(lab.name, "bold"), BLANK,
                                      BLANK, BLANK, flag_cell(lab.flag), source)))
                if organism:
                    rows.append(Row(f"~{key}#o", (BLANK, BLANK, short("   " + organism, NAME_WIDTH, "bold"),
                                                  BLANK, BLANK, BLANK, BLANK, BLANK)))
                for n, s in enumerate(lab.susceptibilities):
                    rows.append(Row(f"~{key}#s{n}", (BLANK, BLANK, short("   " + s.antibiotic, NAME_WIDTH),
                                                     sir_cell(s.result), BLANK, BLANK, BLANK, BLANK)))
                if lab.conclusion:
                    rows.append(Row(f"~{key}#c", (BLANK, BLANK, short("   " + lab.conclusion, CONCLUSION_WIDTH, "italic"),
                                                  BLANK, BLANK, BLANK, BLANK, BLANK)))
            elif lab.components:
                rows.append(Row(key, (new, when, literal(lab.name, "bold"), value_cell(lab.value, lab.flag),
                                      literal(lab.unit), range_cell(lab.reference), flag_cell(lab.flag),
                                      source)))
                for n, c in enumerate(lab.components):
                    rows.append(Row(f"~{key}#m{n}", (BLANK, BLANK, short("   " + c.name, NAME_WIDTH),
                                                     value_cell(c.value, c.flag), literal(c.unit),
                                                     range_cell(c.reference), flag_cell(c.flag), BLANK)))
                if lab.conclusion:
                    rows.append(Row(f"~{key}#c", (BLANK, BLANK, short("   " + lab.conclusion, CONCLUSION_WIDTH, "italic"),
                                                  BLANK, BLANK, BLANK, BLANK, BLANK)))
            else:
                rows.append(Row(key, (new, when, literal(lab.name), value_cell(lab.value, lab.flag),
                                      literal(lab.unit), range_cell(lab.reference), flag_cell(lab.flag),
                                      source)))
        return rows
