"""The record tabs, one module per pane, in tab order."""

from __future__ import annotations

from sjtui.record.model import Pane
from sjtui.ui.panes.access_log import AccessLogPane
from sjtui.ui.panes.appointments import AppointmentsPane
from sjtui.ui.panes.base import RecordPane
from sjtui.ui.panes.basic import BasicPane
from sjtui.ui.panes.courses import CoursesPane
from sjtui.ui.panes.home import HomePane
from sjtui.ui.panes.imaging import ImagingPane
from sjtui.ui.panes.labs import LabsPane
from sjtui.ui.panes.medication import MedicationPane
from sjtui.ui.panes.notes import NotesPane
from sjtui.ui.panes.overview import OverviewPane
from sjtui.ui.panes.vaccinations import VaccinationsPane

PANE_CLASSES: dict[Pane, type[RecordPane]] = {
    Pane.OVERVIEW: OverviewPane,
    Pane.NOTES: NotesPane,
    Pane.LABS: LabsPane,
    Pane.IMAGING: ImagingPane,
    Pane.MEDICATION: MedicationPane,
    Pane.VACCINATIONS: VaccinationsPane,
    Pane.HOME: HomePane,
    Pane.APPOINTMENTS: AppointmentsPane,
    Pane.BASIC: BasicPane,
    Pane.ACCESS_LOG: AccessLogPane,
    Pane.COURSES: CoursesPane,
}

__all__ = ["PANE_CLASSES", "RecordPane"]
