"""Danish texts of the basic card's living will and organ donor section (issue #13)."""

TEXTS: dict[str, str] = {
    "reg.title": "Livstestamente og organdonation",
    "reg.kind.living-will": "Livstestamente",
    "reg.kind.organ-donor": "Organdonation",
    "reg.none_here": "Ingen registrering fundet på denne server (det betyder ikke, at borgeren ikke er registreret)",
    "reg.registered_on": "Registreret {date}",
    "reg.source": "Kilde:",
    "reg.donor.yes": "Tilmeldt Organdonorregistret: ja til donation af alle organer",
    "reg.donor.limited": "Tilmeldt Organdonorregistret: ja, med begrænsning",
    "reg.donor.only": "Kun:",
    "reg.donor.except": "Ikke:",
    "reg.donor.no": "Tilmeldt Organdonorregistret: nej til organdonation",
    "reg.donor.relatives": "Tilmeldt Organdonorregistret: de pårørende træffer beslutningen",
    "reg.donor.unstated": "Tilmeldt Organdonorregistret, men beslutningen kan ikke aflæses (se kilden)",
    "reg.will.registered": "Oprettet i Livstestamenteregistret",
    "reg.will.asks": "Ønske:",
    "reg.will.covers": "Gælder i disse situationer:",
    "reg.will.no_situations": "Hvilke situationer det gælder, kan ikke aflæses (se kilden)",
    "reason.unsupported": "serveren understøtter ikke opslaget",
}
