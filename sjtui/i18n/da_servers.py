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
    "fhir.detail.certificate": "Serverens certifikat kunne ikke godkendes. Forbindelsen er altid krypteret og kontrolleret; bruger regionen sin egen certifikatudsteder, skal it-afdelingen angive ca_bundle.",
    "fhir.detail.certificate-untrusted": "Serverens certifikat er udstedt af en certifikatudsteder, som denne computer ikke har tillid til. Bruger regionen sin egen, skal it-afdelingen angive ca_bundle.",
    "fhir.detail.certificate-name": "Serverens certifikat er ikke udstedt til serverens navn (forkert adresse, eller nogen imellem).",
    "fhir.detail.certificate-expired": "Serverens certifikat er udløbet. Kontakt it-afdelingen.",
    "fhir.detail.certificate-not-yet-valid": "Serverens certifikat er ikke gyldigt endnu. Tjek computerens ur.",
}
