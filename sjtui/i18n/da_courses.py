"""Danish texts for the courses and diagnoses tab (issue #13)."""

TEXTS: dict[str, str] = {
    "tab.courses": "Forløb",
    "tab.courses.short": "Forløb",
    "col.diagnoses.short": "Diagn.",
    "col.period": "Periode",
    "col.diagnoses": "Diagnoser",
    "course.kind.inpatient": "Indlæggelse",
    "course.kind.outpatient": "Ambulant",
    "course.kind.episode": "Forløb",
    "course.kind.procedure": "Procedure",
    "course.kind.careplan": "Plan",
    "course.status.finished": "afsluttet",
    "course.status.active": "aktiv",
    "course.status.completed": "afsluttet",
    "course.status.planned": "planlagt",
    "course.status.cancelled": "aflyst",
    "course.status.arrived": "ankommet",
    "course.status.onleave": "på orlov",
    "course.status.waitlist": "på venteliste",
    "help.courses": (
        "Forløb og diagnoser: sygehusforløb, indlæggelser og ambulante besøg med diagnoser "
        "(SKS-kode og tekst), datoer og afdeling. Besøg står under deres forløb, procedurer og "
        "planer under det besøg eller forløb, de hører til. Alle lister kan filtreres på forløb."
    ),
}
