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
    "fhir.detail.certificate": "The server's certificate could not be verified. TLS is always verified; if the region uses its own certificate authority, IT must set ca_bundle.",
    "fhir.detail.certificate-untrusted": "The server's certificate is signed by a certificate authority this computer does not trust. If the region uses its own, IT must set ca_bundle.",
    "fhir.detail.certificate-name": "The server's certificate is not issued for the server's name (a wrong address, or someone in between).",
    "fhir.detail.certificate-expired": "The server's certificate has expired. Contact IT.",
    "fhir.detail.certificate-not-yet-valid": "The server's certificate is not valid yet. Check the computer's clock.",
}
