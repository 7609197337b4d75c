"""Mikkel Dahl Jeppesen's clinical notes: who wrote them and their texts. One unmarked note holds
hostile text (Rich markup, ANSI/OSC escapes) so the UI's literal rendering is exercised."""

from __future__ import annotations

MC_RN = "Sygeplejerske Camilla Winther, Misbrugscenter Odense"
MC_DR = "Læge Thomas Bjerre, Misbrugscenter Odense"
PSY = "Overlæge Signe Aagaard, Psykiatrisk Afdeling Odense"
PSY2 = "Psykolog Nikolaj Strand, Psykiatrisk Afdeling Odense"
FAM = "Reservelæge Line Kirk, Fælles Akutmodtagelse"
GP = "Praktiserende læge Ole Brix"

# Deliberately hostile for a terminal UI: Rich markup, an unbalanced closing tag, an SGR colour
# escape and an OSC title-setting escape. Must be shown literally, never interpreted.
HOSTILE = (
    "[bold red]markup[/] [link=http://example.invalid]klik her[/link] [/] "
    "\u001b[31mRØD TEKST\u001b[0m \u001b]0;titel-ændret\u0007 :warning:"
)

MC_2019 = """Indskrivning i substitutionsbehandling.
33-årig mand med opioidafhængighed siden ca. 2012 (heroin, periodevis i.v.). Ingen overdoser. Bor alene i lejlighed, på kontanthjælp.
Tidligere forsøgt afrusning 2016.
Metadon opstartes 30 mg, optrappes efter klinik. Udlevering dagligt på centret. Urinscreening ugentligt.
Tilbudt hepatitis B-vaccination og hepatitis C-test.
"""

MC_2022 = """Lægenotat.
Ønsker at skifte fra metadon til buprenorphin/naloxon pga. sedation og ønske om at kunne arbejde.
Skift gennemført over 3 dage uden abstinenser af betydning. Suboxone 16/4 mg dagligt. Udlevering 2 gange ugentligt.
"""

MC_2026 = """Sygeplejenotat, telefon.
Borger har sendt SMS i går aftes, gengivet ordret: "{hostile}"
Vurderet som fejlsendt/utilsigtet tekst. Borger kontaktet i dag, er velbefindende og møder til udlevering som aftalt. Ingen tegn på sidemisbrug ved seneste urinscreening.
"""

PSY_2021 = """Ambulant psykiatrisk vurdering (dobbeltdiagnose).
Henvist fra misbrugscentret pga. nedtrykthed, søvnløshed og selvmordstanker uden planer.
Ingen psykotiske symptomer. Tidligere depressive episoder.
Diagnose: Periodisk depression, nuværende episode moderat.
Plan: Sertralin 50 mg, øges til 100 mg. Samtaleforløb. Kriseplan udarbejdet.
"""

PSY_EPI_2023 = """Epikrise, psykiatrisk indlæggelse.
Indlagt frivilligt i 9 dage med svær depressiv episode og selvmordstanker efter sidemisbrug af benzodiazepiner.
Quetiapin 200 mg til natten tillagt for søvn og angst. Olanzapin seponeret pga. vægtøgning.
Udskrevet til fortsat ambulant forløb og substitutionsbehandling.
Diagnose: DF332 Periodisk depression, svær episode uden psykotiske symptomer.
"""

PSY_2025 = """Ambulant samtale.
Stabil stemning, ingen selvmordstanker. Sover 6-7 timer. Ingen sidemisbrug ifølge misbrugscentret.
Fortsætter sertralin 100 mg og quetiapin 200 mg. Næste samtale om 3 måneder.
"""

FAM_2024 = """Akutnotat.
Absces på venstre underarm efter tidligere injektionssted. Ingen feber. CRP 34.
Incideret og drænet i lokalbedøvelse. Dicloxacillin i 7 dage. Sårkontrol hos egen læge.
"""
