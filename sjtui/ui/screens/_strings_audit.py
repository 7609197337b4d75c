"""UI texts of the break-the-glass, lock, passphrase and audit review screens.

Kept apart from `sjtui/i18n/da.py`/`en.py` until the lead merges them there (same keys, so
the merge is a copy). `tr` looks a key up in the app's current language
(`sjtui.i18n.language()`), falls back to the global `t` table, then to Danish, then to the
key itself: a missing text is visible, never a crash.
"""

from __future__ import annotations

from sjtui.i18n import language, t

DA: dict[str, str] = {
    # --- break-the-glass (værdispring) -------------------------------------------------------
    "bg.title": "Værdispring",
    "bg.citizen": "Borger",
    "bg.hidden": "{n} privatmarkerede oplysninger er skjult.",
    "bg.hidden.one": "1 privatmarkeret oplysning er skjult.",
    "bg.hidden.unknown": "Der findes privatmarkerede oplysninger, som er skjult.",
    "bg.warning": "Oplysningerne er privatmarkeret af borgeren. Værdispring må kun ske, når det er "
    "nødvendigt for den aktuelle behandling, og registreres særskilt. Det gælder kun denne åbning.",
    "bg.reason": "Begrundelse for værdispring",
    "bg.reason.placeholder": "Hvorfor er oplysningerne nødvendige nu?",
    "bg.need_reason": "Skriv en begrundelse (mindst {n} tegn).",
    "bg.confirm": "Jeg bekræfter værdispring",
    "bg.need_confirm": "Sæt kryds i 'Jeg bekræfter værdispring' for at fortsætte.",
    "bg.submit": "Vis privatmarkerede oplysninger",
    "bg.cancel": "Annullér",
    "bg.keys": "Enter: videre · Mellemrum: sæt kryds · Ctrl+S: bekræft · Escape: annullér",
    # --- idle lock ----------------------------------------------------------------------------
    "lock.title": "sjtui er låst",
    "lock.explain": "Skærmen blev låst efter inaktivitet. Skriv din PIN-kode for at fortsætte.",
    "lock.pin": "PIN-kode",
    "lock.checking": "Kontrollerer ...",
    "lock.wrong": "Forkert PIN-kode. Prøv igen.",
    "lock.empty": "Skriv din PIN-kode.",
    "lock.failed": "PIN-koden kunne ikke kontrolleres. Prøv igen.",
    "lock.keys": "Enter: lås op · Ctrl+Q: afslut",
    "setpin.title": "Vælg en PIN-kode",
    "setpin.explain": "PIN-koden bruges til at låse skærmen op efter inaktivitet. "
    "Den gemmes kun som en saltet, langsom hash.",
    "setpin.pin": "PIN-kode (mindst {n} tegn)",
    "setpin.again": "Gentag PIN-kode",
    "setpin.short": "PIN-koden skal have mindst {n} tegn.",
    "setpin.mismatch": "De to PIN-koder er ikke ens.",
    "setpin.keys": "Enter: videre · Escape: annullér",
    "setpin.keys.required": "Enter: videre",
    # --- passphrase ---------------------------------------------------------------------------
    "pass.title": "Adgangsfrase",
    "pass.title.new": "Vælg en adgangsfrase",
    "pass.explain": "Adgangsfrasen låser den krypterede lokale journal og cache op.",
    "pass.explain.new": "Adgangsfrasen beskytter den krypterede lokale journal og cache. "
    "Den kan ikke gendannes, hvis den glemmes.",
    "pass.phrase": "Adgangsfrase",
    "pass.phrase.new": "Adgangsfrase (mindst {n} tegn)",
    "pass.again": "Gentag adgangsfrase",
    "pass.empty": "Skriv adgangsfrasen.",
    "pass.short": "Adgangsfrasen skal have mindst {n} tegn.",
    "pass.mismatch": "De to adgangsfraser er ikke ens.",
    "pass.checking": "Kontrollerer ...",
    "pass.wrong": "Forkert adgangsfrase.",
    "pass.keys": "Enter: videre · Escape: annullér",
    # --- audit review -------------------------------------------------------------------------
    "review.title": "Kontrol af opslag",
    "review.week": "Uge",
    "review.week.placeholder": "fx 2026-W47",
    "review.bad_week": "Skriv ugen som 2026-W47.",
    "review.loading": "Indlæser opslag ...",
    "review.count": "Uge {week}: {n} opslag, {done} gennemgået ({ok} berettigede, {bad} ikke berettigede).",
    "review.none": "Uge {week}: ingen opslag.",
    "review.failed": "Opslagene kunne ikke læses: {error}",
    "review.mark_failed": "Markeringen kunne ikke gemmes: {error}",
    "review.no_row": "Vælg først et opslag i tabellen.",
    "review.col.time": "Tidspunkt",
    "review.col.clinician": "Behandler",
    "review.col.cpr": "CPR",
    "review.col.basis": "Grundlag",
    "review.col.reason": "Begrundelse",
    "review.col.panes": "Faneblade",
    "review.col.btg": "Værdispring",
    "review.col.mark": "Vurdering",
    "review.basis.consent": "Samtykke",
    "review.basis.current-treatment": "Aktuelt forløb",
    "review.yes": "ja",
    "review.no": "nej",
    "review.offline": "offline",
    "review.mark.ok": "Berettiget",
    "review.mark.bad": "Ikke berettiget",
    "review.mark.none": "–",
    "review.detail.where": "Organisation, arbejdsstation",
    "review.detail.documents": "Dokumenter åbnet",
    "review.keys": "J: berettiget · U: ikke berettiget · R: kvittering · Enter: indlæs uge · Escape: tilbage",
    "review.comment.title.ok": "Berettiget opslag",
    "review.comment.title.bad": "Ikke berettiget opslag",
    "review.comment.about": "Opslag {time} af",
    "review.comment.label": "Kommentar (valgfri)",
    "review.comment.label.required": "Kommentar (påkrævet)",
    "review.comment.need": "Skriv en kommentar (mindst {n} tegn).",
    "review.comment.keys": "Enter: gem · Escape: annullér",
    "review.report.title": "Kvittering for kontrol, uge {week}",
    "review.report.making": "Udarbejder kvittering ...",
    "review.report.failed": "Kvitteringen kunne ikke udarbejdes: {error}",
    "review.report.file": "Gem som fil",
    "review.report.filename": "audit-kvittering-{week}.txt",
    "review.report.saved": "Gemt: {path}",
    "review.report.exists": "Filen findes allerede. Vælg et andet navn.",
    "review.report.save_failed": "Filen kunne ikke gemmes: {error}",
    "review.report.need_name": "Skriv et filnavn.",
    "review.report.keys": "Enter i filnavn eller Ctrl+S: gem · Escape: luk",
}

EN: dict[str, str] = {
    "bg.title": "Break the glass",
    "bg.citizen": "Citizen",
    "bg.hidden": "{n} private-marked items are hidden.",
    "bg.hidden.one": "1 private-marked item is hidden.",
    "bg.hidden.unknown": "There are hidden private-marked items.",
    "bg.warning": "The citizen has marked this information private. Break the glass only when it "
    "is necessary for the current treatment; it is logged separately. It applies to this "
    "opening only.",
    "bg.reason": "Reason for breaking the glass",
    "bg.reason.placeholder": "Why is the information needed now?",
    "bg.need_reason": "Write a reason (at least {n} characters).",
    "bg.confirm": "I confirm breaking the glass",
    "bg.need_confirm": "Tick 'I confirm breaking the glass' to go on.",
    "bg.submit": "Show private-marked items",
    "bg.cancel": "Cancel",
    "bg.keys": "Enter: next · Space: tick · Ctrl+S: confirm · Escape: cancel",
    "lock.title": "sjtui is locked",
    "lock.explain": "The screen was locked after inactivity. Enter your PIN to go on.",
    "lock.pin": "PIN",
    "lock.checking": "Checking ...",
    "lock.wrong": "Wrong PIN. Try again.",
    "lock.empty": "Enter your PIN.",
    "lock.failed": "The PIN could not be checked. Try again.",
    "lock.keys": "Enter: unlock · Ctrl+Q: quit",
    "setpin.title": "Choose a PIN",
    "setpin.explain": "The PIN unlocks the screen after inactivity. "
    "It is stored only as a salted slow hash.",
    "setpin.pin": "PIN (at least {n} characters)",
    "setpin.again": "Repeat PIN",
    "setpin.short": "The PIN must have at least {n} characters.",
    "setpin.mismatch": "The two PINs differ.",
    "setpin.keys": "Enter: next · Escape: cancel",
    "setpin.keys.required": "Enter: next",
    "pass.title": "Passphrase",
    "pass.title.new": "Choose a passphrase",
    "pass.explain": "The passphrase unlocks the encrypted local journal and cache.",
    "pass.explain.new": "The passphrase protects the encrypted local journal and cache. "
    "It cannot be recovered if forgotten.",
    "pass.phrase": "Passphrase",
    "pass.phrase.new": "Passphrase (at least {n} characters)",
    "pass.again": "Repeat passphrase",
    "pass.empty": "Enter the passphrase.",
    "pass.short": "The passphrase must have at least {n} characters.",
    "pass.mismatch": "The two passphrases differ.",
    "pass.checking": "Checking ...",
    "pass.wrong": "Wrong passphrase.",
    "pass.keys": "Enter: next · Escape: cancel",
    "review.title": "Review of look-ups",
    "review.week": "Week",
    "review.week.placeholder": "e.g. 2026-W47",
    "review.bad_week": "Write the week like 2026-W47.",
    "review.loading": "Loading look-ups ...",
    "review.count": "Week {week}: {n} look-ups, {done} reviewed ({ok} justified, {bad} not justified).",
    "review.none": "Week {week}: no look-ups.",
    "review.failed": "The look-ups could not be read: {error}",
    "review.mark_failed": "The mark could not be saved: {error}",
    "review.no_row": "Choose a look-up in the table first.",
    "review.col.time": "Time",
    "review.col.clinician": "Clinician",
    "review.col.cpr": "CPR",
    "review.col.basis": "Basis",
    "review.col.reason": "Reason",
    "review.col.panes": "Tabs",
    "review.col.btg": "Break-glass",
    "review.col.mark": "Assessment",
    "review.basis.consent": "Consent",
    "review.basis.current-treatment": "Current treatment",
    "review.yes": "yes",
    "review.no": "no",
    "review.offline": "offline",
    "review.mark.ok": "Justified",
    "review.mark.bad": "Not justified",
    "review.mark.none": "–",
    "review.detail.where": "Organisation, workstation",
    "review.detail.documents": "Documents opened",
    "review.keys": "J: justified · U: not justified · R: report · Enter: load week · Escape: back",
    "review.comment.title.ok": "Justified look-up",
    "review.comment.title.bad": "Look-up not justified",
    "review.comment.about": "Look-up {time} by",
    "review.comment.label": "Comment (optional)",
    "review.comment.label.required": "Comment (required)",
    "review.comment.need": "Write a comment (at least {n} characters).",
    "review.comment.keys": "Enter: save · Escape: cancel",
    "review.report.title": "Review report, week {week}",
    "review.report.making": "Producing the report ...",
    "review.report.failed": "The report could not be produced: {error}",
    "review.report.file": "Save as file",
    "review.report.filename": "audit-report-{week}.txt",
    "review.report.saved": "Saved: {path}",
    "review.report.exists": "The file exists already. Choose another name.",
    "review.report.save_failed": "The file could not be saved: {error}",
    "review.report.need_name": "Enter a file name.",
    "review.report.keys": "Enter in the file name or Ctrl+S: save · Escape: close",
}

_TABLES: dict[str, dict[str, str]] = {"da": DA, "en": EN}


def tr(key: str, /, **kw: object) -> str:
    """The text for `key` in the app's current language, formatted with `kw`."""
    table = _TABLES.get(language(), DA)
    text = table.get(key) or DA.get(key)
    if text is None:
        return t(key, **kw)  # after the merge into sjtui.i18n the key lives there
    if kw:
        try:
            return text.format(**kw)
        except (KeyError, IndexError, ValueError):
            return text
    return text
