"""The panes of a record (`Pane`), alone in a module: the key bindings of the first screen
name the tabs, and importing the whole model for that cost cold start. `sjtui.record.model`
re-exports it."""

from __future__ import annotations

from enum import StrEnum


class Pane(StrEnum):
    """The panes of a record, in tab order. Values are stable ids (bindings, audit, cache)."""

    OVERVIEW = "overview"
    NOTES = "notes"
    LABS = "labs"
    IMAGING = "imaging"
    MEDICATION = "medication"
    VACCINATIONS = "vaccinations"
    HOME = "home"
    APPOINTMENTS = "appointments"
    BASIC = "basic"
    ACCESS_LOG = "access_log"
    CAVE = "cave"  # shown in the banner on every tab, and has its own section on the overview
    COURSES = "courses"  # admissions / outpatient courses, used as a filter and on the overview
    REGISTRATIONS = "registrations"  # living will and organ donor register (on the basic card)
