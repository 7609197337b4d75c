"""English texts for data from other systems (merged into the English table by `sjtui.i18n`)."""

TEXTS: dict[str, str] = {
    "ov.procedures": "Latest procedures",
    "ov.care_plans": "Plans",
    "course.status.draft": "draft",
    "course.status.on-hold": "on hold",
    "course.status.in-progress": "in progress",
    "course.status.not-done": "not done",
    "course.status.stopped": "stopped",
    "course.status.preparation": "in preparation",
    "course.status.unknown": "status unknown",
    "course.status.revoked": "revoked",
}
