"""Lars Henrik Kristensen's clinical notes: who wrote them and their texts (epicrises, outpatient,
nursing and GP notes). One nurse note quotes text with square brackets (a hostile string for Rich)."""

from __future__ import annotations

DR = "Overlæge Mads Kjeldgaard, Lungemedicinsk sengeafsnit"
DR2 = "Reservelæge Ida Brandt, Lungemedicinsk sengeafsnit"
RN = "Sygeplejerske Tina Overgaard, Lungemedicinsk sengeafsnit"
RN_NIGHT = "Sygeplejerske Jonas Holst (nattevagt), Lungemedicinsk sengeafsnit"
GP = "Praktiserende læge Hanne Mølgaard"

EPI_2019 = """Epikrise.
Indlagt med KOL-eksacerbation. Kendt svær KOL siden 2014, ryger fortsat 10 cigaretter dagligt.
CRP 48, ingen infiltrat på røntgen. Behandlet med prednisolon 37,5 mg i 5 dage og inhalationer.
Rygestop anbefalet; henvist til rygestopkursus i Vejen Kommune.
Diagnose: DJ441 KOL med akut eksacerbation.
"""

AMB_2024 = """Ambulant kontrol.
Åndenød ved mindste aktivitet, MRC 4. Røgfri siden 2022.
Spirometri: FEV1 0,82 l (28 %), FEV1/FVC 34 %. Eosinofile 0,35.
Vurdering: Meget svær KOL med hyppige eksacerbationer.
Plan: Spiolto skiftes til Trimbow 2 pust x 2 dagligt. Azithromycin-profylakse overvejes ved næste eksacerbation.
"""

EPI_2025 = """Epikrise.
Indlagt med KOL-eksacerbation og hyperkapni: pH 7,31, pCO2 7,9 kPa. Akut NIV i 1 døgn med god effekt.
Udskrevet efter 6 dage. Azithromycin 250 mg 3 gange ugentligt opstartet som forebyggelse.
Diagnose: DJ441; DJ960 Akut respirationsinsufficiens.
"""

GP_2025 = """Konsultation med datter.
Datteren fortæller, at Lars glemmer aftaler og har svært ved at huske, hvad der blev sagt på sygehuset. Han klarer sig selv i hjemmet med lidt hjælp.
Orienteret om at vi følger det; vurderes igen efter vinteren. Informeret om at kontakte os ved forværring.
"""

SYG_2026_A = """Sygeplejenotat, nat.
Patienten urolig og desorienteret fra kl. 01. Ved ikke hvor han er, tror han er på arbejde. Ser dyr på væggen og personer i rummet ("syner"). Har trukket i iltslangen og forsøgt at forlade afsnittet i bar overkrop.
Pt. har skrevet på tavlen ved sengen: [GÅ HJEM] [/politi] [ring til Mette]
Vagtlæge tilkaldt. CAM-ICU positiv. Arteriepunktur: pCO2 8,8 kPa. Øget NIV-tid.
Quetiapin 12,5 mg givet kl. 03 efter ordination. Faldt til ro kl. 04. Fast vagt resten af natten.
"""

SYG_2026_B = """Sygeplejenotat.
Mere klar i dag, orienteret i tid og sted. Husker dele af natten og er ked af, at han "opførte sig forkert" over for personalet. Beroliget: det var et delir pga. sygdommen og kuldioxid i blodet.
Spiser lidt. Mobiliseres med rollator og ilt 1 l/min.
"""

EPI_2026 = """Epikrise.
Indlagt 08-10-2026 med svær KOL-eksacerbation og hyperkapnisk respirationsinsufficiens (pH 7,28, pCO2 9,1 kPa, pO2 6,5 kPa). Behandlet med NIV, ilt, prednisolon, doxycyklin og inhalationer.
Forløbet kompliceret af delirium natten til 10-10 og 11-10 med hallucinationer og uro. CT af cerebrum uden blødning eller infarkt, let generaliseret atrofi. Delirium behandlet med reorientering, fast vagt og kortvarigt quetiapin. Delirium svundet ved udskrivelse.
Ved udskrivelse: pH 7,38, pCO2 7,2 kPa uden ilt. Vedvarende hyperkapni.
Kognition: MoCA 22/30 ved udskrivelse; vanskeligt ved hukommelse og eksekutive funktioner. Mistanke om begyndende kognitiv svækkelse (ud over delirium). Egen læge bedes vurdere udredning i hukommelsesklinik om 2-3 måneder.
Bilkørsel: Patienten frarådes at føre motorkøretøj pga. kronisk hyperkapni, nylig delirium og nedsat kognition. Patienten er informeret mundtligt; han havde svært ved at huske informationen, hvorfor datter også er informeret.
Plan: Ambulant indlæggelse i lungemedicinsk dagafsnit mhp. afprøvning af hjemme-NIV (non-invasiv ventilation). Tid sendes i e-Boks; datter er informeret. Kommunal hjemmesygepleje er orienteret om behov for støtte til at overholde aftaler, herunder bestilling af transport.
Diagnoser: DJ441 KOL med akut eksacerbation; DJ961 Kronisk respirationsinsufficiens; DF050 Delirium uden demens.
"""

AMB_2026 = """Ambulant kontrol efter indlæggelse.
Mødt med hjemmesygeplejerske. Fortsat åndenød ved mindste aktivitet. Kan ikke redegøre for indlæggelsen eller for aftalen om NIV.
Arteriepunktur uden ilt: pH 7,37, pCO2 7,4 kPa, pO2 7,6 kPa.
Gentaget over for patienten og hjemmesygeplejersken: Lars frarådes fortsat at føre bil.
Plan: Ambulant indlæggelse 03-12-2026 til opstart af hjemme-NIV som planlagt. Transport bestilles af kommunen.
"""

GP_2026 = """Telefonkonsultation med hjemmesygeplejerske (samtykke foreligger).
Lars plages af erindringer fra indlæggelsen, hvor han så syner. Hjemmesygeplejersken har gennemgået indlæggelsen med ham, hvilket har lettet ham.
Blodprøver mhp. kognitiv svækkelse (B12, TSH, calcium) taget i dag. Henvisning til hukommelsesudredning efter NIV-opstart.
"""
