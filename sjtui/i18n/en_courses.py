"""English texts for the courses and diagnoses tab (issue #13)."""

TEXTS: dict[str, str] = {
    "tab.courses": "Courses",
    "tab.courses.short": "Courses",
    "col.diagnoses.short": "Diagn.",
    "col.period": "Period",
    "col.diagnoses": "Diagnoses",
    "course.kind.inpatient": "Admission",
    "course.kind.outpatient": "Outpatient",
    "course.kind.episode": "Course",
    "course.kind.procedure": "Procedure",
    "course.kind.careplan": "Plan",
    "course.status.finished": "finished",
    "course.status.active": "active",
    "course.status.completed": "completed",
    "course.status.planned": "planned",
    "course.status.cancelled": "cancelled",
    "course.status.arrived": "arrived",
    "course.status.onleave": "on leave",
    "course.status.waitlist": "on the waiting list",
    "help.courses": (
        "Courses and diagnoses: hospital courses, admissions and outpatient visits with their "
        "diagnoses (SKS code and text), dates and department. Visits are listed under their "
        "course, procedures and plans under the visit or course they belong to. Every list can "
        "be filtered by course."
    ),
}
