"""Danish texts of sign-in (merged into the Danish table by `sjtui.i18n`)."""

TEXTS: dict[str, str] = {
    "signin.title": "Log ind",
    "signin.intro": "Åbn adressen på din telefon eller i en browser, og indtast koden.",
    "signin.again": "Din adgang er udløbet. Log ind igen; skærmbilledet bevares.",
    "signin.url": "Adresse",
    "signin.code": "Kode",
    "signin.qr": "Eller scan QR-koden:",
    "signin.starting": "Henter en kode …",
    "signin.waiting": "Venter på, at du logger ind …",
    "signin.done": "Logget ind som {name}.",
    "signin.expired": "Koden er udløbet. Tryk Enter for en ny kode.",
    "signin.denied": "Log ind blev afvist. Tryk Enter for at prøve igen.",
    "signin.failed": "Log ind mislykkedes: {reason} Tryk Enter for at prøve igen.",
    "signin.keys": "Enter: ny kode · Escape: annullér",
    "signin.cancelled": "Ikke logget ind: data kan ikke hentes, før du logger ind.",
    "status.user": "{name}",
    "status.user.asserted": "{name} (angivet af arbejdsstationen)",
    "status.user.none": "ikke logget ind",
}
