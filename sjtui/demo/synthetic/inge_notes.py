"""Inge Margrethe Holm's clinical notes: who wrote them and their texts (diabetes and heart failure
clinics, the 2024 and 2026 admissions, the GP's telephone note)."""

from __future__ import annotations

KARDIO = "Overlæge Per Damgaard, Kardiologisk ambulatorium"
ENDO = "Afdelingslæge Rikke Holmgaard, Endokrinologisk ambulatorium"
MED = "Reservelæge Emil Vad, Medicinsk afdeling M"
RN = "Sygeplejerske Gitte Lauridsen, Medicinsk afdeling M"
GP = "Praktiserende læge Jens Vestergaard"

ENDO_2019 = """Ambulant diabeteskontrol.
78-årig kvinde med type 2-diabetes siden 2005, hjertesvigt og atrieflimren. Bor alene, hjemmepleje morgen og aften.
HbA1c 62 mmol/mol. Ingen hypoglykæmier. Fødder uden sår.
Plan: Insulin glargin 10 E til natten opstartes; hjemmeplejen administrerer. Metformin fortsætter. Kontrol om 6 måneder.
"""

KARDIO_2021 = """Hjertesvigtsklinikken.
Ekkokardiografi: LVEF 30 %, dilateret venstre ventrikel. NYHA II-III. Ankelødemer.
NT-proBNP 1850 ng/l. Kalium 4,4, eGFR 44.
Plan: Enalapril skiftes til Entresto 24/26 mg x 2. Jardiance 10 mg opstartes. Daglig vejning via hjemmeplejen; ved vægtøgning over 2 kg på 3 dage kontaktes egen læge.
"""

EPI_2024 = """Epikrise.
Indlagt med inkompenseret hjertesvigt: vægtøgning 4 kg, ødemer til knæene, åndenød om natten.
Behandlet med i.v. furosemid, vægttab 3,8 kg. Kreatinin steg fra 112 til 131, faldet igen til 118 ved udskrivelse.
Furosemid øget til 40 mg x 1. Hjemmeplejen er orienteret om daglig vejning.
Diagnose: DI500 Kongestivt hjertesvigt.
"""

SYG_2026 = """Sygeplejenotat.
Indlagt efter fald i hjemmet, fundet af hjemmeplejen om morgenen. Konfus, feber 38,4. Urinstix: leukocytter og nitrit positiv. Urin sendt til dyrkning.
CAVE penicillin (anafylaksi). Ingen frakturer ved røntgen af hofte.
Faldrisiko: oprettet advarsel. Bruger rollator; hjælp til forflytning.
"""

EPI_2026 = """Epikrise.
Indlagt med urinvejsinfektion og fald i hjemmet. Urindyrkning: Escherichia coli, følsom for ciprofloxacin og mecillinam. Pga. penicillinallergi (anafylaksi) er mecillinam ikke anvendt; behandlet med ciprofloxacin i 7 dage.
Let akut nyrepåvirkning (kreatinin 158), normaliseret til 136 ved udskrivelse. Metformin er tidligere seponeret.
Faldudredning: ortostatisk blodtryksfald; bisoprolol uændret, fysioterapi i kommunen.
Diagnoser: DN390 Urinvejsinfektion; DR296 Tendens til fald.
"""

KARDIO_2026 = """Hjertesvigtsklinikken.
Kalium 5,7 mmol/l og eGFR 29. Spironolacton pauseres. Ny kaliumkontrol om 1 uge via egen læge.
Vægt stabil omkring 71 kg. Blodtryk 118/64.
Plan: Fortsat Entresto, bisoprolol, furosemid og Jardiance. Kontrol om 3 måneder.
"""

GP_2026 = """Telefonnotat, henvendelse fra hjemmesygeplejen.
Vægtøgning 2,1 kg på 3 dage, lette ankelødemer, ikke åndenød i hvile. BT 142/78.
Plan: Furosemid øges til 80 mg dagligt i 3 dage, derefter tilbage til 40 mg. Hjemmesygeplejen fortsætter daglig vejning og melder tilbage fredag. Kaliumkontrol næste uge.
"""
