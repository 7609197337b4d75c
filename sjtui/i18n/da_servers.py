"""Danish texts for data from other systems (merged into the Danish table by `sjtui.i18n`)."""

TEXTS: dict[str, str] = {
    "ov.procedures": "Seneste procedurer",
    "ov.care_plans": "Planer",
    "course.status.draft": "udkast",
    "course.status.on-hold": "sat på pause",
    "course.status.in-progress": "i gang",
    "course.status.not-done": "ikke udført",
    "course.status.stopped": "afbrudt",
    "course.status.preparation": "forberedes",
    "course.status.unknown": "status ukendt",
    "course.status.revoked": "tilbagekaldt",
}
