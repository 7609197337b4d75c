"""Courses and diagnoses ("Forløb og diagnoser"): episodes, admissions and outpatient
courses with every diagnosis (code and text), dates and department; an Encounter is listed
under its EpisodeOfCare, and procedures and care plans under the course they belong to.

The nesting is built from what is shown: when a filter hides a course's parent, the course
stands at the top level itself, so nothing the filter matched is ever lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sjtui.i18n import t
from sjtui.record.entries import Course, Diagnosis
from sjtui.record.model import Pane, PaneData, Record
from sjtui.ui.formatting import fmt_date
from sjtui.ui.panes.base import ListPane
from sjtui.ui.render import literal
from sjtui.ui.widgets.entry_list import Row

KINDS = {"inpatient", "outpatient", "episode", "procedure", "careplan"}
STATUSES = {
    "draft",
    "on-hold",
    "in-progress",
    "not-done",
    "stopped",
    "preparation",
    "unknown",
    "revoked",
    "finished",
    "active",
    "completed",
    "planned",
    "cancelled",
    "arrived",
    "onleave",
    "waitlist",
}
MAX_DEPTH = 3


def parent_key(course: Course, keys: set[str]) -> str:
    """The shown course this one is listed under ("" for the top level)."""
    if course.kind in ("procedure", "careplan") and course.course_key in keys:
        return course.course_key
    if course.episode_key in keys:
        return course.episode_key
    return ""


def nested(items: Sequence[Course]) -> list[tuple[int, Course]]:
    """(depth, course) in display order: each course followed by its members, newest first
    at every level (the pane's items are already newest first)."""
    keys = {c.resource_key for c in items}
    children: dict[str, list[Course]] = {}
    for course in items:
        children.setdefault(parent_key(course, keys), []).append(course)
    out: list[tuple[int, Course]] = []
    seen: set[str] = set()

    def walk(parent: str, depth: int) -> None:
        for course in children.get(parent, ()):
            if course.resource_key in seen:
                continue  # a cycle in junk data: each course once
            seen.add(course.resource_key)
            out.append((depth, course))
            walk(course.resource_key, min(depth + 1, MAX_DEPTH))

    walk("", 0)
    out.extend((0, c) for c in items if c.resource_key not in seen)  # cycles only
    return out


def diagnosis_text(diagnosis: Diagnosis) -> str:
    """ "DJ441 KOL i exacerbation" (the code first, when there is one)."""
    return " ".join(p for p in (diagnosis.code, diagnosis.text) if p)


def shown_diagnoses(course: Course, items: Sequence[Course]) -> tuple[Diagnosis, ...]:
    """A course's own diagnoses; an episode without any shows those of its encounters
    (each once), which is what its course is about."""
    if course.diagnoses or course.kind != "episode":
        return course.diagnoses
    found: dict[tuple[str, str], Diagnosis] = {}
    for member in items:
        if member.episode_key == course.resource_key:
            for diagnosis in member.diagnoses:
                found.setdefault((diagnosis.code, diagnosis.text), diagnosis)
    return tuple(found.values())


def branch(depth: int) -> str:
    """The mark in front of a member's kind: "└ " under its course, "└─ " one level deeper
    (text, so it reads the same without colour and in a screen reader's copy)."""
    return "" if depth <= 0 else "└" + "─" * (depth - 1) + " "


def period_text(course: Course) -> str:
    start = fmt_date(course.date) if course.date else "?"
    if course.end is None:
        return start if course.kind == "procedure" else f"{start}–"
    end = fmt_date(course.end)
    return start if end == start else f"{start}–{end}"


class CoursesPane(ListPane):
    PANE = Pane.COURSES
    HELP_KEY = "help.courses"
    COLUMNS = ("col.new", "col.period", "col.type", "col.title", "col.diagnoses", "col.source", "col.status")
    FLEX = (("col.source", 14), ("col.diagnoses", 24), ("col.title", 24))
    DROP = ("col.status", "col.source")  # at 80 columns: shown in full under the list
    TEXT_FILTER = True
    COURSE_FILTER = False

    def rows(self, items: Sequence[Course], data: PaneData[Any], record: Record) -> list[Row]:
        rows: list[Row] = []
        for depth, course in nested(items):
            kind = t(f"course.kind.{course.kind}") if course.kind in KINDS else course.kind
            status = t(f"course.status.{course.status}") if course.status in STATUSES else course.status
            diagnoses = "; ".join(diagnosis_text(d) for d in shown_diagnoses(course, items)) or course.diagnosis
            style = "bold" if depth == 0 else ""
            rows.append(
                Row(
                    course.resource_key,
                    (
                        self.new_cell(course, data),
                        period_text(course),
                        literal(branch(depth) + kind, style),
                        literal(course.title, style),
                        literal(diagnoses),
                        literal(course.source.label()),
                        literal(status),
                    ),
                )
            )
        return rows
