"""Danish texts of the audit trail's integrity, break-the-glass marks, access-log words and
the auditor's review (issue 12), merged into the Danish table by `sjtui.i18n`."""

TEXTS: dict[str, str] = {
    # --- the journal's integrity at start-up ---------------------------------------------------
    "audit.integrity.title": "Audit-loggen",
    "audit.integrity.warning": "Audit-loggen på denne maskine er ikke hel: der mangler eller er ændret "
    "registreringer. Hændelsen er registreret og sendes til serveren som en sikkerhedshændelse. "
    "Giv besked til kommunens audit-ansvarlige. F8 viser detaljer.",
    "audit.integrity.detail_title": "Audit-loggen er ikke hel",
    # --- break-the-glass on screen -------------------------------------------------------------
    "pane.revealed_mark": "[Værdispring]",
    "record.break_glass_active": "Værdispring er aktivt for denne åbning. Begrundelse: {reason}",
    # --- access log: words, not codes ----------------------------------------------------------
    "access.purpose.TREAT": "Behandling",
    "access.purpose.BTG": "Værdispring",
    "access.purpose.ETREAT": "Akut behandling",
    "access.purpose.COC": "Koordinering af behandling",
    "access.purpose.PATRQT": "Borgerens anmodning",
    "access.purpose.HPAYMT": "Betaling",
    "access.search": "Søgning",
    # --- the lock asks for what it checks --------------------------------------------------------
    "lock.explain.passphrase": "Skærmen blev låst efter inaktivitet. Skriv din adgangsfrase (den der "
    "låser den lokale journal og cache op) for at fortsætte.",
    "lock.passphrase": "Adgangsfrase",
    "lock.wrong.passphrase": "Forkert adgangsfrase. Prøv igen.",
    "lock.empty.passphrase": "Skriv din adgangsfrase.",
    "lock.failed.passphrase": "Adgangsfrasen kunne ikke kontrolleres. Prøv igen.",
    "lock.blocked": "For mange forkerte forsøg. PIN-koden er spærret: afslut med Ctrl+Q og start "
    "sjtui igen (du vælger en ny PIN-kode).",
    # --- the key file ----------------------------------------------------------------------------
    "audit.key.title": "Nøglen",
    "audit.key.warning": "Nøglefilen var væk eller beskadiget og er genskabt fra sin kopi, eller "
    "nøglen er nulstillet. Hændelsen er registreret og sendes til serveren. F8 viser detaljer.",
    "audit.key.detail_title": "Nøglefilen",
    # --- the auditor's review ----------------------------------------------------------------------
    "review.not_auditor": "Kontrol af opslag er forbeholdt revisorrollen. Log ind som revisor.",
    "review.server_included": "Opslag fra alle arbejdsstationer (serveren) er med.",
    "review.server_failed": "Serverens opslag kunne ikke hentes ({error}); kun denne maskines log vises.",
}
